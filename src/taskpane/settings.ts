import type { CompositeMethod } from '../core/composite.js';
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
  language: Language;
}

export function defaultSettings(indicators: readonly string[], language: Language): PaneSettings {
  return {
    rankMethod: 'competition',
    indexMethod: 'minmax',
    weights: Object.fromEntries(indicators.map((c) => [c, 1])),
    reference: {},
    rankOnDisplay: false,
    language,
  };
}
