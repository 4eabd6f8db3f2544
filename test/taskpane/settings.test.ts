import { describe, expect, it } from 'vitest';
import { defaultSettings, loadSettings, saveSettings } from '../../src/taskpane/settings.js';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('settings remembered between sessions', () => {
  const base = defaultSettings(['RD_INTENSITY', 'RD_GROWTH'], 'zh-CN');

  it('round-trips what was saved', () => {
    const s = memoryStorage();
    const changed = {
      ...base,
      rankMethod: 'dense' as const,
      indexMethod: 'base' as const,
      weights: { RD_INTENSITY: 2, RD_GROWTH: 0 },
      reference: { RD_INTENSITY: 2.1 },
      rankOnDisplay: true,
      language: 'en-US' as const,
    };
    saveSettings(s, changed);
    expect(loadSettings(s, base)).toEqual(changed);
  });

  it('ignores broken or hostile values field by field, and works without storage', () => {
    const s = memoryStorage();
    s.setItem(
      'sti-rollup.settings.v1',
      JSON.stringify({
        rankMethod: 'random',
        indexMethod: 'zscore',
        weights: { RD_INTENSITY: -1, RD_GROWTH: 'x', OTHER: 5 },
        language: 'fr',
      }),
    );
    const got = loadSettings(s, base);
    expect(got.rankMethod).toBe('competition');
    expect(got.indexMethod).toBe('zscore');
    expect(got.weights).toEqual({ RD_INTENSITY: 1, RD_GROWTH: 1, OTHER: 5 });
    expect(got.language).toBe('zh-CN');
    s.setItem('sti-rollup.settings.v1', '{not json');
    expect(loadSettings(s, base)).toEqual(base);
    expect(loadSettings(undefined, base)).toEqual(base);
    expect(() =>
      saveSettings(
        {
          setItem: () => {
            throw new Error('QuotaExceeded');
          },
        },
        base,
      ),
    ).not.toThrow();
  });
});
