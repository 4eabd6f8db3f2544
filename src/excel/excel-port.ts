/**
 * The WorkbookPort over Office.js: the only code (with render.ts) that calls Excel.run and
 * context.sync. Every action costs a constant number of syncs, whatever the number of
 * units, indicators and sheets: listSheets 1, writeSheets 2, readSheet(s) 2.
 */
import { sheetGridFromValues, type SheetGrid, type SheetState } from '../core/grid.js';
import type { SheetModel } from '../core/sheet-model.js';
import { freeSheetName, planSheetNames } from './names.js';
import { renderSheet } from './render.js';
import type { SheetInfo, WorkbookPort, WriteOptions, WriteResult } from './workbook-port.js';

const STATE: Record<string, SheetState> = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' };

/** The part of the Excel namespace the port needs; the in-memory workbook supplies the same. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** Print setup (worksheet.pageLayout) needs ExcelApi 1.9; older hosts write the sheets without it. */
function hostSupportsPageLayout(): boolean {
  try {
    return typeof Office !== 'undefined' && Office.context.requirements.isSetSupported('ExcelApi', '1.9');
  } catch {
    return false;
  }
}

function hostSupportsComments(): boolean {
  try {
    return typeof Office !== 'undefined' && Office.context.requirements.isSetSupported('ExcelApi', '1.10');
  } catch {
    return false;
  }
}

/**
 * range.formulas repeats constants; a text constant that starts with '=' (written with the
 * apostrophe prefix) must not come back as a formula. A formula's text never equals its value.
 */
function constantsAreNotFormulas(formulas: unknown[][], values: unknown[][]): unknown[][] {
  return formulas.map((row, i) => row.map((f, j) => (typeof f === 'string' && f.startsWith('=') && f !== values[i]?.[j] ? f : '')));
}

/** Two syncs: which sheets exist, then their used ranges. */
async function readSheets(host: ExcelHost, names: readonly string[]): Promise<SheetGrid[]> {
  return host.run(async (context) => {
    const sheets = names.map((name) => context.workbook.worksheets.getItemOrNullObject(name));
    await context.sync();
    const missing = names.filter((_, i) => sheets[i].isNullObject);
    if (missing.length) throw new Error(`找不到工作表${missing.map((n) => `“${n}”`).join('、')}`);
    const used = sheets.map((ws) => {
      ws.load('name,visibility');
      const range = ws.getUsedRangeOrNullObject(true);
      range.load('values,formulas,valueTypes,numberFormat,rowIndex,columnIndex');
      return range;
    });
    await context.sync();
    return sheets.map((ws, i) => {
      const state = STATE[ws.visibility] ?? 'visible';
      const range = used[i];
      if (range.isNullObject) return sheetGridFromValues(ws.name, [], { state });
      return sheetGridFromValues(ws.name, range.values, {
        state,
        formulas: constantsAreNotFormulas(range.formulas, range.values),
        valueTypes: range.valueTypes as string[][],
        numberFormats: range.numberFormat,
        origin: { row: range.rowIndex, col: range.columnIndex },
      });
    });
  });
}

export function createExcelPort(host: ExcelHost = Excel as unknown as ExcelHost): WorkbookPort {
  return {
    async listSheets(): Promise<SheetInfo[]> {
      return host.run(async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.load('items/name,items/visibility');
        await context.sync();
        return sheets.items.map((s) => ({ name: s.name, visibility: s.visibility as SheetInfo['visibility'] }));
      });
    },

    async writeSheets(models: readonly SheetModel[], options: WriteOptions = {}): Promise<WriteResult> {
      const mode = options.onConflict ?? 'rename';
      return host.run(async (context) => {
        let syncs = 0;
        const sheets = context.workbook.worksheets;
        sheets.load('items/name');
        await context.sync();
        syncs++;

        const existing = sheets.items.map((s) => s.name);
        const { plan, renames, taken } = planSheetNames(models, existing, mode);

        // A replaced sheet steps aside under a temporary name and is deleted after its successor exists,
        // so the workbook never runs out of visible sheets.
        const retired: Excel.Worksheet[] = [];
        for (const p of plan) {
          if (!p.replaces) continue;
          const old = sheets.getItem(p.replaces);
          const temp = freeSheetName(`~${p.replaces}`.slice(0, 28), taken);
          taken.add(temp);
          old.name = temp;
          retired.push(old);
        }

        const comments = hostSupportsComments() ? context.workbook.comments : null;
        const added = plan.map((p) => sheets.add(p.name));
        const pageLayout = hostSupportsPageLayout();
        plan.forEach((p, i) => renderSheet(added[i], p.model, p.name, { worksheets: sheets, renames, comments, pageLayout }));
        for (const old of retired) old.delete();
        const show = options.activate ? renames.get(options.activate) : plan.find((p) => (p.model.state ?? 'visible') === 'visible')?.name;
        if (show) sheets.getItem(show).activate();
        await context.sync();
        syncs++;
        return {
          written: plan.map((p) => ({ requested: p.model.name, name: p.name, replaced: p.replaces !== null })),
          syncs,
        };
      });
    },

    async readSheet(name: string): Promise<SheetGrid> {
      return (await readSheets(host, [name]))[0];
    },

    readSheets(names: readonly string[]): Promise<SheetGrid[]> {
      return readSheets(host, names);
    },
  };
}
