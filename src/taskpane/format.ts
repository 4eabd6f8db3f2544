import { excelRound } from '../core/round.js';

/** A number shown with fixed decimals, rounded the Excel way (never toFixed's binary rounding). */
export function formatDecimals(x: number, decimals: number): string {
  return excelRound(x, decimals).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  });
}
