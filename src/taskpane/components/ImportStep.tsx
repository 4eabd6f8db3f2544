import { Button, Divider, Field, Input, Subtitle2, Text } from '@fluentui/react-components';
import { useMemo, useRef, useState } from 'react';
import type { ImportResult, InputFile } from '../engine.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';
import { CompletenessBoard } from './CompletenessBoard.js';
import { FindingsTable } from './FindingsTable.js';
import { TaskStatus } from './TaskStatus.js';
import { useTask } from './useTask.js';

async function readFile(f: File, t: ReturnType<typeof useI18n>['t']): Promise<InputFile> {
  try {
    return { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
  } catch (e) {
    throw new Error(t('error.readFile', { file: f.name, message: e instanceof Error ? e.message : String(e) }));
  }
}

/** Lets the browser paint the progress bar between files. */
const nextFrame = () => new Promise<void>((r) => setTimeout(r, 0));

export function ImportStep({ imported, onImported }: { imported: ImportResult | null; onImported: (r: ImportResult) => void }) {
  const { t } = useI18n();
  const services = useServices();
  const task = useTask();
  const filesInput = useRef<HTMLInputElement>(null);
  const registerInput = useRef<HTMLInputElement>(null);
  const [registerFile, setRegisterFile] = useState<File | null>(null);
  const [period, setPeriod] = useState('');

  /** The import's outcome: a warning when files are left out of the rollup. */
  const outcome = (result: ImportResult) => {
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const warnings = result.findings.filter((f) => f.severity === 'warning').length;
    const leftOut = result.files.filter(
      (f) => !f.usable && f.reason !== null && result.admission.files.some((v) => v.file === f.file && v.verdict === 'left-out'),
    ).length;
    const text = t('import.summary', { files: result.files.length, ok: result.files.filter((f) => f.usable).length, errors, warnings });
    return leftOut > 0 ? { text: `${text} ${t('import.leftOut', { count: leftOut })}`, warning: true } : { text, warning: errors > 0 };
  };

  const importFiles = (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (files.length === 0) return;
    return task.run(async (report) => {
      const engine = await services.engine();
      const inputs: InputFile[] = [];
      for (const f of files) inputs.push(await readFile(f, t));
      const register = registerFile ? await readFile(registerFile, t) : null;
      const result = await engine.importFiles(
        inputs,
        register,
        async (done, total, file) => {
          report({ done, total, label: t('import.reading', { file }) });
          await nextFrame();
        },
        [],
        period,
      );
      onImported(result);
      return outcome(result);
    });
  };

  /** A template inserted in this workbook and filled in place, read from its sheets. */
  const importWorkbook = () =>
    task.run(async () => {
      const engine = await services.engine();
      const names = engine.templateSheetNames();
      const present = new Set((await services.port.listSheets()).map((s) => s.name));
      const wanted = names.filter((n) => present.has(n));
      if (!wanted.some((n) => n !== names[0])) throw new Error(t('import.noTemplateSheets'));
      const sheets = await services.port.readSheets(wanted);
      const register = registerFile ? await readFile(registerFile, t) : null;
      const result = await engine.importFiles([], register, () => undefined, [{ fileName: t('import.thisWorkbook'), sheets }], period);
      onImported(result);
      return outcome(result);
    });

  const unitNames = useMemo(() => new Map((imported?.register.units ?? []).map((u) => [u.code, u.name])), [imported]);

  return (
    <section className="sti-step" data-testid="step-import">
      <Text as="p">{t('import.intro')}</Text>
      <Field
        label={t('import.register')}
        hint={registerFile ? t('import.registerFile', { file: registerFile.name }) : t('import.registerNone')}
      >
        <div>
          <input
            ref={registerInput}
            type="file"
            accept=".xlsx,.csv"
            hidden
            data-testid="import-register-input"
            onChange={(e) => setRegisterFile(e.target.files?.[0] ?? null)}
          />
          <Button size="small" onClick={() => registerInput.current?.click()}>
            {t('import.pickRegister')}
          </Button>
        </div>
      </Field>
      <Field label={t('import.period')} hint={t('import.periodHint')}>
        <Input data-testid="import-period" value={period} placeholder="2024" onChange={(_, d) => setPeriod(d.value)} />
      </Field>
      <div className="sti-actions">
        <input
          ref={filesInput}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple
          hidden
          data-testid="import-files-input"
          onChange={(e) => {
            void importFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <Button appearance="primary" data-testid="import-pick" disabled={task.busy} onClick={() => filesInput.current?.click()}>
          {t('import.pick')}
        </Button>
        <Button data-testid="import-workbook" disabled={task.busy} onClick={importWorkbook}>
          {t('import.fromWorkbook')}
        </Button>
      </div>
      <TaskStatus task={task} testId="import" />
      {imported && (
        <>
          <Divider />
          <Subtitle2 as="h3">{t('import.board')}</Subtitle2>
          <CompletenessBoard rows={imported.completeness} />
          <Divider />
          <Subtitle2 as="h3">{t('import.report')}</Subtitle2>
          {imported.findings.length === 0 ? (
            <Text>{t('import.noFindings')}</Text>
          ) : (
            <FindingsTable findings={imported.findings} unitNames={unitNames} />
          )}
        </>
      )}
    </section>
  );
}
