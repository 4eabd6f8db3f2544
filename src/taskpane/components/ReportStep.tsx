import { Button, Field, Text, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import type { ImportResult, ReportOutput } from '../engine-types.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';
import type { PaneSettings } from '../settings.js';
import { PreviousRankingField, usePreviousRanking } from './PreviousRankingPicker.js';
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
  const picker = usePreviousRanking(active);
  const [output, setOutput] = useState<ReportOutput | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const run = () =>
    task.run(async () => {
      if (!imported) throw new Error(t('common.needImport'));
      setCopied(null);
      const engine = await services.engine();
      const prev = await picker.read();
      const out = await engine.report(imported, settings, prev.ranking, prev.settings);
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
      <PreviousRankingField picker={picker} testId="report-previous" />
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
