import { Button, Divider, Field, Input, Select, Text } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { UnitKind } from '../../core/types.js';
import type { TemplateRequest } from '../engine-types.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';
import { TaskStatus } from './TaskStatus.js';
import { useTask } from './useTask.js';
import type { SheetWriter } from './useSheetWriter.js';

const KINDS: UnitKind[] = ['township', 'park', 'district', 'city'];

export function TemplateStep({ write }: { write: SheetWriter }) {
  const { t } = useI18n();
  const services = useServices();
  const task = useTask();
  const lastYear = new Date().getFullYear() - 1;
  const [req, setReq] = useState<TemplateRequest>({
    kind: 'township',
    unitCode: '',
    unitName: '',
    year: lastYear,
    period: String(lastYear),
  });
  const set = (patch: Partial<TemplateRequest>) => setReq((r) => ({ ...r, ...patch }));
  const [yearText, setYearText] = useState(String(lastYear));
  const yearValid = /^\d{4}$/.test(yearText);
  // '2024' or '2024-01..09', in the template's year.
  const periodValid = new RegExp(`^${req.year}(-(0?[1-9]|1[0-2])\\.\\.(0?[1-9]|1[0-2]))?$`).test(req.period);
  // A template is for one unit: its code goes into the very hidden _meta, which the unit cannot edit.
  const unitGiven = req.unitCode.trim() !== '' && req.unitName.trim() !== '';
  const periodReady = yearValid && periodValid && !task.busy;
  const ready = periodReady && unitGiven;
  const registerInput = useRef<HTMLInputElement>(null);

  const insert = () =>
    task.run(async () => {
      const engine = await services.engine();
      const model = engine.templateWorkbook(req);
      const visible = model.sheets.find((s) => (s.state ?? 'visible') === 'visible')?.name;
      const result = await write(model.sheets, visible);
      if (!result) return null;
      return `${t('template.inserted', { names: result.written.map((w) => w.name).join('、') })}`;
    });

  const download = () =>
    task.run(async () => {
      const engine = await services.engine();
      const { fileName, bytes } = await engine.templateFile(req);
      services.saveFile(bytes, fileName);
      return t('template.downloaded', { file: fileName });
    });

  /** One template per unit of the register, in one .zip. */
  const downloadForRegister = (file: File | undefined) => {
    if (!file) return;
    return task.run(async () => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        throw new Error(t('error.readFile', { file: file.name, message: e instanceof Error ? e.message : String(e) }));
      }
      const engine = await services.engine();
      const zip = await engine.registerTemplatesZip({ name: file.name, bytes }, { year: req.year, period: req.period });
      services.saveFile(zip.bytes, zip.fileName);
      return t('template.zipped', { count: zip.count, file: zip.fileName });
    });
  };

  return (
    <section className="sti-step" data-testid="step-template">
      <Text as="p">{t(services.port ? 'template.intro' : 'template.introWeb')}</Text>
      <Field label={t('template.kind')}>
        <Select data-testid="template-kind" value={req.kind} onChange={(_, d) => set({ kind: d.value as UnitKind })}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`template.kind.${k}`)}
            </option>
          ))}
        </Select>
      </Field>
      <div className="sti-row">
        <Field label={t('template.unitCode')}>
          <Input data-testid="template-unit-code" value={req.unitCode} onChange={(_, d) => set({ unitCode: d.value.trim() })} />
        </Field>
        <Field label={t('template.unitName')}>
          <Input data-testid="template-unit-name" value={req.unitName} onChange={(_, d) => set({ unitName: d.value })} />
        </Field>
      </div>
      {!unitGiven && (
        <Text as="p" size={200} data-testid="template-unit-hint">
          {t('template.unitRequired')}
        </Text>
      )}
      <div className="sti-row">
        <Field
          label={t('template.year')}
          validationState={yearValid ? 'none' : 'error'}
          validationMessage={yearValid ? undefined : t('template.yearInvalid')}
        >
          <Input
            type="number"
            data-testid="template-year"
            value={yearText}
            onChange={(_, d) => {
              setYearText(d.value);
              if (/^\d{4}$/.test(d.value)) set({ year: Number(d.value), period: req.period.replace(/^\d{4}/, d.value) });
            }}
          />
        </Field>
        <Field
          label={t('template.period')}
          hint={periodValid ? t('template.periodHint') : undefined}
          validationState={periodValid ? 'none' : 'error'}
          validationMessage={periodValid ? undefined : t('template.periodHint')}
        >
          <Input data-testid="template-period" value={req.period} onChange={(_, d) => set({ period: d.value.trim() })} />
        </Field>
      </div>
      <div className="sti-actions">
        {services.port && (
          <Button appearance="primary" data-testid="template-insert" disabled={!ready} onClick={insert}>
            {t('template.insert')}
          </Button>
        )}
        <Button appearance={services.port ? 'secondary' : 'primary'} data-testid="template-download" disabled={!ready} onClick={download}>
          {t('template.download')}
        </Button>
      </div>
      <Divider />
      <Text as="p">{t('template.fromRegisterHint')}</Text>
      <div className="sti-actions">
        <input
          ref={registerInput}
          type="file"
          accept=".xlsx,.csv"
          hidden
          data-testid="template-register-input"
          onChange={(e) => {
            void downloadForRegister(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <Button data-testid="template-register" disabled={!periodReady} onClick={() => registerInput.current?.click()}>
          {t('template.fromRegister')}
        </Button>
      </div>
      <TaskStatus task={task} testId="template" />
    </section>
  );
}
