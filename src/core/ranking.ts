/**
 * Ranking tables (indicators.md §4–5): the children of one node ranked on every indicator in
 * its catalogue direction, the composite index 科创指数 recomputed among these siblings only,
 * and — given last year's ranking — 位次变化 and 进步位次 on the same peer set and method.
 */
import { catalogue } from './catalogue.js';
import { composite, normaliseWeights, type Aggregation, type CompositeMethod, type Direction } from './composite.js';
import type { RankingNote } from './notes.js';
import { rank, rankChangeText, type RankMethod } from './rank.js';
import { excelRound } from './round.js';
import type { FieldTotal, IndicatorValue, LevelSummary, MissingPart, ParkSummary, RollupResult, RollupRow } from './rollup-types.js';

export interface RankingInputRow {
  unitCode: string;
  unitName: string;
  /** Indicator values by code; null or absent = not ranked. */
  values: Record<string, number | null>;
  /** Values resting on an incomplete total: code → what the total lacks (Chinese). */
  incomplete?: Record<string, string>;
}

export interface IndexOptions {
  method?: CompositeMethod;
  /** Indicators entering the index (default: the ranked indicators). */
  indicators?: string[];
  /** One per index indicator; default equal; normalised to sum 1. */
  weights?: number[];
  /** One per index indicator; default from the catalogue. */
  directions?: Direction[];
  /** Standards ('standard') or base-year values ('base'), one per index indicator. */
  reference?: (number | null)[];
  aggregation?: Aggregation;
}

/** Last year's ranking, as read back from its workbook (or given by a caller). */
export interface PreviousRanking {
  year?: number | null;
  method?: RankMethod;
  units: { unitCode: string; unitName?: string; index: number | null; rank: number | null }[];
}

export interface RankingOptions {
  method?: RankMethod;
  /** 'display': rank on each value rounded to its catalogue display decimals. */
  decimals?: 'display';
  /** Indicator codes to rank, in column order. */
  indicators: string[];
  /** Composite index settings; false for none. Default: minmax over the ranked indicators. */
  index?: IndexOptions | false;
  previous?: PreviousRanking;
}

export interface RankingColumn {
  code: string;
  nameZh: string;
  unit: string;
  decimals: number;
  direction: Direction;
}

/** The settings as applied: what 排名设置 records so next year can use the same caliber. */
export interface RankingSettings {
  /** 'competition' | 'dense' | 'average' */
  method: RankMethod;
  /** 'display': ranked on values rounded to display decimals; 'full': full precision. */
  decimals: 'display' | 'full';
  indicators: string[];
  index: null | {
    method: CompositeMethod;
    indicators: string[];
    /** Normalised to sum 1. */
    weights: number[];
    directions: Direction[];
    reference: (number | null)[] | null;
    aggregation: Aggregation;
  };
}

export interface RankingRow {
  unitCode: string;
  unitName: string;
  /** Value per ranked indicator code. */
  values: Record<string, number | null>;
  /** Rank per ranked indicator code (1 = best in the indicator's direction); null = not ranked. */
  ranks: Record<string, number | null>;
  /** 科创指数 and its rank (null when no index). */
  index: number | null;
  indexRank: number | null;
  /** Indicators missing from this unit's index (weights re-normalised). */
  indexMissing: string[];
  /** With a previous ranking: last year's index (else null). */
  previousIndex: number | null;
  /** Last year's index rank among this year's peer set with this year's method. */
  previousRank: number | null;
  /** previousRank − current rank on the same peer set; + is up. */
  rankChange: number | null;
  /** 位次变化 as text: 上升N位 / 下降N位 / 持平. */
  rankChangeText: string | null;
  /** index − previous index. */
  improvement: number | null;
  /** 进步位次: rank of the improvement among the units that have one. */
  progressRank: number | null;
  /**
   * Ranked values (and STI_INDEX) resting on an incomplete total: code → what it lacks (Chinese);
   * {} when every value is complete.
   */
  incomplete: Record<string, string>;
}

export interface RankingTable {
  settings: RankingSettings;
  columns: RankingColumn[];
  rows: RankingRow[];
  /** Notes as data (composite edge cases, peer-set differences…); rankingNoteText words them. */
  notes: RankingNote[];
}

export const DEFAULT_RANKING_INDICATORS: readonly string[] = [
  'RD_INTENSITY',
  'RD_GROWTH',
  'IND_RD_FEE_RATIO',
  'RD_ACTIVE_FIRM_SHARE',
  'RD_INST_FIRM_SHARE',
  'RD_PER_10K_EMP',
  'HNTE_PER_1000_FIRMS',
  'HT_OUTPUT_SHARE',
  'TECH_CONTRACT_GDP_RATIO',
  'FISCAL_ST_SHARE',
  'TECH_CONTRACT_COMPLETION',
  'DZ_NO_RD_GE_1E8',
];

/** The index's decimals (STI_INDEX in the catalogue). */
const INDEX_DECIMALS = catalogue.get('STI_INDEX')?.decimals ?? 1;

export function rankingColumn(code: string): RankingColumn {
  const e = catalogue.get(code);
  if (!e) throw new Error(`未知的指标代码：${code}`);
  return { code, nameZh: e.nameZh, unit: e.unit, decimals: e.decimals, direction: e.direction };
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Rank the children of one node; see RankingOptions. */
export function rankChildren(rows: readonly RankingInputRow[], options: RankingOptions): RankingTable {
  const method = options.method ?? 'competition';
  const columns = options.indicators.map(rankingColumn);
  const notes: RankingNote[] = [];
  const valueOf = (r: RankingInputRow, code: string): number | null => (isNum(r.values[code]) ? r.values[code]! : null);

  const ranksBy: Record<string, (number | null)[]> = {};
  for (const c of columns) {
    ranksBy[c.code] = rank(
      rows.map((r) => valueOf(r, c.code)),
      { order: c.direction === 1 ? 'desc' : 'asc', method, decimals: options.decimals === 'display' ? c.decimals : undefined },
    );
    const missing = rows.filter((r) => valueOf(r, c.code) === null).map((r) => r.unitName);
    if (missing.length > 0) notes.push({ kind: 'not-ranked', code: c.code, units: missing });
  }

  let settingsIndex: RankingSettings['index'] = null;
  let scores: (number | null)[] = rows.map(() => null);
  const indexMissing: string[][] = rows.map(() => []);
  if (options.index !== false) {
    const io = options.index ?? {};
    const codes = io.indicators ?? options.indicators;
    const cols = codes.map(rankingColumn);
    const directions = io.directions ?? cols.map((c) => c.direction);
    const weights = normaliseWeights(io.weights, codes.length);
    const indexMethod = io.method ?? 'minmax';
    const aggregation = io.aggregation ?? 'arithmetic';
    const matrix = rows.map((r) => codes.map((code) => valueOf(r, code)));
    const result = composite(matrix, { method: indexMethod, weights, directions, reference: io.reference, aggregation, zscoreTo100: true });
    scores = result.scores;
    // What the composite left out of each unit's index (it re-normalised the weights over the rest).
    rows.forEach((_, i) => {
      codes.forEach((code, j) => {
        const s = result.normalized[i][j];
        if ((s === null || !Number.isFinite(s)) && weights[j] > 0) indexMissing[i].push(code);
      });
    });
    // Every note of the composite, with the units and indicators its rows and columns are.
    const units = rows.map((r) => r.unitName);
    for (const n of result.notes) notes.push({ kind: 'index', note: n, units, codes: cols.map((c) => c.code) });
    settingsIndex = { method: indexMethod, indicators: codes, weights, directions, reference: io.reference ?? null, aggregation };
  }
  const indexRanks = rank(scores, { method, decimals: options.decimals === 'display' ? INDEX_DECIMALS : undefined });

  // Rank change and progress on the peer set present both years, with this year's method.
  const prevByCode = new Map((options.previous?.units ?? []).map((u) => [u.unitCode, u]));
  const previousIndex = rows.map((r) => {
    const p = prevByCode.get(r.unitCode);
    return p && isNum(p.index) ? p.index : null;
  });
  const previousRankGiven = rows.map((r) => {
    const p = prevByCode.get(r.unitCode);
    return p && isNum(p.rank) ? p.rank : null;
  });
  const peer = rows.map((_, i) => isNum(scores[i]) && (previousIndex[i] !== null || previousRankGiven[i] !== null));
  const decimals = options.decimals === 'display' ? INDEX_DECIMALS : undefined;
  const curPeerRank = rank(
    scores.map((s, i) => (peer[i] ? s : null)),
    { method, decimals },
  );
  const allHaveIndex = rows.every((_, i) => !peer[i] || previousIndex[i] !== null);
  const prevPeerRank = allHaveIndex
    ? rank(
        previousIndex.map((s, i) => (peer[i] ? s : null)),
        { method, decimals },
      )
    : // Only ranks known: their order among the peers, re-ranked with this year's method.
      rank(
        previousRankGiven.map((s, i) => (peer[i] ? s : null)),
        { method, order: 'asc' },
      );
  if (options.previous) {
    const absent = rows.filter((_, i) => !peer[i]).map((r) => r.unitName);
    const gone = options.previous.units.filter((u) => !rows.some((r) => r.unitCode === u.unitCode)).map((u) => u.unitName ?? u.unitCode);
    if (absent.length > 0 || gone.length > 0) {
      notes.push({ kind: 'peer-set', peers: peer.filter(Boolean).length, absent, gone });
    }
    if (options.previous.method && options.previous.method !== method) {
      notes.push({ kind: 'method-changed', previous: options.previous.method, current: method });
    }
  }
  const improvement = rows.map((_, i) =>
    peer[i] && previousIndex[i] !== null && isNum(scores[i]) ? scores[i]! - previousIndex[i]! : null,
  );
  const progress = rank(improvement, { method, decimals });

  const rankedCodes = new Set([...columns.map((c) => c.code), ...(settingsIndex?.indicators ?? [])]);
  /** Ranked values resting on incomplete totals; the index too when one of its indicators does. */
  const incompleteOf = (r: RankingInputRow, i: number): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [code, why] of Object.entries(r.incomplete ?? {})) if (rankedCodes.has(code) && valueOf(r, code) !== null) out[code] = why;
    const inIndex = (settingsIndex?.indicators ?? []).filter((c) => out[c] !== undefined);
    if (inIndex.length > 0 && scores[i] !== null)
      out.STI_INDEX = `所用指标${inIndex.map((c) => `“${catalogue.get(c)?.nameZh ?? c}”`).join('、')}的合计不完整`;
    return out;
  };
  const out: RankingRow[] = rows.map((r, i) => {
    const change =
      options.previous && peer[i] && prevPeerRank[i] !== null && curPeerRank[i] !== null ? prevPeerRank[i]! - curPeerRank[i]! : null;
    return {
      unitCode: r.unitCode,
      unitName: r.unitName,
      values: Object.fromEntries(columns.map((c) => [c.code, valueOf(r, c.code)])),
      ranks: Object.fromEntries(columns.map((c) => [c.code, ranksBy[c.code][i]])),
      index: scores[i],
      indexRank: indexRanks[i],
      indexMissing: indexMissing[i],
      incomplete: incompleteOf(r, i),
      previousIndex: options.previous ? previousIndex[i] : null,
      previousRank: options.previous && peer[i] ? prevPeerRank[i] : null,
      rankChange: change,
      rankChangeText: change === null ? null : rankChangeText(change),
      improvement: options.previous ? improvement[i] : null,
      progressRank: options.previous ? progress[i] : null,
    };
  });
  const flagged = out.filter((r) => Object.keys(r.incomplete).length > 0);
  if (flagged.length > 0) {
    notes.push({ kind: 'incomplete', units: flagged.map((r) => ({ unitName: r.unitName, codes: Object.keys(r.incomplete) })) });
  }
  return {
    settings: {
      method,
      decimals: options.decimals === 'display' ? 'display' : 'full',
      indicators: [...options.indicators],
      index: settingsIndex,
    },
    columns,
    rows: out,
    notes,
  };
}

/** Value rounded the way the ranking compared it. */
export function rankedValue(value: number | null, decimals: number, mode: RankingSettings['decimals']): number | null {
  if (value === null) return null;
  return mode === 'display' ? excelRound(value, decimals) : value;
}

/**
 * One unit's ranking input from its figures: base fields' 本期数 and derived indicators, and what
 * each value's total lacks — a field's ranked value is its 本期数, so only what that column lacks
 * makes it incomplete; an indicator carries its operands' gaps.
 */
export function rankingInputOf(
  unit: { unitCode: string; unitName: string },
  fields: Readonly<Record<string, FieldTotal>>,
  indicators: Readonly<Record<string, IndicatorValue>>,
): RankingInputRow {
  const values: Record<string, number | null> = {};
  const incomplete: Record<string, string> = {};
  const lacks = (m: readonly MissingPart[]) => m.map((x) => `${x.unitName}：${x.reason}`).join('；');
  for (const [code, f] of Object.entries(fields)) {
    values[code] = f.current;
    const lacking = (f.missing ?? []).filter((m) => m.roles.includes('current'));
    if (lacking.length) incomplete[code] = lacks(lacking);
  }
  for (const [code, v] of Object.entries(indicators)) {
    values[code] = v.value;
    if (v.missing?.length) incomplete[code] = lacks(v.missing);
  }
  return { unitCode: unit.unitCode, unitName: unit.unitName, values, incomplete };
}

/**
 * A 其中 park's row as the ranking of parks keeps it: only what parks can be ranked on (every
 * code's value, kept for a country's parks to the end, made each one a slow object of ~60 keys).
 */
export function parkSummaryOf(row: RollupRow): ParkSummary {
  const all = rankingInputOf({ unitCode: row.unit.code, unitName: row.unit.name }, row.fields, row.indicators);
  const values: Record<string, number | null> = {};
  const incomplete: Record<string, string> = {};
  for (const code of PARK_CODES) {
    if (code in all.values) values[code] = all.values[code];
    const why = all.incomplete?.[code];
    if (why !== undefined) incomplete[code] = why;
  }
  return { unit: row.unit, status: row.status, input: { unitCode: all.unitCode, unitName: all.unitName, values, incomplete } };
}

/** Ranking input from a rollup: each child row's derived indicators and base-field 本期数. */
export function rankingRowsFromRollup(
  result: Pick<RollupResult, 'rows'>,
  roles: ('partition' | 'memo')[] = ['partition'],
): RankingInputRow[] {
  return result.rows
    .filter((r) => r.role !== 'total' && roles.includes(r.role))
    .map((r) => rankingInputOf({ unitCode: r.unit.code, unitName: r.unit.name }, r.fields, r.indicators));
}

/**
 * What parks are ranked on: indicators a park's own submission gives (its 本期数, growth and
 * ratios of its own figures) — not the GDP / 就业人员 / 财政 ratios, which exist only for a
 * district or the city.
 */
export const PARK_RANKING_INDICATORS: readonly string[] = [
  'RD_EXP',
  'RD_GROWTH',
  'HNTE_COUNT',
  'TECH_CONTRACT_AMT',
  'IND_RD_FEE_RATIO',
  'RD_ACTIVE_FIRM_SHARE',
  'RD_INST_FIRM_SHARE',
  'HT_OUTPUT_SHARE',
];
/** Completion rates, ranked when some park has a 全年目标 for them. */
export const PARK_COMPLETION_INDICATORS: readonly string[] = ['RD_COMPLETION', 'HNTE_COMPLETION', 'TECH_CONTRACT_COMPLETION'];
/** Every code a park can be ranked on. */
const PARK_CODES = [...PARK_RANKING_INDICATORS, ...PARK_COMPLETION_INDICATORS];

/** Parks ranked among parks (product.md §5): the memo parks of a district, or of every district of the city. */
export interface ParkRanking {
  /** 'district': the parks of one district; 'city': every district's parks together. */
  scope: 'district' | 'city';
  /** The district or the city. */
  unit: RollupResult['unit'];
  period: string | null;
  /** The district of each ranked park, in table row order. */
  districts: { unitCode: string; unitName: string }[];
  /** Competition ranks (RANK.EQ) on full-precision values, no composite index. */
  table: RankingTable;
}

/**
 * Rank the 其中 (memo) parks among parks. A city rollup (a city result among `results`) ranks
 * all its districts' parks together — the city bureau compares its parks with each other, and
 * a district bureau ranks its own parks in its own district rollup; without a city result each
 * district ranks its own. Parks that did not submit are left out (named in a note); at least
 * two submitted parks make a ranking. Parks marked 计入合计 are partition units, not memo
 * parks, and are not ranked here. Ranking never touches the totals.
 */
export function rankParks(results: readonly (RollupResult | LevelSummary)[]): ParkRanking[] {
  const districts = results.filter((r) => r.level === 'district');
  const city = results.find((r) => r.level === 'city');
  const groups: { scope: ParkRanking['scope']; unit: RollupResult['unit']; period: string | null; members: typeof districts }[] = city
    ? [{ scope: 'city', unit: city.unit, period: city.period, members: districts }]
    : districts.map((d) => ({ scope: 'district', unit: d.unit, period: d.period, members: [d] }));
  const out: ParkRanking[] = [];
  for (const g of groups) {
    const parks = g.members.flatMap((d) =>
      ('parks' in d ? d.parks : d.rows.filter((r) => r.role === 'memo').map(parkSummaryOf)).map((park) => ({ park, district: d.unit })),
    );
    const submitted = parks.filter((p) => p.park.status === 'included');
    if (submitted.length < 2) continue;
    const rows = submitted.map((p) => p.park.input);
    const completions = PARK_COMPLETION_INDICATORS.filter((code) => rows.some((r) => isNum(r.values[code])));
    const table = rankChildren(rows, { method: 'competition', indicators: [...PARK_RANKING_INDICATORS, ...completions], index: false });
    const missing = parks.filter((p) => p.park.status !== 'included').map((p) => p.park.unit.name);
    if (missing.length > 0) table.notes.push({ kind: 'parks-not-submitted', units: missing });
    out.push({
      scope: g.scope,
      unit: g.unit,
      period: g.period,
      districts: submitted.map((p) => ({ unitCode: p.district.code, unitName: p.district.name })),
      table,
    });
  }
  return out;
}
