import { useCallback } from 'react';
import type { SheetModel } from '../../core/sheet-model.js';
import { sanitizeSheetName } from '../../core/sheet-model.js';
import type { ConflictMode, WriteResult } from '../../excel/workbook-port.js';
import { useServices } from '../services.js';

export type SheetWriter = (sheets: readonly SheetModel[], activate?: string) => Promise<(WriteResult & { totalSyncs: number }) | null>;

/**
 * Writes generated sheets; when any name is taken, asks first (keep and write "名称 (2)", or
 * replace). Returns null when the user cancels. Costs 1 + 2 syncs.
 */
export function useSheetWriter(ask: (names: string[]) => Promise<ConflictMode | null>): SheetWriter {
  const { port } = useServices();
  return useCallback(
    async (sheets, activate) => {
      if (!port) throw new Error('no workbook');
      const existing = await port.listSheets();
      const taken = new Set(existing.map((s) => s.name.toLowerCase()));
      const clashing = sheets.map((s) => sanitizeSheetName(s.name)).filter((n) => taken.has(n.toLowerCase()));
      let mode: ConflictMode = 'rename';
      if (clashing.length > 0) {
        const answer = await ask(clashing);
        if (!answer) return null;
        mode = answer;
      }
      const result = await port.writeSheets(sheets, { onConflict: mode, activate });
      return { ...result, totalSyncs: result.syncs + 1 };
    },
    [port, ask],
  );
}
