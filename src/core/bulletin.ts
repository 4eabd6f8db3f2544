/**
 * The 通报 (bulletin, product.md §6) as a document model: title and period, a city summary
 * (totals, growth, completion against targets, 时序进度), the ranking table, one paragraph per
 * district in rank order (strongest and weakest indicators by rank, rank changes, completion,
 * growth), parks when ranked, and notes on method, caliber and incomplete totals. Every
 * sentence comes from bulletin-templates.ts; every number is rounded with excelRound at the
 * catalogue's decimals (万元 from 1亿 on in 亿元). Pure: io/bulletin-docx.ts renders it to
 * .docx, bulletinText / bulletinMarkdown (bulletin-text.ts) to text.
 */
import {
  BULLETIN_ZH as T,
  CITY_SUMMARY_CODES,
  DISTRICT_FIGURE_CODES,
  PARK_SENTENCE_CODES,
  SECTION_NUMERALS,
  STRENGTHS_NAMED,
  YI_DECIMALS,
  YI_THRESHOLD_WAN,
  fillTemplate as fill,
} from './bulletin-templates.js';
import { DERIVED_INDICATORS, catalogue, type CatalogueEntry } from './catalogue.js';
import { COMPOSITE_METHOD_NAME_ZH } from './composite.js';
import { previousCode, targetCode } from './outputs-rollup.js';
import { rankingNoteText, rankingNotesText } from './notes.js';
import { monthsElapsed, parsePeriod, periodTextZh, type Period } from './period.js';
import { rank, RANK_METHOD_NAME_ZH } from './rank.js';
import { rankParks, type ParkRanking, type RankingRow, type RankingTable } from './ranking.js';
import type { MissingPart, RollupResult, RollupRow } from './rollup-types.js';
import { excelRound } from './round.js';
import { fileNamePart } from './template-batch.js';

/** One unit's figures as the bulletin reads them (the shape readRollupWorkbook's district rows have). */
export interface BulletinFigures {
  unitCode: string;
  unitName: string;
  /** By code: base fields' 本期数, `CODE:上年` and `CODE:目标` (outputs-rollup previousCode/targetCode), derived indicators. */
  values: Record<string, number | null>;
  /** Code → what its total lacks, "单位：原因；单位：原因" (as RankingInputRow.incomplete). */
  incomplete?: Record<string, string>;
}

export interface BulletinInput {
  /** The city (or whatever parent the districts were ranked under). */
  /** null when unknown: the title says 全市 after the period, no issuer unless given. */
  parentName: string | null;
  period: string | null;
  /** e.g. 示例数据: said in the title and the notes. */
  label?: string | null;
  /** Default: `${parentName}科学技术局`. */
  issuer?: string | null;
  /** Date line under the title, as it should print (e.g. 2025年3月1日); none: no date. */
  date?: string | null;
  ranking: RankingTable;
  /** Last year's ranking rows (values per indicator) for each indicator's 较上年 rank change. */
  previousRows?: readonly { unitCode: string; values: Record<string, number | null> }[] | null;
  /** The city total (sum rows, completion, growth); null: the summary says only the ranking. */
  city?: BulletinFigures | null;
  /** The ranked districts' totals; null or absent: no rollup was given (ranks only). */
  districts?: readonly BulletinFigures[] | null;
  /** Park rankings (rankParks); a section when there is one. */
  parks?: readonly ParkRanking[];
  /** Extra notes (Chinese) for 说明. */
  notes?: readonly string[];
}

export interface BulletinRun {
  text: string;
  bold?: boolean;
}

export interface BulletinColumn {
  header: string;
  align: 'left' | 'center' | 'right';
  /** Relative width. */
  width: number;
}

export type BulletinBlock =
  | { kind: 'title'; text: string; lines: string[] }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; runs: BulletinRun[] }
  | { kind: 'note'; text: string }
  | { kind: 'table'; caption: string; columns: BulletinColumn[]; rows: string[][]; note?: string; landscape?: boolean };

export interface Bulletin {
  title: string;
  /** A file name for the .docx: 通报_<单位>_<报告期>.docx. */
  fileName: string;
  blocks: BulletinBlock[];
  /** Some figure said rests on an incomplete total. */
  incomplete: boolean;
}

// ---------------------------------------------------------------- numbers

/** x rounded the Excel way and printed with exactly `decimals` decimals (never toFixed). */
export function fixedDecimals(x: number, decimals: number): string {
  const r = excelRound(x, decimals);
  const abs = Math.abs(r);
  let text = String(abs);
  if (text.includes('e')) {
    // Very small or large: spell the digits out from the integer form.
    const scaled = BigInt(Math.round(abs * 10 ** decimals))
      .toString()
      .padStart(decimals + 1, '0');
    text = decimals > 0 ? `${scaled.slice(0, -decimals)}.${scaled.slice(-decimals)}` : scaled;
    return (r < 0 ? '-' : '') + text;
  }
  const [int, frac = ''] = text.split('.');
  const out = decimals > 0 ? `${int}.${(frac + '0'.repeat(decimals)).slice(0, decimals)}` : int;
  return (r < 0 && Number(out) !== 0 ? '-' : '') + out;
}

/** A figure as a bulletin prints it: its catalogue unit and decimals, 万元 from 1亿 on as 亿元 with 2 decimals. */
export function bulletinNumber(code: string, value: number): { value: string; unit: string } {
  const e = entry(code);
  // Decided on the figure as it would print in 万元 (9999.996 prints 10000.00, so it is said as 1.00亿元).
  if (e.unit === T.unitWan && Math.abs(excelRound(value, e.decimals)) >= YI_THRESHOLD_WAN)
    return { value: fixedDecimals(value / 10000, YI_DECIMALS), unit: T.unitYi };
  return { value: fixedDecimals(value, e.decimals), unit: e.unit };
}

function entry(code: string): CatalogueEntry {
  const e = catalogue.get(code);
  if (!e) throw new Error(fill(T.unknownCode, { code }));
  return e;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The derived indicator of a kind over a base field (its growth, completion) or over a ratio (its pp change). */
function related(code: string, kind: 'growth' | 'completion' | 'pp'): string | null {
  const d = DERIVED_INDICATORS.find((x) => x.kind === kind && (kind === 'pp' ? x.of === code : x.numerator === code));
  return d ? d.code : null;
}

// ---------------------------------------------------------------- completeness

/** "单位：原因；单位：原因" → parts; text without that shape stays one reason. */
function lackingParts(text: string): { unit: string; reason: string }[] | null {
  const parts = text.split('；').map((p) => {
    const k = p.indexOf('：');
    return k > 0 ? { unit: p.slice(0, k), reason: p.slice(k + 1) } : null;
  });
  return parts.every((p) => p !== null) ? (parts as { unit: string; reason: string }[]) : null;
}

function lackingText(text: string): string {
  const parts = lackingParts(text);
  return parts ? parts.map((p) => fill(T.incompletePart, p)).join(T.listSeparator) : text;
}

/** Says an incomplete total where its figure is, in full the first time in a paragraph. */
class IncompleteSayer {
  private readonly said = new Set<string>();
  any = false;
  constructor(readonly incomplete: Record<string, string> | undefined) {}
  /** The mark after one figure (`group`: after several figures that lack the same). */
  mark(code: string, group = false): string {
    const text = this.incomplete?.[code];
    return text ? this.markText(text, group) : '';
  }
  markText(text: string, group = false): string {
    this.any = true;
    if (this.said.has(text)) return group ? T.incompleteAgainGroup : T.incompleteAgain;
    this.said.add(text);
    const parts = lackingParts(text);
    if (parts) return fill(group ? T.incompletePartsGroup : T.incompleteParts, { parts: lackingText(text) });
    return fill(group ? T.incompleteTextGroup : T.incompleteText, { text });
  }
}

/** A rollup row (district, city or park) as bulletin figures; what each total lacks as the ranking says it. */
export function bulletinFiguresFromRollupRow(row: RollupRow): BulletinFigures {
  const values: Record<string, number | null> = {};
  const incomplete: Record<string, string> = {};
  const lacks = (m: readonly MissingPart[]) => m.map((x) => `${x.unitName}：${x.reason}`).join('；');
  for (const [code, f] of Object.entries(row.fields)) {
    values[code] = f.current;
    values[previousCode(code)] = f.previous;
    values[targetCode(code)] = f.target;
    const current = (f.missing ?? []).filter((m) => m.roles.includes('current'));
    const previous = (f.missing ?? []).filter((m) => m.roles.includes('previous'));
    if (current.length) incomplete[code] = lacks(current);
    if (previous.length) incomplete[previousCode(code)] = lacks(previous);
  }
  for (const [code, v] of Object.entries(row.indicators)) {
    values[code] = v.value;
    if (v.missing?.length) incomplete[code] = lacks(v.missing);
  }
  return { unitCode: row.unit.code, unitName: row.unit.name, values, incomplete };
}

/**
 * What a rollup gives the bulletin: the city total, each partition district's totals and the
 * park rankings (rankParks over `results`, the levels written). `city` is the city-level result.
 */
export function bulletinInputFromRollup(
  city: RollupResult,
  results: readonly RollupResult[],
): Pick<BulletinInput, 'parentName' | 'period' | 'city' | 'districts' | 'parks'> {
  return {
    parentName: city.unit.name,
    period: city.period,
    city: bulletinFiguresFromRollupRow(city.total),
    districts: city.rows.filter((r) => r.role === 'partition').map(bulletinFiguresFromRollupRow),
    parks: rankParks(results),
  };
}

/** A date as a bulletin prints it: 2025年3月1日. */
export function bulletinDate(d: Date): string {
  return fill(T.date, { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
}

// ---------------------------------------------------------------- rank changes per indicator

/**
 * Each ranked indicator's 较上年 rank change, as the index's is computed: last year's and this
 * year's values ranked among the units that have both, with this year's method and decimals;
 * previous − current (+ is up). Units without both years' values get none.
 */
export function indicatorRankChanges(
  table: RankingTable,
  previousRows: readonly { unitCode: string; values: Record<string, number | null> }[],
): { changes: Record<string, Record<string, number | null>>; peerSetDiffers: boolean } {
  const prev = new Map(previousRows.map((r) => [r.unitCode, r.values]));
  const changes: Record<string, Record<string, number | null>> = Object.fromEntries(table.rows.map((r) => [r.unitCode, {}]));
  let peerSetDiffers = false;
  for (const c of table.columns) {
    const cur = table.rows.map((r) => (isNum(r.values[c.code]) ? r.values[c.code]! : null));
    const last = table.rows.map((r) => {
      const v = prev.get(r.unitCode)?.[c.code];
      return isNum(v) ? v : null;
    });
    const peer = cur.map((v, i) => v !== null && last[i] !== null);
    if (peer.some((p, i) => !p && cur[i] !== null)) peerSetDiffers = true;
    const options = {
      order: c.direction === 1 ? ('desc' as const) : ('asc' as const),
      method: table.settings.method,
      decimals: table.settings.decimals === 'display' ? c.decimals : undefined,
    };
    const curRank = rank(
      cur.map((v, i) => (peer[i] ? v : null)),
      options,
    );
    const lastRank = rank(
      last.map((v, i) => (peer[i] ? v : null)),
      options,
    );
    table.rows.forEach((r, i) => {
      changes[r.unitCode][c.code] = peer[i] && curRank[i] !== null && lastRank[i] !== null ? lastRank[i]! - curRank[i]! : null;
    });
  }
  return { changes, peerSetDiffers };
}

// ---------------------------------------------------------------- clauses

interface Context {
  period: Period | null;
  periodZh: string;
}

function changeText(change: number): string {
  if (change > 0) return fill(T.rankUp, { n: change });
  if (change < 0) return fill(T.rankDown, { n: -change });
  return T.rankSame;
}

/** "名称12.34亿元" with its incomplete mark (none when `say` is null: the caller marks). */
function figureText(code: string, value: number, say: IncompleteSayer | null, name = entry(code).nameZh): string {
  const n = bulletinNumber(code, value);
  return fill(T.figure, { name, value: n.value, unit: n.unit }) + (say?.mark(code) ?? '');
}

function growthClause(code: string, value: number, say: IncompleteSayer | null): string {
  const r = excelRound(value, entry(code).decimals);
  const text =
    r > 0
      ? fill(T.growthUp, { value: fixedDecimals(r, entry(code).decimals) })
      : r < 0
        ? fill(T.growthDown, { value: fixedDecimals(-r, entry(code).decimals) })
        : T.growthFlat;
  return text + (say?.mark(code) ?? '');
}

function ppClause(code: string, value: number, say: IncompleteSayer | null): string {
  const d = entry(code).decimals;
  const r = excelRound(value, d);
  const text = r > 0 ? fill(T.ppUp, { value: fixedDecimals(r, d) }) : r < 0 ? fill(T.ppDown, { value: fixedDecimals(-r, d) }) : T.ppFlat;
  return text + (say?.mark(code) ?? '');
}

function completionClauses(code: string, value: number, ctx: Context, say: IncompleteSayer | null): string[] {
  const d = entry(code).decimals;
  const out = [fill(T.completion, { value: fixedDecimals(value, d) }) + (say?.mark(code) ?? '')];
  if (ctx.period && monthsElapsed(ctx.period) < 12) {
    const gap = excelRound(value - (monthsElapsed(ctx.period) / 12) * 100, d);
    out.push(
      gap > 0
        ? fill(T.scheduleAhead, { value: fixedDecimals(gap, d) })
        : gap < 0
          ? fill(T.scheduleBehind, { value: fixedDecimals(-gap, d) })
          : T.scheduleEven,
    );
  }
  return out;
}

/**
 * A total with its growth, pp change, completion and 时序进度, as far as the figures have them.
 * When several of them lack the same units, one mark after the group says so (以上数据…).
 */
function figureWithContext(fig: BulletinFigures, code: string, ctx: Context, say: IncompleteSayer): string | null {
  const v = fig.values[code];
  if (!isNum(v)) return null;
  const g = related(code, 'growth');
  const pp = related(code, 'pp');
  const c = related(code, 'completion');
  const present = [code, g, pp, c].filter((x): x is string => x !== null && isNum(fig.values[x]));
  const texts = new Set(present.map((x) => say.incomplete?.[x]).filter((t): t is string => Boolean(t)));
  const lacking = present.filter((x) => say.incomplete?.[x]);
  const grouped = lacking.length > 1 && texts.size === 1;
  const each = grouped ? null : say;
  const clauses = [figureText(code, v, each)];
  if (g && isNum(fig.values[g])) clauses.push(growthClause(g, fig.values[g]!, each));
  if (pp && isNum(fig.values[pp])) clauses.push(ppClause(pp, fig.values[pp]!, each));
  if (c && isNum(fig.values[c])) clauses.push(...completionClauses(c, fig.values[c]!, ctx, each));
  return clauses.join(T.clauseSeparator) + (grouped ? say.markText([...texts][0], true) : '');
}

const sentence = (items: string[]) => items.join(T.itemSeparator) + T.sentenceEnd;

// ---------------------------------------------------------------- sections

function orderedRows(table: RankingTable): RankingRow[] {
  const order = new Map(table.rows.map((r, i) => [r.unitCode, i]));
  return [...table.rows].sort(
    (a, b) => (a.indexRank ?? Infinity) - (b.indexRank ?? Infinity) || order.get(a.unitCode)! - order.get(b.unitCode)!,
  );
}

function numeral(n: number): string {
  return SECTION_NUMERALS[n - 1] ?? String(n);
}

function citySection(input: BulletinInput, ctx: Context, rows: RankingRow[]): { blocks: BulletinBlock[]; incomplete: boolean } {
  const blocks: BulletinBlock[] = [{ kind: 'heading', text: T.headingCity }];
  const say = new IncompleteSayer(input.city?.incomplete);
  const city = input.city;
  const items = city
    ? CITY_SUMMARY_CODES.map((code) => figureWithContext(city, code, ctx, say)).filter((x): x is string => x !== null)
    : [];
  // Without a period the sentence starts at 全市 (no leading comma).
  const lead = ctx.periodZh ? fill(T.cityLead, { period: ctx.periodZh }) : T.cityLeadNoPeriod;
  if (items.length > 0) blocks.push({ kind: 'paragraph', runs: [{ text: lead + sentence(items) }] });
  else blocks.push({ kind: 'paragraph', runs: [{ text: lead + fill(T.cityNoTotals, { count: rows.length }) }] });

  if (input.ranking.settings.index) {
    const ranked = rows.filter((r) => r.indexRank !== null);
    const topCount = Math.min(3, ranked.length);
    const top = ranked.filter((r) => r.indexRank! <= topCount);
    const parts: string[] = [];
    if (top.length > 0) parts.push(fill(T.indexTop, { units: top.map((r) => r.unitName).join(T.listSeparator), count: numeral(topCount) }));
    const withChange = rows.filter((r) => r.rankChange !== null);
    const up = withChange.filter((r) => r.rankChange! > 0).sort((a, b) => b.rankChange! - a.rankChange!);
    const down = withChange.filter((r) => r.rankChange! < 0).sort((a, b) => a.rankChange! - b.rankChange!);
    const named = (list: RankingRow[]) =>
      list.map((r) => fill(T.unitChange, { unit: r.unitName, change: r.rankChangeText ?? '' })).join(T.listSeparator);
    if (withChange.length > 0) {
      if (up.length === 0 && down.length === 0) parts.push(T.indexAllSame);
      else {
        const moves: string[] = [];
        if (up.length) moves.push(fill(T.indexRise, { units: named(up) }));
        if (down.length) moves.push(fill(T.indexFall, { units: named(down) }));
        parts.push(T.indexChangeLead + moves.join(T.clauseSeparator));
      }
    }
    if (parts.length > 0) blocks.push({ kind: 'paragraph', runs: [{ text: sentence(parts) }] });
  }
  return { blocks, incomplete: say.any };
}

function rankingTables(input: BulletinInput, ctx: Context, rows: RankingRow[]): BulletinBlock[] {
  const table = input.ranking;
  const blocks: BulletinBlock[] = [
    { kind: 'heading', text: table.settings.index ? T.headingRanking : T.headingRankingNoIndex },
    { kind: 'paragraph', runs: [{ text: table.settings.index ? T.seeTable : T.seeAppendix }] },
  ];
  const params = { parent: input.parentName ?? '', period: ctx.periodZh };
  const withPrevious = rows.some((r) => r.rankChange !== null || r.previousRank !== null);
  if (table.settings.index) {
    const columns: BulletinColumn[] = [
      { header: T.colRank, align: 'center', width: 1 },
      { header: T.colUnit, align: 'center', width: 2 },
      { header: T.colIndex, align: 'center', width: 2 },
      ...(withPrevious
        ? ([
            { header: T.colPreviousRank, align: 'center', width: 1.4 },
            { header: T.colChange, align: 'center', width: 1.6 },
          ] as BulletinColumn[])
        : []),
    ];
    const dec = entry('STI_INDEX').decimals;
    blocks.push({
      kind: 'table',
      caption: fill(T.tableIndexCaption, params),
      columns,
      rows: rows.map((r) => [
        r.indexRank === null ? T.none : String(r.indexRank),
        r.unitName,
        r.index === null ? T.none : fixedDecimals(r.index, dec) + (r.incomplete.STI_INDEX ? T.incompleteMark : ''),
        ...(withPrevious ? [r.previousRank === null ? T.none : String(r.previousRank), r.rankChangeText ?? T.none] : []),
      ]),
    });
  }
  return blocks;
}

/** 附表: indicators down, districts (in rank order) across, at most 10 districts a table. */
function appendixTables(input: BulletinInput, ctx: Context, rows: RankingRow[]): BulletinBlock[] {
  const table = input.ranking;
  const perTable = 10;
  const blocks: BulletinBlock[] = [];
  for (let k = 0; k < rows.length; k += perTable) {
    const part = rows.slice(k, k + perTable);
    blocks.push({
      kind: 'table',
      landscape: true,
      caption:
        k === 0
          ? fill(T.tableIndicatorsCaption, { parent: input.parentName ?? '', period: ctx.periodZh })
          : T.tableIndicatorsCaptionContinued,
      columns: [
        { header: T.colIndicator, align: 'left', width: 4.2 },
        { header: T.colIndicatorUnit, align: 'center', width: 1.3 },
        ...part.map((r) => ({ header: r.unitName, align: 'center' as const, width: 1.7 })),
      ],
      rows: table.columns.map((c) => [
        c.nameZh,
        c.unit,
        ...part.map((r) => {
          const v = r.values[c.code];
          if (!isNum(v)) return T.none;
          const value = fixedDecimals(v, c.decimals) + (r.incomplete[c.code] ? T.incompleteMark : '');
          return fill(T.valueWithRank, { value, rank: r.ranks[c.code] === null ? T.none : String(r.ranks[c.code]) });
        }),
      ]),
      note: k + perTable >= rows.length ? T.tableIndicatorsNote : undefined,
    });
  }
  return blocks;
}

function districtSection(
  input: BulletinInput,
  ctx: Context,
  rows: RankingRow[],
  changes: Record<string, Record<string, number | null>> | null,
): { blocks: BulletinBlock[]; incomplete: boolean } {
  const table = input.ranking;
  const blocks: BulletinBlock[] = [{ kind: 'heading', text: T.headingDistricts }];
  const figuresOf = new Map((input.districts ?? []).map((d) => [d.unitCode, d]));
  let incomplete = false;
  // How many units have a rank on each indicator (the halves strongest / weakest are taken from).
  const rankedCount = Object.fromEntries(table.columns.map((c) => [c.code, rows.filter((r) => r.ranks[c.code] !== null).length]));
  for (const r of rows) {
    const fig = figuresOf.get(r.unitCode);
    // The ranking's marks (what a ranked value rests on) and the rollup's (every total) together.
    const say = new IncompleteSayer({ ...(fig?.incomplete ?? {}), ...r.incomplete });
    const sentences: string[] = [];
    if (table.settings.index) {
      if (r.index === null || r.indexRank === null) sentences.push(T.districtIndexMissing + T.sentenceEnd);
      else {
        const value = fixedDecimals(r.index, entry('STI_INDEX').decimals);
        const parts = [fill(T.districtIndex, { value, mark: say.mark('STI_INDEX'), rank: r.indexRank })];
        if (r.rankChange !== null) parts.push(changeText(r.rankChange));
        sentences.push(parts.join(T.clauseSeparator) + T.sentenceEnd);
      }
    }
    const ranked = table.columns
      .map((c, i) => ({ c, i, rank: r.ranks[c.code], value: r.values[c.code] }))
      .filter((x): x is typeof x & { rank: number; value: number } => x.rank !== null && isNum(x.value));
    const item = (x: (typeof ranked)[number]) => {
      const figure = figureText(x.c.code, x.value, say, x.c.nameZh);
      const change = changes?.[r.unitCode]?.[x.c.code];
      return change === null || change === undefined
        ? fill(T.indicatorRanked, { figure, rank: x.rank })
        : fill(T.indicatorRankedChange, { figure, rank: x.rank, change: changeText(change) });
    };
    const strong = [...ranked]
      .filter((x) => rankedCount[x.c.code] > 1 && x.rank <= rankedCount[x.c.code] / 2)
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .slice(0, STRENGTHS_NAMED);
    const weak = [...ranked]
      .filter((x) => rankedCount[x.c.code] > 1 && x.rank > rankedCount[x.c.code] / 2)
      .sort((a, b) => b.rank - a.rank || a.i - b.i)
      .slice(0, STRENGTHS_NAMED);
    if (ranked.length === 0) sentences.push(T.noRankedIndicators + T.sentenceEnd);
    if (strong.length) sentences.push(fill(T.strengths, { items: strong.map(item).join(T.itemSeparator) }) + T.sentenceEnd);
    if (weak.length) sentences.push(fill(T.weaknesses, { items: weak.map(item).join(T.itemSeparator) }) + T.sentenceEnd);
    if (fig) {
      const items = DISTRICT_FIGURE_CODES.map((code) => figureWithContext(fig, code, ctx, say)).filter((x): x is string => x !== null);
      if (items.length) sentences.push(fill(T.districtFigures, { items: items.join(T.itemSeparator) }) + T.sentenceEnd);
    }
    incomplete ||= say.any;
    blocks.push({
      kind: 'paragraph',
      runs: [{ text: fill(T.districtLead, { unit: r.unitName }), bold: true }, { text: sentences.join('') }],
    });
  }
  return { blocks, incomplete };
}

function parkSection(parks: readonly ParkRanking[], heading: string): { blocks: BulletinBlock[]; notes: string[]; incomplete: boolean } {
  const blocks: BulletinBlock[] = [{ kind: 'heading', text: heading }];
  const notes: string[] = [];
  let incomplete = false;
  for (const p of parks) {
    const t = p.table;
    const scope = p.scope === 'city' ? T.parksScopeCity : fill(T.parksScopeDistrict, { unit: p.unit.name });
    blocks.push({ kind: 'paragraph', runs: [{ text: fill(T.parksLead, { scope, count: t.rows.length }) }] });
    const codes = [
      ...PARK_SENTENCE_CODES.filter((c) => t.columns.some((x) => x.code === c)),
      ...t.columns.filter((c) => catalogue.indicator(c.code)?.kind === 'completion').map((c) => c.code),
    ];
    const lead = codes[0];
    const order = t.rows
      .map((row, i) => ({ row, i, district: p.districts[i] }))
      .sort((a, b) => (a.row.ranks[lead] ?? Infinity) - (b.row.ranks[lead] ?? Infinity) || a.i - b.i);
    for (const { row, district } of order) {
      const say = new IncompleteSayer(row.incomplete);
      const items = codes
        .filter((c) => isNum(row.values[c]) && row.ranks[c] !== null)
        .map((c) => fill(T.parkRanked, { figure: figureText(c, row.values[c]!, say), rank: row.ranks[c]! }));
      if (items.length === 0) continue;
      incomplete ||= say.any;
      const leadText =
        p.scope === 'city' && district
          ? fill(T.parkLead, { park: row.unitName, district: district.unitName })
          : fill(T.parkLeadNoDistrict, { park: row.unitName });
      blocks.push({ kind: 'paragraph', runs: [{ text: leadText, bold: true }, { text: sentence(items) }] });
    }
    notes.push(...rankingNotesText(t.notes));
  }
  return { blocks, notes, incomplete };
}

/** 说明: caliber, units, method, index, rank change, 时序进度, incomplete totals, the ranking's own notes. */
function notesSection(
  input: BulletinInput,
  ctx: Context,
  rows: RankingRow[],
  extra: { parkNotes: string[]; peerSetDiffers: boolean },
  number: number,
): BulletinBlock[] {
  const table = input.ranking;
  const s = table.settings;
  const notes: string[] = [T.noteCaliber, T.noteUnits];
  const lower = table.columns.filter((c) => c.direction === -1).map((c) => c.nameZh);
  notes.push(
    fill(T.noteRankMethod, {
      lowerBetter: lower.length ? fill(T.noteLowerBetter, { names: lower.join(T.listSeparator) }) : '',
      method: RANK_METHOD_NAME_ZH[s.method],
      decimals: s.decimals === 'display' ? T.noteDecimalsDisplay : T.noteDecimalsFull,
    }),
  );
  if (s.index) {
    const equal = s.index.weights.every((w) => Math.abs(w - s.index!.weights[0]) < 1e-12);
    const weights = equal
      ? T.noteWeightsEqual
      : fill(T.noteWeights, {
          items: s.index.indicators
            .map((c, i) =>
              fill(T.noteWeightItem, { name: entry(c).nameZh, weight: trimZeros(fixedDecimals(s.index!.weights[i] * 100, 2)) }),
            )
            .join(T.listSeparator),
        });
    notes.push(
      fill(T.noteIndex, {
        count: s.index.indicators.length,
        method: COMPOSITE_METHOD_NAME_ZH[s.index.method],
        aggregation: s.index.aggregation === 'geometric' ? T.noteAggregationGeometric : T.noteAggregationArithmetic,
        weights,
      }),
    );
  }
  if (rows.some((r) => r.rankChange !== null) || extra.peerSetDiffers) notes.push(T.noteChange);
  if (ctx.period && monthsElapsed(ctx.period) < 12) {
    const months = monthsElapsed(ctx.period);
    notes.push(fill(T.noteSchedule, { period: ctx.periodZh, months, progress: trimZeros(fixedDecimals((months / 12) * 100, 2)) }));
  }
  const incompleteItems = incompleteNotes(input, rows);
  if (incompleteItems.length) notes.push(T.noteIncompleteLead + incompleteItems.join(T.itemSeparator) + T.sentenceEnd);
  // The ranking's own notes; its ※ note is said above in full.
  for (const n of table.notes) if (n.kind !== 'incomplete') notes.push(fill(T.noteRanking, { text: rankingNoteText(n) }));
  notes.push(...extra.parkNotes);
  notes.push(...(input.notes ?? []));
  if (input.label) notes.push(fill(T.noteLabel, { label: input.label }));
  return [
    { kind: 'heading', text: fill(T.headingNotes, { number: numeral(number) }) },
    ...notes.map((text, i) => ({ kind: 'note' as const, text: fill(T.noteNumber, { n: i + 1 }) + text })),
  ];
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Every incomplete total the bulletin rests on, per unit, grouped by what it lacks. */
function incompleteNotes(input: BulletinInput, rows: RankingRow[]): string[] {
  const units: { name: string; incomplete: Record<string, string> }[] = [];
  if (input.city?.incomplete) units.push({ name: input.city.unitName, incomplete: input.city.incomplete });
  const figs = new Map((input.districts ?? []).map((d) => [d.unitCode, d]));
  for (const r of rows) units.push({ name: r.unitName, incomplete: { ...(figs.get(r.unitCode)?.incomplete ?? {}), ...r.incomplete } });
  const out: string[] = [];
  for (const u of units) {
    const byText = new Map<string, string[]>();
    for (const [code, text] of Object.entries(u.incomplete)) {
      const base = code.split(':')[0];
      const e = catalogue.get(base);
      if (!e) continue;
      const name = code.includes(':') ? fill(T.notePreviousFigure, { name: e.nameZh }) : e.nameZh;
      const list = byText.get(text) ?? [];
      if (!list.includes(name)) list.push(name);
      byText.set(text, list);
    }
    for (const [text, names] of byText) {
      const shown = names.slice(0, 3).join(T.listSeparator);
      const more = names.length > 3 ? fill(T.noteIncompleteMore, { count: names.length }) : '';
      out.push(
        lackingParts(text)
          ? fill(T.noteIncompleteItem, { unit: u.name, names: shown, more, parts: lackingText(text) })
          : fill(T.noteIncompleteItemText, { unit: u.name, names: shown, more, text }),
      );
    }
  }
  return out;
}

/** Build the bulletin. */
export function buildBulletin(input: BulletinInput): Bulletin {
  let period: Period | null = null;
  try {
    period = input.period ? parsePeriod(input.period) : null;
  } catch {
    period = null;
  }
  const ctx: Context = { period, periodZh: periodTextZh(input.period) };
  const rows = orderedRows(input.ranking);
  const titleLines = [
    input.parentName === null
      ? fill(T.titleLine1NoParent, { period: ctx.periodZh })
      : fill(T.titleLine1, { parent: input.parentName, period: ctx.periodZh }),
    fill(T.titleLine2, {}) + (input.label ? fill(T.titleLabel, { label: input.label }) : ''),
  ];
  const title = titleLines.join('');
  const blocks: BulletinBlock[] = [{ kind: 'title', text: title, lines: titleLines }];
  const issuer = input.issuer ?? (input.parentName === null ? null : fill(T.issuer, { parent: input.parentName }));
  if (input.date)
    blocks.push({
      kind: 'subtitle',
      text: issuer ? fill(T.subtitle, { issuer, date: input.date }) : fill(T.subtitleDateOnly, { date: input.date }),
    });

  const changes = input.previousRows?.length ? indicatorRankChanges(input.ranking, input.previousRows) : null;
  const city = citySection(input, ctx, rows);
  const districts = districtSection(input, ctx, rows, changes?.changes ?? null);
  blocks.push(...city.blocks, ...rankingTables(input, ctx, rows), ...districts.blocks);
  let next = 4;
  let parkNotes: string[] = [];
  let parksIncomplete = false;
  if (input.parks && input.parks.length > 0) {
    const parks = parkSection(input.parks, T.headingParks);
    blocks.push(...parks.blocks);
    parkNotes = parks.notes.map((n) => fill(T.noteRanking, { text: n }));
    parksIncomplete = parks.incomplete;
    next = 5;
  }
  const extraNotes = [...(input.notes ?? [])];
  if (!input.districts) extraNotes.unshift(T.noteNoRollup);
  else if (!input.city) extraNotes.unshift(T.noteNoCity);
  blocks.push(
    ...notesSection({ ...input, notes: extraNotes }, ctx, rows, { parkNotes, peerSetDiffers: changes?.peerSetDiffers ?? false }, next),
  );
  blocks.push(...appendixTables(input, ctx, rows));
  const anyIncomplete =
    city.incomplete || districts.incomplete || parksIncomplete || rows.some((r) => Object.keys(r.incomplete).length > 0);
  return {
    title,
    fileName: fill(T.fileName, { parent: fileNamePart(input.parentName ?? T.parentUnknown), period: fileNamePart(input.period ?? '') }),
    blocks,
    incomplete: anyIncomplete,
  };
}
