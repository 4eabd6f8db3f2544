import { Button, Field, Select } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { SheetGrid } from '../../core/grid.js';
import type { SheetInfo } from '../../excel/workbook-port.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';

/**
 * Last year's ranking sheet of this workbook, chosen by the statistician (排名 and 通报 steps):
 * the visible sheets (refreshed when the step shows), the choice, and its 排名设置 — written with
 * that ranking under the same suffix ("城市排名 (2)" ↔ "排名设置 (2)").
 */
export function usePreviousRanking(active: boolean) {
  const services = useServices();
  const [sheets, setSheets] = useState<SheetInfo[]>([]);
  const [previous, setPrevious] = useState('');

  const refresh = useCallback(() => {
    services.port
      .listSheets()
      .then((list) => setSheets(list.filter((s) => s.visibility === 'Visible')))
      .catch(() => setSheets([]));
  }, [services]);

  useEffect(() => {
    if (active) refresh();
  }, [active, refresh]);

  const settingsSheet = (() => {
    if (!previous) return null;
    const suffix = / \(\d+\)$/.exec(previous)?.[0] ?? '';
    const name = `排名设置${suffix}`.toLowerCase();
    return sheets.find((s) => s.name.toLowerCase() === name)?.name ?? null;
  })();

  /** The chosen ranking and its 排名设置 (read together: one round trip), or nulls. */
  const read = async (): Promise<{ ranking: SheetGrid | null; settings: SheetGrid | null }> => {
    if (!previous) return { ranking: null, settings: null };
    const [ranking, settings] = await services.port.readSheets(settingsSheet ? [previous, settingsSheet] : [previous]);
    return { ranking, settings: settings ?? null };
  };

  return { sheets, previous, setPrevious, refresh, settingsSheet, read };
}

/** The select of last year's ranking sheet, with a button to list the sheets again. */
export function PreviousRankingField({ picker, testId }: { picker: ReturnType<typeof usePreviousRanking>; testId: string }) {
  const { t } = useI18n();
  return (
    <Field label={t('rank.previous')}>
      <div className="sti-row">
        <Select data-testid={testId} value={picker.previous} onChange={(_, d) => picker.setPrevious(d.value)}>
          <option value="">{t('rank.previousNone')}</option>
          {picker.sheets.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </Select>
        <Button size="small" appearance="subtle" onClick={picker.refresh}>
          {t('rank.refreshSheets')}
        </Button>
      </div>
    </Field>
  );
}
