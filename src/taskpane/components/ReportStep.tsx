import { Button, Field, Select, Text, Textarea } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { SheetInfo } from '../../excel/workbook-port.js';
import type { ImportResult, ReportOutput } from '../engine.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';
import type { PaneSettings } from '../settings.js';
import { TaskStatus } from './TaskStatus.js';
import { useTask } from './useTask.js';

/**
 * 通报: the bulletin of the city ranking made with the pane's settings (and last year's ranking
 * sheet, for 位次变化), downloaded as .docx and shown as text to copy. It writes nothing into
 * the workbook; the engine builds it, as `sti report` does.
 */
export function ReportStep({ imported, settings, active }: { imported: ImportResult | null; settings: PaneSettings; active: boolean }) {
  const { t } = useI18n();
  const services = useServices();
  const task = useTask();
  const [sheets, setSheets] = useState<SheetInfo[]>([]);
  const [previous, setPrevious] = useState('');
  const [output, setOutput] = useState<ReportOutput | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

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

  const run = () =>
    task.run(async () => {
      if (!imported) throw new Error(t('common.needImport'));
      setCopied(null);
      const engine = await services.engine();
      const [prevGrid, prevSettings] = previous
        ? await services.port.readSheets(settingsSheet ? [previous, settingsSheet] : [previous])
        : [null, undefined];
      const out = await engine.report(imported, settings, prevGrid, prevSettings ?? null);
      services.saveFile(out.bytes, out.fileName);
      setOutput(out);
      return {
        text: `${t('report.done', { file: out.fileName })}${out.incomplete ? ` ${t('report.incomplete')}` : ''}`,
        warning: out.incomplete,
      };
    });

  const copy = () => {
    if (!output) return;
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clipboard) return setCopied(t('report.copyFailed'));
    clipboard.writeText(output.text).then(
      () => setCopied(t('report.copied')),
      () => setCopied(t('report.copyFailed')),
    );
  };

  return (
    <section className="sti-step" data-testid="step-report">
      <Text as="p">{t('report.intro')}</Text>
      {!imported && <Text className="sti-muted">{t('common.needImport')}</Text>}
      <Field label={t('rank.previous')}>
        <div className="sti-row">
          <Select data-testid="report-previous" value={previous} onChange={(_, d) => setPrevious(d.value)}>
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
      <div className="sti-actions">
        <Button appearance="primary" data-testid="report-run" disabled={!imported || task.busy} onClick={run}>
          {t('report.run')}
        </Button>
      </div>
      <TaskStatus task={task} testId="report" />
      {output && (
        <Field label={t('report.text')}>
          <Textarea data-testid="report-text" value={output.text} readOnly resize="vertical" rows={12} />
          <div className="sti-actions">
            <Button size="small" data-testid="report-copy" onClick={copy}>
              {t('report.copy')}
            </Button>
            {copied && (
              <Text size={200} className="sti-muted" data-testid="report-copied">
                {copied}
              </Text>
            )}
          </div>
        </Field>
      )}
    </section>
  );
}
