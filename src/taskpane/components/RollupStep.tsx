import { Button, Field, Select, Text } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { Finding } from '../../core/types.js';
import { CITY_ROLLUP, type ImportResult, type PaneEngine, type SheetsOutput } from '../engine-types.js';
import { countFindings } from '../findings-view.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';
import { FindingsTable } from './FindingsTable.js';
import { TaskStatus } from './TaskStatus.js';
import { useTask } from './useTask.js';
import type { SheetWriter } from './useSheetWriter.js';

export function RollupStep({ imported, write }: { imported: ImportResult | null; write: SheetWriter }) {
  const { t } = useI18n();
  const services = useServices();
  const task = useTask();
  const [districts, setDistricts] = useState<{ code: string; name: string }[]>([]);
  const [district, setDistrict] = useState('');
  const [findings, setFindings] = useState<Finding[]>([]);
  const unitNames = useMemo(() => new Map((imported?.register.units ?? []).map((u) => [u.code, u.name])), [imported]);

  useEffect(() => {
    let live = true;
    if (!imported) {
      setDistricts([]);
      return;
    }
    void services.engine().then((engine: PaneEngine) => {
      if (!live) return;
      const list = engine.districts(imported);
      setDistricts(list);
      setDistrict((d) => (list.some((x) => x.code === d) ? d : (list[0]?.code ?? '')));
    });
    return () => {
      live = false;
    };
  }, [imported, services]);

  const districtName = () => (district === CITY_ROLLUP ? t('rollup.city') : (districts.find((d) => d.code === district)?.name ?? district));
  /** The same words for both actions: the findings counted as the import counts them, and whether a total is incomplete. */
  const tail = (out: SheetsOutput) => {
    const { errors, warnings } = countFindings(out.findings);
    const extra = errors + warnings ? ` ${t('rollup.findings', { errors, warnings })}` : '';
    return `${extra}${out.incomplete ? ` ${t('rollup.incomplete')}` : ''}`;
  };

  const run = () =>
    task.run(async () => {
      if (!imported) throw new Error(t('common.needImport'));
      const engine = await services.engine();
      const out = engine.rollup(imported, district);
      const result = await write(out.sheets, out.mainSheet);
      if (!result) return null;
      setFindings(out.findings);
      const sheet = result.written.find((w) => w.requested === out.mainSheet)?.name ?? out.mainSheet;
      return { text: `${t('rollup.done', { district: districtName(), sheet })}${tail(out)}`, warning: out.incomplete };
    });

  const download = () =>
    task.run(async () => {
      if (!imported) throw new Error(t('common.needImport'));
      const engine = await services.engine();
      const out = await engine.rollupFile(imported, district);
      services.saveFile(out.bytes, out.fileName);
      setFindings(out.findings);
      return { text: `${t('rollup.downloaded', { district: districtName(), file: out.fileName })}${tail(out)}`, warning: out.incomplete };
    });

  return (
    <section className="sti-step" data-testid="step-rollup">
      <Text as="p">{t('rollup.intro')}</Text>
      {!imported && <Text className="sti-muted">{t('common.needImport')}</Text>}
      <Field label={t('rollup.district')}>
        <Select data-testid="rollup-district" value={district} disabled={!imported} onChange={(_, d) => setDistrict(d.value)}>
          {districts.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
          {districts.length > 1 && <option value={CITY_ROLLUP}>{t('rollup.city')}</option>}
        </Select>
      </Field>
      <div className="sti-actions">
        {services.port && (
          <Button appearance="primary" data-testid="rollup-run" disabled={!imported || !district || task.busy} onClick={run}>
            {t('rollup.run')}
          </Button>
        )}
        <Button
          appearance={services.port ? 'secondary' : 'primary'}
          data-testid="rollup-download"
          disabled={!imported || !district || task.busy}
          onClick={download}
        >
          {t('rollup.download')}
        </Button>
      </div>
      <TaskStatus task={task} testId="rollup" />
      {findings.length > 0 && <FindingsTable findings={findings} unitNames={unitNames} />}
    </section>
  );
}
