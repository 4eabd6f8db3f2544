import { IndicatorError } from './errors.js';

export interface Period {
  year: number;
  /** First and last month, 1–12; a whole year is 1..12. */
  fromMonth: number;
  toMonth: number;
}

/** Parse '2024' or '2024-01..09' (cumulative months). */
export function parsePeriod(text: string): Period {
  const s = text.trim();
  let m = /^(\d{4})$/.exec(s);
  if (m) return { year: Number(m[1]), fromMonth: 1, toMonth: 12 };
  m = /^(\d{4})-(\d{1,2})\.\.(\d{1,2})$/.exec(s);
  if (m) {
    const p = { year: Number(m[1]), fromMonth: Number(m[2]), toMonth: Number(m[3]) };
    if (p.fromMonth >= 1 && p.toMonth <= 12 && p.fromMonth <= p.toMonth) return p;
  }
  throw new IndicatorError('VALUE', `报告期格式应为“2024”或“2024-01..09”，实际为“${text}”`);
}

export function formatPeriod(p: Period): string {
  if (p.fromMonth === 1 && p.toMonth === 12) return String(p.year);
  const mm = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${mm(p.fromMonth)}..${mm(p.toMonth)}`;
}

/** Months elapsed in the year at the end of the period (for 时序进度). */
export function monthsElapsed(p: Period): number {
  return p.toMonth;
}

/** Chinese label: '2024年' or '2024年1-9月'. */
export function periodLabelZh(p: Period): string {
  if (p.fromMonth === 1 && p.toMonth === 12) return `${p.year}年`;
  return `${p.year}年${p.fromMonth}-${p.toMonth}月`;
}

/** A period as Chinese text for titles ('2024' → '2024年'); '' for none; text that is not a period is shown as given. */
export function periodTextZh(period: string | null | undefined): string {
  if (!period) return '';
  try {
    return periodLabelZh(parsePeriod(period));
  } catch {
    return period;
  }
}
