import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';
import { rollupAll } from '../../src/core/rollup.js';
import { rankChildren } from '../../src/core/ranking.js';
import { parseCsv } from '../../src/core/csv.js';
import { sortFindings } from '../../src/core/validate-codes.js';
import { buildRegisterTree } from '../../src/core/register.js';

describe('src/core/index.ts (the public API of the engine)', () => {
  it('keeps the original contract', () => {
    for (const name of [
      'excelRound',
      'parseNumber',
      'rdIntensity',
      'completion',
      'scheduleGap',
      'growth',
      'ppChange',
      'share',
      'per10k',
      'rank',
      'rankChange',
      'composite',
      'validateUscc',
      'catalogue',
      'IndicatorError',
    ])
      expect(core, name).toHaveProperty(name);
  });

  it('exports the newer modules, each name once and bound to its module', () => {
    expect(core.rollupAll).toBe(rollupAll);
    expect(core.rankChildren).toBe(rankChildren);
    expect(core.parseCsv).toBe(parseCsv);
    expect(core.buildRegisterTree).toBe(buildRegisterTree);
    // One finding order, under one name.
    expect(core.sortFindings).toBe(sortFindings);
    for (const name of [
      'readSubmission',
      'validateSubmissions',
      'buildRollupWorkbook',
      'buildRankingWorkbook',
      'buildDemoData',
      'cellText',
    ])
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
  });
});
