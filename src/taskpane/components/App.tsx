import { FluentProvider, Spinner, Tab, TabList, Text, Title2, mergeClasses } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ImportResult, IndicatorOption } from '../engine-types.js';
import { I18nProvider, translator, type Language } from '../i18n/index.js';
import { ServicesContext, type PaneServices } from '../services.js';
import { defaultSettings, loadSettings, saveSettings, type PaneSettings } from '../settings.js';
import { PaneStyles, usePaneStyles } from '../styles.js';
import { fluentTheme, type PaneTheme } from '../theme.js';
import { useConflictDialog } from './ConflictDialog.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { ImportStep } from './ImportStep.js';
import { RankStep } from './RankStep.js';
import { ReportStep } from './ReportStep.js';
import { RollupStep } from './RollupStep.js';
import { SettingsStep } from './SettingsStep.js';
import { TemplateStep } from './TemplateStep.js';
import { useSheetWriter } from './useSheetWriter.js';

export type StepId = 'template' | 'import' | 'rollup' | 'rank' | 'report' | 'settings';
const STEPS: StepId[] = ['template', 'import', 'rollup', 'rank', 'report', 'settings'];

function Steps({
  settings,
  setSettings,
  indicators,
}: {
  settings: PaneSettings;
  setSettings: (s: PaneSettings) => void;
  indicators: IndicatorOption[] | null;
}) {
  const t = translator(settings.language);
  const [step, setStep] = useState<StepId>('template');
  const [imported, setImported] = useState<ImportResult | null>(null);
  const conflict = useConflictDialog();
  const write = useSheetWriter(conflict.ask);

  return (
    <>
      <TabList selectedValue={step} onTabSelect={(_, d) => setStep(d.value as StepId)} size="small" data-testid="steps">
        {STEPS.map((s, i) => (
          <Tab key={s} value={s} data-testid={`tab-${s}`}>
            {i < 5 ? `${i + 1}. ` : ''}
            {t(`step.${s}`)}
          </Tab>
        ))}
      </TabList>
      <div className="sti-panels">
        <div hidden={step !== 'template'}>
          <TemplateStep write={write} />
        </div>
        <div hidden={step !== 'import'}>
          <ImportStep imported={imported} onImported={setImported} />
        </div>
        <div hidden={step !== 'rollup'}>
          <RollupStep imported={imported} write={write} />
        </div>
        <div hidden={step !== 'rank'}>
          <RankStep imported={imported} settings={settings} onSettings={setSettings} write={write} active={step === 'rank'} />
        </div>
        <div hidden={step !== 'report'}>
          <ReportStep imported={imported} settings={settings} active={step === 'report'} />
        </div>
        <div hidden={step !== 'settings'}>
          {indicators ? (
            <SettingsStep settings={settings} onChange={setSettings} indicators={indicators} />
          ) : (
            <Spinner size="tiny" label={t('app.loading')} />
          )}
        </div>
      </div>
      {conflict.dialog}
    </>
  );
}

/** The whole pane. `services` supplies the workbook, the engine and file saving. */
export function App({
  services,
  initialLanguage,
  theme,
}: {
  services: PaneServices;
  initialLanguage: Language;
  /** The host's theme (light when not given). */
  theme?: PaneTheme;
}) {
  const styles = usePaneStyles();
  const [settings, setSettings] = useState<PaneSettings>(() => loadSettings(services.storage, defaultSettings([], initialLanguage)));
  // Remembered for the next session (the ranking sheet's 排名设置 is the record that counts).
  useEffect(() => saveSettings(services.storage, settings), [settings, services]);
  const [indicators, setIndicators] = useState<IndicatorOption[] | null>(null);

  useEffect(() => {
    // The engine (pure TS, no .xlsx code) loads after the first paint; the settings need its indicator list.
    let live = true;
    services
      .engine()
      .then((engine) => {
        if (!live) return;
        const list = engine.indexIndicators();
        setIndicators(list);
        setSettings((s) =>
          Object.keys(s.weights).length
            ? s
            : {
                ...s,
                weights: defaultSettings(
                  list.map((i) => i.code),
                  s.language,
                ).weights,
              },
        );
      })
      .catch(() => setIndicators([]));
    return () => {
      live = false;
    };
  }, [services]);

  const t = translator(settings.language);
  return (
    <>
      <PaneStyles />
      <FluentProvider theme={fluentTheme(theme)} lang={settings.language} className={mergeClasses('sti-app', styles.root)}>
        <I18nProvider lang={settings.language}>
          <ServicesContext.Provider value={services}>
            <header className="sti-header">
              <Title2 as="h1">{t('app.title')}</Title2>
              <Text size={200} className="sti-muted">
                {t('app.subtitle')}
              </Text>
            </header>
            <ErrorBoundary t={t}>
              <Steps settings={settings} setSettings={setSettings} indicators={indicators} />
            </ErrorBoundary>
          </ServicesContext.Provider>
        </I18nProvider>
      </FluentProvider>
    </>
  );
}
