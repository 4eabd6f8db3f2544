import {
  Button,
  Field,
  Input,
  Select,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { CompositeMethod } from '../../core/composite.js';
import type { RankMethod } from '../../core/rank.js';
import type { IndicatorOption } from '../engine.js';
import { LANGUAGES, useI18n, type Language } from '../i18n/index.js';
import type { PaneSettings } from '../settings.js';

const RANK_METHODS: RankMethod[] = ['competition', 'dense', 'average'];
const INDEX_METHODS: CompositeMethod[] = ['minmax', 'zscore', 'standard', 'base'];
const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

export function SettingsStep({
  settings,
  onChange,
  indicators,
}: {
  settings: PaneSettings;
  onChange: (s: PaneSettings) => void;
  indicators: readonly IndicatorOption[];
}) {
  const { t, lang } = useI18n();
  const set = (patch: Partial<PaneSettings>) => onChange({ ...settings, ...patch });
  const needsReference = settings.indexMethod === 'standard' || settings.indexMethod === 'base';
  const num = (s: string): number | null => {
    const x = Number(s);
    return s.trim() === '' || !Number.isFinite(x) ? null : x;
  };

  return (
    <section className="sti-step" data-testid="step-settings">
      <Field label={t('settings.rankMethod')}>
        <Select
          data-testid="settings-rank-method"
          value={settings.rankMethod}
          onChange={(_, d) => set({ rankMethod: d.value as RankMethod })}
        >
          {RANK_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`settings.rank.${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('settings.indexMethod')}>
        <Select
          data-testid="settings-index-method"
          value={settings.indexMethod}
          onChange={(_, d) => set({ indexMethod: d.value as CompositeMethod })}
        >
          {INDEX_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`settings.index.${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Switch
        data-testid="settings-display-decimals"
        checked={settings.rankOnDisplay}
        label={t('settings.decimals')}
        onChange={(_, d) => set({ rankOnDisplay: d.checked })}
      />
      <Field label={t('settings.weights')} hint={t('settings.weightsHint')}>
        <div className="sti-scroll">
          <Table size="small" style={{ tableLayout: 'fixed' }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('settings.indicator')}</TableHeaderCell>
                <TableHeaderCell style={{ width: 80 }}>{t('settings.weight')}</TableHeaderCell>
                {needsReference && <TableHeaderCell style={{ width: 100 }}>{t('settings.reference')}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {indicators.map((ind) => (
                <TableRow key={ind.code}>
                  <TableCell>
                    {lang === 'zh-CN' ? ind.nameZh : ind.nameEn}
                    <Text size={200} className="sti-muted">
                      {' '}
                      ({ind.unit})
                    </Text>
                  </TableCell>
                  <TableCell>
                    <Input
                      size="small"
                      type="number"
                      min={0}
                      style={{ minWidth: 0, width: '100%' }}
                      data-testid={`weight-${ind.code}`}
                      value={String(settings.weights[ind.code] ?? 0)}
                      onChange={(_, d) => {
                        const w = num(d.value);
                        set({ weights: { ...settings.weights, [ind.code]: w !== null && w >= 0 ? w : 0 } });
                      }}
                    />
                  </TableCell>
                  {needsReference && (
                    <TableCell>
                      <Input
                        size="small"
                        type="number"
                        style={{ minWidth: 0, width: '100%' }}
                        data-testid={`reference-${ind.code}`}
                        value={settings.reference[ind.code] == null ? '' : String(settings.reference[ind.code])}
                        onChange={(_, d) => set({ reference: { ...settings.reference, [ind.code]: num(d.value) } })}
                      />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </Field>
      <Button size="small" onClick={() => set({ weights: Object.fromEntries(indicators.map((i) => [i.code, 1])) })}>
        {t('settings.resetWeights')}
      </Button>
      <Field label={t('settings.language')}>
        <Select data-testid="settings-language" value={settings.language} onChange={(_, d) => set({ language: d.value as Language })}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </Select>
      </Field>
    </section>
  );
}
