/**
 * Excel-compatible ROUND: half away from zero on the decimal value that Excel shows
 * (15 significant digits), so 2.675 → 2.68 and 1.005 → 1.01 where binary floating
 * point would give 2.67 and 1.00. Never use toFixed for statistics.
 */
export function excelRound(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  if (!Number.isInteger(digits)) digits = Math.trunc(digits);
  if (x === 0) return 0;
  const negative = x < 0;
  // 15 significant digits is Excel's precision; it removes binary noise like 1.00499999…
  const [mantissa, expPart] = Math.abs(x).toPrecision(15).split('e');
  const exp10 = expPart === undefined ? 0 : Number(expPart);
  const [intPart, fracPart = ''] = mantissa.split('.');
  let allDigits = intPart + fracPart; // value = allDigits × 10^(exp10 − fracPart.length)
  let scale = fracPart.length - exp10; // number of decimal places represented by allDigits
  const drop = scale - digits; // digits to remove from the right
  if (drop <= 0) return x;
  let kept: bigint;
  if (drop > allDigits.length) {
    kept = 0n;
  } else {
    const head = allDigits.slice(0, allDigits.length - drop) || '0';
    const firstDropped = allDigits.charCodeAt(allDigits.length - drop) - 48;
    kept = BigInt(head) + (firstDropped >= 5 ? 1n : 0n);
  }
  scale = digits;
  allDigits = kept.toString();
  const value = scale >= 0 ? Number(`${allDigits}e-${scale}`) : Number(`${allDigits}e${-scale}`);
  return negative ? -value : value;
}
