import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { ImportResult, RankingOutput } from '../engine-types.js';
import { useI18n } from '../i18n/index.js';
import { formatDecimals } from '../format.js';
import { countFindings } from '../findings-view.js';
import { useServices } from '../services.js';
import type { PaneSettings } from '../settings.js';
import { FindingsTable } from './FindingsTable.js';
import { PreviousRankingField, usePreviousRanking } from './PreviousRankingPicker.js';
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
  const [output, setOutput] = useState<RankingOutput | null>(null);
  // A new choice of last year's ranking makes the table shown stale: it goes.
  const picker = usePreviousRanking(active, () => setOutput(null));
  const { previous, settingsSheet } = picker;
  const unitNames = useMemo(() => new Map((imported?.register.units ?? []).map((u) => [u.code, u.name])), [imported]);

  const useLastYearSettings = () =>
    task.run(async () => {
      if (!previous || !settingsSheet) return null;
      const engine = await services.engine();
      const prev = await picker.read();
      const { settings: next, summary } = await engine.previousSettings(prev.ranking!, prev.settings!, settings);
      onSettings(next);
      return t('rank.settingsApplied', { summary });
    });

  /** The findings counted as the import and the rollup count them, and whether a value rests on an incomplete total. */
  const tail = (out: RankingOutput) => {
    const { errors, warnings } = countFindings(out.findings);
    const extra = errors + warnings ? ` ${t('rollup.findings', { errors, warnings })}` : '';
    return `${extra}${out.incomplete ? ` ${t('rank.incomplete')}` : ''}`;
  };

  const run = () =>
    task.run(async () => {
      if (!imported) throw new Error(t('common.needImport'));
      const engine = await services.engine();
      // Last year's ranking and its 排名设置, so the caliber can be compared.
      const prev = await picker.read();
      const out = await engine.rank(imported, settings, prev.ranking, prev.settings);
      const result = await write(out.sheets, out.mainSheet);
      if (!result) return null;
      setOutput(out);
      const sheet = result.written.find((w) => w.requested === out.mainSheet)?.name ?? out.mainSheet;
      return { text: `${t('rank.done', { sheet })}${tail(out)}`, warning: out.incomplete };
    });

  const download = () =>
    task.run(async () => {
      if (!imported) throw new Error(t('common.needImport'));
      const engine = await services.engine();
      const prev = await picker.read();
      const out = await engine.rankFile(imported, settings, prev.ranking, prev.settings);
      services.saveFile(out.bytes, out.fileName);
      setOutput(out);
      return { text: `${t('rank.downloaded', { file: out.fileName })}${tail(out)}`, warning: out.incomplete };
    });

  return (
    <section className="sti-step" data-testid="step-rank">
      <Text as="p">{t('rank.intro')}</Text>
      {!imported && <Text className="sti-muted">{t('common.needImport')}</Text>}
      <PreviousRankingField picker={picker} testId="rank-previous" />
      {settingsSheet && (
        <Button size="small" data-testid="rank-use-settings" disabled={task.busy} onClick={useLastYearSettings}>
          {t('rank.useSettings', { sheet: settingsSheet })}
        </Button>
      )}
      <div className="sti-actions">
        {services.port && (
          <Button appearance="primary" data-testid="rank-run" disabled={!imported || task.busy} onClick={run}>
            {t('rank.run')}
          </Button>
        )}
        <Button
          appearance={services.port ? 'secondary' : 'primary'}
          data-testid="rank-download"
          disabled={!imported || task.busy}
          onClick={download}
        >
          {t('rank.download')}
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
              {t('rank.notesLine', { notes: output.notes.join(t('common.listSep')) })}
            </Text>
          )}
          {output.findings.length > 0 && <FindingsTable findings={output.findings} unitNames={unitNames} />}
        </div>
      )}
    </section>
  );
}
