import type { CompositeMethod } from '../core/composite.js';
import { DEFAULT_HEADLINE_INDICATORS } from '../core/outputs-ranking.js';
import type { RankMethod } from '../core/rank.js';
import type { Language } from './i18n/index.js';

/** What 设置 controls; written into 排名设置 with every ranking. */
export interface PaneSettings {
  rankMethod: RankMethod;
  indexMethod: CompositeMethod;
  /** Index indicator code → weight (0 = left out). */
  weights: Record<string, number>;
  /** Index indicator code → standard value ('standard') or base-year value ('base'). */
  reference: Record<string, number | null>;
  /** Rank on values rounded to their display decimals. */
  rankOnDisplay: boolean;
  /** The 4–6 indicators 通报表 prints beside the 科创指数. */
  headline: string[];
  language: Language;
}

export function defaultSettings(indicators: readonly string[], language: Language): PaneSettings {
  return {
    rankMethod: 'competition',
    indexMethod: 'minmax',
    weights: Object.fromEntries(indicators.map((c) => [c, 1])),
    reference: {},
    rankOnDisplay: false,
    headline: DEFAULT_HEADLINE_INDICATORS.filter((c) => indicators.includes(c)),
    language,
  };
}

const STORAGE_KEY = 'sti-rollup.settings.v1';
const RANK = ['competition', 'dense', 'average'];
const INDEX = ['minmax', 'zscore', 'standard', 'base'];

/** Settings saved by an earlier session, checked field by field (anything odd falls back to `base`). */
export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined, base: PaneSettings): PaneSettings {
  let saved: Partial<PaneSettings> | null = null;
  try {
    saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as Partial<PaneSettings> | null;
  } catch {
    return base;
  }
  if (!saved || typeof saved !== 'object') return base;
  const numbers = (o: unknown): Record<string, number> =>
    o && typeof o === 'object'
      ? Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v >= 0))
      : {};
  return {
    rankMethod: RANK.includes(String(saved.rankMethod)) ? (saved.rankMethod as PaneSettings['rankMethod']) : base.rankMethod,
    indexMethod: INDEX.includes(String(saved.indexMethod)) ? (saved.indexMethod as PaneSettings['indexMethod']) : base.indexMethod,
    weights: { ...base.weights, ...numbers(saved.weights) },
    reference: { ...base.reference, ...numbers(saved.reference) },
    rankOnDisplay: typeof saved.rankOnDisplay === 'boolean' ? saved.rankOnDisplay : base.rankOnDisplay,
    headline:
      Array.isArray(saved.headline) && saved.headline.every((c) => typeof c === 'string' && c in base.weights)
        ? saved.headline.slice(0, 6)
        : base.headline,
    language: saved.language === 'zh-CN' || saved.language === 'en-US' ? saved.language : base.language,
  };
}

export function saveSettings(storage: Pick<Storage, 'setItem'> | undefined, settings: PaneSettings): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or blocked: the settings still apply to this session.
  }
}
