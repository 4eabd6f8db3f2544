/**
 * Checks a bulletin's text (as LibreOffice extracts it from the .docx) against the JSON of
 * `sti rank --json` and `sti rollup --json`: every figure, rank, rank change, growth, completion
 * and 时序进度 said is found, rounded the Excel way at the catalogue's decimals (万元 from 1亿 on
 * in 亿元 with 2 decimals), and equals the JSON; the tables cell by cell; every incomplete mark
 * names a unit and reason the JSON has, and every district resting on an incomplete total has
 * one. Whatever digits are left after that are reported: no number goes unchecked.
 */
import type { LevelJson, ParkRankingJson, RankJson, RankingRowJson, RollupJson, UnitJson } from '../../src/cli/json-shape.js';
import { BASE_FIELDS, DERIVED_INDICATORS, catalogue } from '../../src/core/catalogue.js';
import { monthsElapsed, parsePeriod, periodTextZh } from '../../src/core/period.js';
import { excelRound } from '../../src/core/round.js';

export interface BulletinExpectations {
  rank: RankJson;
  /** null: the bulletin was made without a rollup (ranks only). */
  rollup: RollupJson | null;
  /** The bulletin should have the city total (made from submissions or in the demo). */
  cityTotals: boolean;
  /** The inputs say which totals are incomplete (a ranking workbook alone does not): the marks are checked. */
  incompleteKnown?: boolean;
  /** Last year's ranking workbook rows (readRankingWorkbook), for each indicator's 较上年 change. */
  previous: { unitCode: string; values: Record<string, number | null>; ranks: Record<string, number | null> }[] | null;
}

export interface CheckResult {
  problems: string[];
  /** How many numbers were checked against the JSON. */
  checked: number;
  /** Kinds of statements found, for the caller to require. */
  seen: Set<string>;
}

const NUM = String.raw`-?\d+(?:\.\d+)?`;
const decimalsOf = (s: string) => (s.includes('.') ? s.split('.')[1].length : 0);
const related = (code: string, kind: 'growth' | 'completion' | 'pp') =>
  DERIVED_INDICATORS.find((d) => d.kind === kind && (kind === 'pp' ? d.of === code : d.numerator === code))?.code ?? null;

/** Every catalogue name → a token ⟦CODE⟧, longest names first (some names begin others). */
const NAMES = [...BASE_FIELDS, ...DERIVED_INDICATORS].map((e) => [e.nameZh, e.code] as const).sort((a, b) => b[0].length - a[0].length);
function tokenize(text: string): string {
  let out = text;
  for (const [name, code] of NAMES) out = out.split(name).join(`⟦${code}⟧`);
  return out;
}

/** The text between a full-width bracket at `start` and its matching close, or -1. */
function closing(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '（') depth++;
    else if (text[i] === '）' && --depth === 0) return i;
  }
  return -1;
}

/** Top-level parts of "甲（原因）、乙（原因（…））". */
function splitParts(text: string): { unit: string; reason: string }[] {
  const out: { unit: string; reason: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('（', i);
    if (open < 0) return [...out, { unit: text.slice(i), reason: '' }];
    const close = closing(text, open);
    out.push({ unit: text.slice(i, open).replace(/^、/, ''), reason: text.slice(open + 1, close) });
    i = close + 1;
  }
  return out;
}

export function checkBulletinText(text: string, exp: BulletinExpectations): CheckResult {
  const problems: string[] = [];
  const seen = new Set<string>();
  let checked = 0;
  const rank = exp.rank;
  const periodZh = periodTextZh(rank.period);
  const period = rank.period ? parsePeriod(rank.period) : null;
  const cityLevel: LevelJson | undefined = exp.rollup?.levels.find((l) => l.level === 'city');
  const unitOf = (code: string): UnitJson | undefined =>
    cityLevel?.rows.find((r) => r.unitCode === code) ?? exp.rollup?.levels.find((l) => l.unitCode === code)?.total;
  const parks: ParkRankingJson | undefined = exp.rollup?.parkRankings[0];
  const n = rank.rows.length;
  const known = exp.incompleteKnown ?? true;

  // Every reason a total's incompleteness can give, from the JSON.
  const reasons = new Set<string>();
  const incompleteTexts = new Set<string>();
  for (const l of exp.rollup?.levels ?? [])
    for (const u of [l.total, ...l.rows])
      for (const parts of Object.values(u.missing)) for (const p of parts) reasons.add(`${p.unitName}（${p.reason}）`);
  for (const r of rank.rows)
    for (const t of Object.values(r.incomplete)) {
      incompleteTexts.add(t);
      for (const p of t.split('；')) {
        const k = p.indexOf('：');
        if (k > 0) reasons.add(`${p.slice(0, k)}（${p.slice(k + 1)}）`);
      }
    }
  const reasonList = [...reasons].sort((a, b) => b.length - a.length);

  /** Remove and check the incomplete marks of a line; returns the line without them and how many there were. */
  const marks = (line: string, where: string): { line: string; count: number } => {
    let out = line;
    let count = 0;
    for (;;) {
      const start = out.search(/（(该|以上)数据(同样)?不完整/);
      if (start < 0) break;
      const end = closing(out, start);
      const inner = out.slice(start + 1, end);
      count++;
      const m = /^(?:该|以上)数据不完整(?:，不含(.*)|：(.*))$/.exec(inner);
      if (m?.[1] !== undefined) {
        for (const p of splitParts(m[1]))
          if (!reasons.has(`${p.unit}（${p.reason}）`))
            problems.push(`${where}：不完整说明“${p.unit}（${p.reason}）”不在 JSON 的 missing 中`);
      } else if (m?.[2] !== undefined) {
        if (!incompleteTexts.has(m[2])) problems.push(`${where}：不完整说明“${m[2]}”不在 sti rank --json 的 incomplete 中`);
      } else if (!/^(?:该|以上)数据同样不完整$/.test(inner)) problems.push(`${where}：看不懂的不完整说明“${inner}”`);
      out = out.slice(0, start) + out.slice(end + 1);
    }
    return { line: out, count };
  };

  /** A printed number against the JSON value: same decimals as the catalogue (亿元: 2) and Excel's ROUND of it. */
  const figure = (where: string, code: string, printed: string, unit: string, expected: number | null | undefined) => {
    checked++;
    const e = catalogue.get(code);
    if (!e) return void problems.push(`${where}：未知指标 ${code}`);
    if (expected === null || expected === undefined) return void problems.push(`${where}：${e.nameZh} ${printed}${unit}，JSON 中无此数`);
    const yi = unit === '亿元';
    if (yi ? e.unit !== '万元' || Math.abs(expected) < 10000 : unit !== e.unit)
      problems.push(`${where}：${e.nameZh}的单位 ${unit} 不对（目录为 ${e.unit}，值 ${expected}）`);
    const d = yi ? 2 : e.decimals;
    if (decimalsOf(printed) !== d) problems.push(`${where}：${e.nameZh} ${printed} 应保留 ${d} 位小数`);
    const want = excelRound(yi ? expected / 10000 : expected, d);
    if (Number(printed) !== want) problems.push(`${where}：${e.nameZh} ${printed}${unit}，JSON 为 ${expected}（应印 ${want}）`);
  };
  const equal = (where: string, what: string, printed: number, expected: number | null | undefined) => {
    checked++;
    if (printed !== expected) problems.push(`${where}：${what} ${printed}，JSON 为 ${expected}`);
  };

  /** Whether every ranked unit has last year's value of `code` (then the change is last year's rank − this year's). */
  const previousRank = (unitCode: string, code: string): number | null | 'unknown' => {
    if (!exp.previous) return null;
    const all = rank.rows.every(
      (r) => r.values[code] !== null && exp.previous!.some((p) => p.unitCode === r.unitCode && p.values[code] != null),
    );
    if (!all) return 'unknown';
    return exp.previous.find((p) => p.unitCode === unitCode)?.ranks[code] ?? null;
  };

  const STATEMENT = new RegExp(
    [
      `⟦([A-Z0-9_]+)⟧(${NUM})(亿元|万元|%|家|个|人年/万人|人年|人|分)`,
      `居(全市|园区)第(\\d+)位`,
      `较上年(上升|下降)(\\d+)位`,
      `与上年持平`,
      `同比(增长|下降)(${NUM})%`,
      `与上年同期持平`,
      `比上年(提高|下降)(${NUM})个百分点`,
      `完成全年目标的(${NUM})%`,
      `(超|落后)时序进度(${NUM})个百分点`,
      `与时序进度持平`,
    ].join('|'),
    'g',
  );

  /** Check one subject's sentences (a district, the city, a park); returns the line with every checked statement removed. */
  const statements = (
    line: string,
    where: string,
    valueOf: (code: string) => number | null | undefined,
    rankOf: ((code: string) => number | null | undefined) | null,
    changeOf: ((code: string) => number | null | 'unknown') | null,
    indicators: Record<string, number | null> | null,
  ): string => {
    let last: string | null = null;
    let lastKind: 'figure' | 'rank' | 'other' = 'other';
    const out = tokenize(line).replace(
      STATEMENT,
      (all, code, value, unit, scope, place, dir, by, grow, growBy, ppDir, ppBy, completion, sched, schedBy) => {
        if (code) {
          figure(where, code, value, unit, valueOf(code));
          last = code;
          lastKind = 'figure';
          seen.add('figure');
        } else if (place) {
          if (!last || !rankOf) problems.push(`${where}：位次“${all}”前面没有指标`);
          else equal(where, `${catalogue.get(last)?.nameZh}位次`, Number(place), rankOf(last));
          lastKind = 'rank';
          seen.add(scope === '园区' ? 'park-rank' : 'rank');
        } else if (dir || all === '与上年持平') {
          const change = dir ? (dir === '上升' ? Number(by) : -Number(by)) : 0;
          if (lastKind === 'rank' && last && changeOf) {
            const want = changeOf(last);
            if (want === 'unknown') problems.push(`${where}：${catalogue.get(last)?.nameZh}的位次变化无法从上年排名核对`);
            else equal(where, `${catalogue.get(last)?.nameZh}位次变化`, change, want);
            seen.add(last === 'STI_INDEX' ? 'index-change' : 'indicator-change');
          } else if (all === '与上年持平' && last && indicators) {
            const pp = related(last, 'pp');
            checked++;
            if (!pp || excelRound(indicators[pp] ?? NaN, catalogue.get(pp)!.decimals) !== 0) problems.push(`${where}：“与上年持平”不对应`);
          } else problems.push(`${where}：“${all}”前面没有位次`);
          lastKind = 'other';
        } else if (grow || all === '与上年同期持平') {
          const g = last ? related(last, 'growth') : null;
          if (!g || !indicators) problems.push(`${where}：增速“${all}”没有对应指标`);
          else {
            const v = indicators[g];
            if (grow) figure(where, g, growBy, '%', v === null || v === undefined ? v : Math.abs(v));
            if (grow && v !== null && v !== undefined && Math.sign(v) !== (grow === '增长' ? 1 : -1))
              problems.push(`${where}：增速方向不对`);
            if (!grow) equal(where, '增速（持平）', 0, excelRound(v ?? NaN, catalogue.get(g)!.decimals));
            seen.add('growth');
          }
          lastKind = 'other';
        } else if (ppDir) {
          const pp = last ? related(last, 'pp') : null;
          if (!pp || !indicators) problems.push(`${where}：“${all}”没有对应指标`);
          else {
            const v = indicators[pp];
            figure(where, pp, ppBy, '百分点', v === null || v === undefined ? v : Math.abs(v));
            if (v !== null && v !== undefined && Math.sign(v) !== (ppDir === '提高' ? 1 : -1)) problems.push(`${where}：百分点方向不对`);
            seen.add('pp');
          }
          lastKind = 'other';
        } else if (completion) {
          const c = last ? related(last, 'completion') : null;
          if (!c || !indicators) problems.push(`${where}：完成率没有对应指标`);
          else {
            figure(where, c, completion, '%', indicators[c]);
            last = c;
            seen.add('completion');
          }
          lastKind = 'other';
        } else if (sched || all === '与时序进度持平') {
          const c = last && catalogue.indicator(last)?.kind === 'completion' ? last : null;
          if (!c || !indicators || !period) problems.push(`${where}：时序进度没有对应的完成率`);
          else {
            const d = catalogue.get(c)!.decimals;
            const gap = excelRound((indicators[c] ?? NaN) - (monthsElapsed(period) / 12) * 100, d);
            checked++;
            const printed = sched ? (sched === '超' ? Number(schedBy) : -Number(schedBy)) : 0;
            if (printed !== gap || (sched && decimalsOf(schedBy) !== d)) problems.push(`${where}：时序进度 ${all}，应为 ${gap}`);
            seen.add('schedule');
          }
          lastKind = 'other';
        }
        return '';
      },
    );
    return out;
  };

  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const residual: { line: string; where: string }[] = [];
  const districtOrder: string[] = [];
  let i = 0;
  let inNotes = false;
  let noteNumber = 0;
  while (i < lines.length) {
    const raw = lines[i];
    const where = `第${i + 1}行`;
    i++;
    if (!raw) continue;
    if (/^[一二三四五六七八九十]、/.test(raw)) {
      inNotes = raw.endsWith('说明');
      continue;
    }
    // Tables: the caption, then one line per cell.
    if (/^表1\u3000/.test(raw) || /^附表\u3000/.test(raw) || raw === '附表（续）') {
      const index = raw.startsWith('表1');
      const header: string[] = [];
      while (i < lines.length && !/^\d/.test(lines[i]) && (index || !NAMES.some(([name]) => lines[i] === name))) header.push(lines[i++]);
      const width = header.length;
      if (index) {
        for (const r of [...rank.rows].sort((a, b) => (a.indexRank ?? 99) - (b.indexRank ?? 99))) {
          const cells = lines.slice(i, i + width);
          i += width;
          const w = `表1 ${r.unitName}`;
          if (cells[1] !== r.unitName) problems.push(`${w}：顺序不对（${cells[1]}）`);
          equal(w, '位次', Number(cells[0]), r.indexRank);
          figure(w, 'STI_INDEX', cells[2].replace('※', ''), '分', r.index);
          if (known && cells[2].includes('※') !== Boolean(r.incomplete.STI_INDEX)) problems.push(`${w}：※ 标注不对`);
          if (width >= 5) {
            equal(w, '上年位次', Number(cells[3]), r.previousRank);
            checked++;
            if (cells[4] !== r.rankChangeText) problems.push(`${w}：位次变化 ${cells[4]}，JSON 为 ${r.rankChangeText}`);
          }
        }
        seen.add('table1');
      } else {
        const units = header.slice(2).map((name) => rank.rows.find((r) => r.unitName === name)!);
        for (const c of rank.columns) {
          const cells = lines.slice(i, i + width);
          i += width;
          const w = `附表 ${c.nameZh}`;
          if (cells[0] !== c.nameZh || cells[1] !== c.unit) problems.push(`${w}：行首为 ${cells[0]}/${cells[1]}`);
          units.forEach((r: RankingRowJson, k) => {
            const m = new RegExp(`^(${NUM})(※?)（(\\d+|—)）$`).exec(cells[2 + k]);
            if (!m) return void problems.push(`${w} ${r.unitName}：看不懂“${cells[2 + k]}”`);
            figure(`${w} ${r.unitName}`, c.code, m[1], c.unit, r.values[c.code]);
            equal(`${w} ${r.unitName}`, '位次', Number(m[3]), r.ranks[c.code]);
            if (known && Boolean(m[2]) !== Boolean(r.incomplete[c.code])) problems.push(`${w} ${r.unitName}：※ 标注不对`);
          });
        }
        seen.add('appendix');
      }
      continue;
    }
    const district = rank.rows.find((r) => raw.startsWith(`${r.unitName}：`));
    const park = parks?.rows.find((p) => raw.startsWith(`${p.unitName}（${p.districtName}）：`));
    if (district) {
      districtOrder.push(district.unitName);
      const { line, count } = marks(raw.slice(district.unitName.length + 1), district.unitName);
      const unit = unitOf(district.unitCode);
      const rankedOrIndex = (code: string) =>
        code === 'STI_INDEX' ? district.index : code in district.values ? district.values[code] : undefined;
      const rest = statements(
        line,
        district.unitName,
        (code) => rankedOrIndex(code) ?? unit?.fields[code]?.current ?? unit?.indicators[code],
        (code) => (code === 'STI_INDEX' ? district.indexRank : district.ranks[code]),
        (code) =>
          code === 'STI_INDEX'
            ? district.rankChange
            : (() => {
                const prev = previousRank(district.unitCode, code);
                return prev === null || prev === 'unknown' ? prev : prev - district.ranks[code]!;
              })(),
        unit?.indicators ?? null,
      );
      const lacks = Object.keys(district.incomplete).length > 0 || Object.keys(unit?.missing ?? {}).length > 0;
      if (known && lacks !== count > 0)
        problems.push(`${district.unitName}：${lacks ? '依据不完整合计的数据没有注明' : '没有不完整的数据却注明了'}`);
      if (count > 0) seen.add('incomplete-mark');
      // Strongest in the top half, weakest in the bottom half.
      const half = (label: string, ok: (r: number) => boolean) => {
        const seg = new RegExp(`${label}：([^。]*)。`).exec(tokenize(line))?.[1] ?? '';
        for (const m of seg.matchAll(/⟦([A-Z0-9_]+)⟧[^⟦]*?居全市第(\d+)位/g))
          if (!ok(Number(m[2]))) problems.push(`${district.unitName}：${label}${catalogue.get(m[1])?.nameZh}第${m[2]}位`);
      };
      half('优势指标', (r) => r <= n / 2);
      half('短板指标', (r) => r > n / 2);
      residual.push({ line: rest, where: district.unitName });
      continue;
    }
    if (park && parks) {
      const { line } = marks(raw.slice(`${park.unitName}（${park.districtName}）：`.length), park.unitName);
      const rest = statements(
        line,
        park.unitName,
        (code) => park.values[code],
        (code) => park.ranks[code],
        null,
        null,
      );
      residual.push({ line: rest, where: park.unitName });
      seen.add('park');
      continue;
    }
    if (raw.startsWith(`${periodZh}，全市`)) {
      const m = /^.*?全市(\d+)个区（县）参与排名。$/.exec(raw);
      if (m) {
        equal('全市', '区（县）数', Number(m[1]), n);
        if (exp.cityTotals) problems.push('全市：应有全市合计，实际没有');
        continue;
      }
      const total = cityLevel?.total;
      if (!total) {
        problems.push('全市：有全市合计，JSON 中没有');
        continue;
      }
      const { line, count } = marks(raw.slice(periodZh.length), '全市');
      // Marks in the city paragraph only where the JSON says some city total is incomplete (the figures it
      // quotes may all be complete even when others are not).
      if (count > 0 && Object.keys(total.missing).length === 0) problems.push('全市：不完整注明与 JSON 不符');
      const rest = statements(line, '全市', (code) => total.fields[code]?.current ?? total.indicators[code], null, null, total.indicators);
      residual.push({ line: rest, where: '全市' });
      seen.add('city');
      continue;
    }
    if (raw.startsWith('从科创指数看')) {
      const top = /从科创指数看，(.+?)居全市前[一二三]位/.exec(raw)?.[1].split('、') ?? [];
      const want = [...rank.rows].filter((r) => r.indexRank !== null && r.indexRank <= 3).sort((a, b) => a.indexRank! - b.indexRank!);
      checked++;
      if (top.join('、') !== want.map((r) => r.unitName).join('、'))
        problems.push(`前三位：${top.join('、')}，JSON 为 ${want.map((r) => r.unitName).join('、')}`);
      for (const m of raw.matchAll(/([^、，有]+?)（((?:上升|下降)\d+位)）/g)) {
        const r = rank.rows.find((x) => x.unitName === m[1]);
        checked++;
        if (!r || r.rankChangeText !== m[2]) problems.push(`位次变化：${m[1]} ${m[2]}，JSON 为 ${r?.rankChangeText}`);
      }
      residual.push({ line: raw.replace(/（(?:上升|下降)\d+位）/g, ''), where: '科创指数概述' });
      continue;
    }
    if (raw.startsWith('全市共')) {
      const m = /^全市共(\d+)个园区/.exec(raw);
      equal('园区', '园区数', Number(m?.[1]), parks?.rows.length);
      residual.push({ line: raw.replace(/^全市共\d+个/, ''), where: '园区' });
      continue;
    }
    if (inNotes) {
      const m = /^(\d+)．/.exec(raw);
      if (m) {
        noteNumber++;
        if (Number(m[1]) !== noteNumber) problems.push(`说明编号 ${m[1]}，应为 ${noteNumber}`);
      }
      let line = raw.replace(/^\d+．/, '');
      const idx = /由(\d+)项指标/.exec(line);
      if (idx) equal('说明', '指数指标数', Number(idx[1]), rank.settings.index?.indicators.length);
      line = line.replace(/由\d+项指标/, '').replace(/等(\d+)项/g, (_, k: string) => (Number(k) > 3 ? '' : `等${k}项`));
      line = line.replace('金额在1亿元及以上', '');
      for (const note of rank.notes) line = line.split(note).join('');
      for (const r of reasonList) line = line.split(r).join('');
      if (period && line.startsWith('时序进度')) {
        const months = monthsElapsed(period);
        const pct = /即(\d+(?:\.\d+)?)%/.exec(line);
        equal('说明', '时序进度', Number(pct?.[1]), excelRound((months / 12) * 100, 2));
        line = line
          .split(`${periodZh}为全年的${months}/12`)
          .join('')
          .replace(/即\d+(?:\.\d+)?%/, '');
      }
      line = tokenize(line);
      if (line.includes('权重：')) {
        const s = rank.settings.index!;
        for (const m of line.matchAll(new RegExp(`⟦([A-Z0-9_]+)⟧(${NUM})%`, 'g'))) {
          const k = s.indicators.indexOf(m[1]);
          equal('说明', `${catalogue.get(m[1])?.nameZh}权重`, Number(m[2]), k < 0 ? undefined : excelRound(s.weights[k] * 100, 2));
        }
        line = line.replace(new RegExp(`(⟦[A-Z0-9_]+⟧)${NUM}%`, 'g'), '$1');
      }
      residual.push({ line, where: `说明 ${raw.slice(0, 12)}` });
      continue;
    }
    // Title, date line and the lines that point to the tables.
    residual.push({
      line: raw
        .split(periodZh)
        .join('')
        .replace(/^.*科学技术局\u3000\d{4}年\d{1,2}月\d{1,2}日$/, '')
        .replace(/^\d{4}年\d{1,2}月\d{1,2}日$/, '')
        .replace('见表1', ''),
      where,
    });
  }
  const expectedOrder = [...rank.rows].sort((a, b) => (a.indexRank ?? 99) - (b.indexRank ?? 99)).map((r) => r.unitName);
  if (districtOrder.join('、') !== expectedOrder.join('、'))
    problems.push(`各区段落顺序 ${districtOrder.join('、')}，应为 ${expectedOrder.join('、')}`);
  for (const r of residual) {
    let rest = r.line;
    for (const reason of reasonList) rest = rest.split(reason).join('');
    rest = rest.replace(/⟦[A-Z0-9_]+⟧/g, '');
    const digits = rest.match(/\d+(?:\.\d+)?/g);
    if (digits) problems.push(`${r.where}：未核对的数 ${digits.join('、')}（${rest.slice(0, 80)}）`);
  }
  return { problems, checked, seen };
}
