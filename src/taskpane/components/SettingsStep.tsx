import {
  Button,
  Checkbox,
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
import type { IndicatorOption } from '../engine-types.js';
import { LANGUAGES, useI18n, type Language } from '../i18n/index.js';
import type { PaneSettings } from '../settings.js';
import { useServices } from '../services.js';

/**
 * What IT staff check after a deployment: the version the build wrote into the page
 * (<meta name="sti-version">) and where Office.js actually came from (the page's script tag).
 */
export function buildInfo(doc: Document | undefined = globalThis.document): {
  version: string | null;
  officeJs: 'cdn' | 'local' | 'none';
  officeJsSrc: string;
} {
  if (!doc) return { version: null, officeJs: 'none', officeJsSrc: '' }; // server-side render: no page
  const version = doc.querySelector<HTMLMetaElement>('meta[name="sti-version"]')?.content || null;
  const script = [...doc.querySelectorAll<HTMLScriptElement>('script[src]')].find((s) => /(^|\/)office(\.debug)?\.js(\?|$)/.test(s.src));
  if (!script) return { version, officeJs: 'none', officeJsSrc: '' };
  const url = new URL(script.src, doc.baseURI);
  return url.hostname === 'appsforoffice.microsoft.com'
    ? { version, officeJs: 'cdn', officeJsSrc: url.hostname }
    : { version, officeJs: 'local', officeJsSrc: url.pathname };
}

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
  const hasWorkbook = !!useServices().port;
  const set = (patch: Partial<PaneSettings>) => onChange({ ...settings, ...patch });
  const needsReference = settings.indexMethod === 'standard' || settings.indexMethod === 'base';
  const build = buildInfo();
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
                <TableHeaderCell style={{ width: 56 }} title={t('settings.headlineHint')}>
                  {t('settings.headline')}
                </TableHeaderCell>
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
                  <TableCell>
                    <Checkbox
                      data-testid={`headline-${ind.code}`}
                      aria-label={`${t('settings.headline')} ${lang === 'zh-CN' ? ind.nameZh : ind.nameEn}`}
                      checked={settings.headline.includes(ind.code)}
                      // At most six: a 通报表 must fit one A4 page.
                      disabled={!settings.headline.includes(ind.code) && settings.headline.length >= 6}
                      onChange={(_, d) =>
                        set({
                          headline: d.checked ? [...settings.headline, ind.code] : settings.headline.filter((c) => c !== ind.code),
                        })
                      }
                    />
                  </TableCell>
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
      <Text size={200} className="sti-muted" data-testid="settings-about">
        {t('settings.version', { version: build.version ?? t('settings.versionUnknown') })}
        {/* Where Office.js came from matters in a host only; the web page has none. */}
        {hasWorkbook &&
          ` · ${
            build.officeJs === 'cdn'
              ? t('settings.officeJsCdn', { source: build.officeJsSrc })
              : build.officeJs === 'local'
                ? t('settings.officeJsLocal', { source: build.officeJsSrc })
                : t('settings.officeJsNone')
          }`}
      </Text>
    </section>
  );
}
