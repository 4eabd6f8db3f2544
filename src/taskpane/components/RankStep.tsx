import {
  Button,
  Field,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SheetInfo } from '../../excel/workbook-port.js';
import type { ImportResult, RankingOutput } from '../engine.js';
import { useI18n } from '../i18n/index.js';
import { formatDecimals } from '../format.js';
import { useServices } from '../services.js';
import type { PaneSettings } from '../settings.js';
import { FindingsTable } from './FindingsTable.js';
import { TaskStatus } from './TaskStatus.js';
import { useTask } from './useTask.js';
import type { SheetWriter } from './useSheetWriter.js';

export function RankStep({
  imported,
  settings,
  onSettings,
  write,
  active,
}: {
  imported: ImportResult | null;
  settings: PaneSettings;
  onSettings: (s: PaneSettings) => void;
  write: SheetWriter;
  active: boolean;
}) {
  const { t } = useI18n();
  const services = useServices();
  const task = useTask();
  const [sheets, setSheets] = useState<SheetInfo[]>([]);
  const [previous, setPrevious] = useState('');
  const [output, setOutput] = useState<RankingOutput | null>(null);
  const unitNames = useMemo(() => new Map((imported?.register.units ?? []).map((u) => [u.code, u.name])), [imported]);

  const refresh = useCallback(() => {
    services.port
      .listSheets()
      .then((list) => setSheets(list.filter((s) => s.visibility === 'Visible')))
      .catch(() => setSheets([]));
  }, [services]);

  useEffect(() => {
    if (active) refresh();
  }, [active, refresh]);

  // 排名设置 written with that ranking: same suffix ("城市排名 (2)" ↔ "排名设置 (2)").
  const settingsSheet = (() => {
    if (!previous) return null;
    const suffix = / \(\d+\)$/.exec(previous)?.[0] ?? '';
    const name = `排名设置${suffix}`.toLowerCase();
    return sheets.find((s) => s.name.toLowerCase() === name)?.name ?? null;
  })();

  const useLastYearSettings = () =>
    task.run(async () => {
      if (!previous || !settingsSheet) return null;
      const engine = await services.engine();
      const [ranking, stored] = await services.port.readSheets([previous, settingsSheet]);
      const { settings: next, summary } = await engine.previousSettings(ranking, stored, settings);
      onSettings(next);
      return t('rank.settingsApplied', { summary });
    });

  const run = () =>
    task.run(async () => {
      if (!imported) throw new Error(t('common.needImport'));
      const engine = await services.engine();
      // Last year's ranking and, when present, its 排名设置 (read together: one round trip), so the caliber can be compared.
      const [prevGrid, prevSettings] = previous
        ? await services.port.readSheets(settingsSheet ? [previous, settingsSheet] : [previous])
        : [null, undefined];
      const out = await engine.rank(imported, settings, prevGrid, prevSettings ?? null);
      const result = await write(out.sheets, out.mainSheet);
      if (!result) return null;
      setOutput(out);
      const sheet = result.written.find((w) => w.requested === out.mainSheet)?.name ?? out.mainSheet;
      const serious = out.findings.filter((f) => f.severity !== 'info').length;
      const extra = serious ? ` ${t('rollup.findings', { count: serious })}` : '';
      return { text: `${t('rank.done', { sheet })}${extra}${out.incomplete ? ` ${t('rank.incomplete')}` : ''}`, warning: out.incomplete };
    });

  return (
    <section className="sti-step" data-testid="step-rank">
      <Text as="p">{t('rank.intro')}</Text>
      {!imported && <Text className="sti-muted">{t('common.needImport')}</Text>}
      <Field label={t('rank.previous')}>
        <div className="sti-row">
          <Select data-testid="rank-previous" value={previous} onChange={(_, d) => setPrevious(d.value)}>
            <option value="">{t('rank.previousNone')}</option>
            {sheets.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </Select>
          <Button size="small" appearance="subtle" onClick={refresh}>
            {t('rank.refreshSheets')}
          </Button>
        </div>
      </Field>
      {settingsSheet && (
        <Button size="small" data-testid="rank-use-settings" disabled={task.busy} onClick={useLastYearSettings}>
          {t('rank.useSettings', { sheet: settingsSheet })}
        </Button>
      )}
      <div className="sti-actions">
        <Button appearance="primary" data-testid="rank-run" disabled={!imported || task.busy} onClick={run}>
          {t('rank.run')}
        </Button>
      </div>
      <TaskStatus task={task} testId="rank" />
      {output && (
        <div data-testid="rank-summary">
          <Table size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('rank.colRank')}</TableHeaderCell>
                <TableHeaderCell>{t('rank.colUnit')}</TableHeaderCell>
                <TableHeaderCell>{t('rank.colIndex')}</TableHeaderCell>
                <TableHeaderCell>{t('rank.colChange')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {[...output.rows]
                .sort((a, b) => (a.indexRank ?? Infinity) - (b.indexRank ?? Infinity))
                .map((r) => (
                  <TableRow key={r.unitName}>
                    <TableCell>{r.indexRank ?? '—'}</TableCell>
                    <TableCell>{r.unitName}</TableCell>
                    <TableCell>{r.index === null ? '—' : formatDecimals(r.index, 1)}</TableCell>
                    <TableCell>{r.rankChangeText ?? ''}</TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
          {output.notes.length > 0 && (
            <Text as="p" size={200} className="sti-muted">
              {t('rank.notes')}：{output.notes.join('；')}
            </Text>
          )}
          {output.findings.length > 0 && <FindingsTable findings={output.findings} unitNames={unitNames} />}
        </div>
      )}
    </section>
  );
}
