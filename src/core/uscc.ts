import { toHalfWidth } from './parse.js';

/** GB 32100-2015 character set: digits and upper-case letters without I, O, Z, S, V. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export interface UsccResult {
  valid: boolean;
  /** Trimmed, half-width, upper-case form (whatever its validity). */
  normalized: string;
  /** The check character the first 17 characters call for; null when they cannot have one. */
  expectedCheckChar: string | null;
  /** Chinese reason when not valid. */
  reason?: string;
}

export function normalizeUscc(code: string): string {
  return toHalfWidth(code).replace(/\s+/g, '').toUpperCase();
}

/** Validate a 统一社会信用代码 (18 characters, check character per GB 32100-2015). */
export function validateUscc(code: unknown): UsccResult {
  const normalized =
    typeof code === 'string' ? normalizeUscc(code) : code === null || code === undefined ? '' : normalizeUscc(String(code));
  if (normalized.length !== 18) {
    return { valid: false, normalized, expectedCheckChar: null, reason: `统一社会信用代码应为18位，实际为${normalized.length}位` };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(normalized[i]);
    if (v < 0) {
      return { valid: false, normalized, expectedCheckChar: null, reason: `第${i + 1}位“${normalized[i]}”不是统一社会信用代码允许的字符` };
    }
    sum += v * WEIGHTS[i];
  }
  const expectedCheckChar = CHARSET[(31 - (sum % 31)) % 31];
  if (normalized[17] !== expectedCheckChar) {
    return {
      valid: false,
      normalized,
      expectedCheckChar,
      reason: `统一社会信用代码校验位错误：应为“${expectedCheckChar}”，实际为“${normalized[17]}”`,
    };
  }
  return { valid: true, normalized, expectedCheckChar };
}

/** Complete 17 characters with their check character (for fixtures and synthetic data). */
export function withUsccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return first17 + CHARSET[(31 - (sum % 31)) % 31];
}
