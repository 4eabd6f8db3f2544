import { Button, Divider, Field, Input, Subtitle2, Text } from '@fluentui/react-components';
import { useMemo, useRef, useState } from 'react';
import type { ImportResult, InputFile } from '../engine-types.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';
import { countFindings } from '../findings-view.js';
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

/** Submissions among picked or dropped files: .xlsx, not Excel's ~$ lock files. */
const isSubmissionFile = (f: File) => /\.xlsx$/i.test(f.name) && !f.name.startsWith('~$');

/** Every file under dropped items, folders walked (Chromium's entries API); plain files when it is absent. */
async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...data.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      out.push(await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej)));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns a batch at a time; an empty batch means the folder is done.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e);
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

export function ImportStep({ imported, onImported }: { imported: ImportResult | null; onImported: (r: ImportResult) => void }) {
  const { t } = useI18n();
  const services = useServices();
  const task = useTask();
  const filesInput = useRef<HTMLInputElement>(null);
  const registerInput = useRef<HTMLInputElement>(null);
  const [registerFile, setRegisterFile] = useState<File | null>(null);
  const [period, setPeriod] = useState('');

  const folderInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  /** The import's outcome: a warning when files are left out of the rollup. */
  const outcome = (result: ImportResult) => {
    const { errors, warnings } = countFindings(result.findings);
    const leftOut = result.files.filter(
      (f) => !f.usable && f.reason !== null && result.admission.files.some((v) => v.file === f.file && v.verdict === 'left-out'),
    ).length;
    const text = t('import.summary', { files: result.files.length, ok: result.files.filter((f) => f.usable).length, errors, warnings });
    return leftOut > 0 ? { text: `${text} ${t('import.leftOut', { count: leftOut })}`, warning: true } : { text, warning: errors > 0 };
  };

  const importFiles = (list: FileList | File[] | null) => {
    const files = list ? [...list].filter(isSubmissionFile) : [];
    if (files.length === 0) {
      if (list && [...list].length > 0) return task.run(async () => Promise.reject(new Error(t('import.noXlsx'))));
      return;
    }
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
      const port = services.port;
      if (!port) return null;
      const engine = await services.engine();
      const names = engine.templateSheetNames();
      const present = new Set((await port.listSheets()).map((s) => s.name));
      const wanted = names.filter((n) => present.has(n));
      if (!wanted.some((n) => n !== names[0])) throw new Error(t('import.noTemplateSheets'));
      const sheets = await port.readSheets(wanted);
      const register = registerFile ? await readFile(registerFile, t) : null;
      const result = await engine.importFiles([], register, () => undefined, [{ fileName: t('import.thisWorkbook'), sheets }], period);
      onImported(result);
      return outcome(result);
    });

  const unitNames = useMemo(() => new Map((imported?.register.units ?? []).map((u) => [u.code, u.name])), [imported]);

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (task.busy) return;
    void droppedFiles(e.dataTransfer).then((files) => importFiles(files));
  };

  return (
    <section
      className={`sti-step${dragging ? ' sti-dragging' : ''}`}
      data-testid="step-import"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
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
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          data-testid="import-folder-input"
          // A whole folder (and its subfolders), as `sti rollup DIR` reads it.
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            void importFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <Button appearance="primary" data-testid="import-pick" disabled={task.busy} onClick={() => filesInput.current?.click()}>
          {t('import.pick')}
        </Button>
        <Button data-testid="import-folder" disabled={task.busy} onClick={() => folderInput.current?.click()}>
          {t('import.pickFolder')}
        </Button>
        {services.port && (
          <Button data-testid="import-workbook" disabled={task.busy} onClick={importWorkbook}>
            {t('import.fromWorkbook')}
          </Button>
        )}
      </div>
      <Text size={200} className="sti-muted">
        {t('import.dropHint')}
      </Text>
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
