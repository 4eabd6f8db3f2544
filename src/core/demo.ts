/**
 * 示例市: deterministic synthetic data for `sti demo`, tests and the task pane preview.
 * Six districts, 4–8 townships/streets and 1–2 parks each, enterprise lists where some park
 * enterprises are also listed by their township, and a few planted defects that validation
 * catches. Every number comes from a seeded generator: the same seed gives the same data.
 * These are 示例数据 (sample data), not statistics of any real place.
 */
import { BASE_FIELDS, ENTERPRISE_FLAGS, type EnterpriseFlag } from './catalogue.js';
import { matchesCountRule } from './rollup.js';
import type { PreviousRanking } from './ranking.js';
import type { EnterpriseRow, FieldValue, Register, RegisterUnit, Submission } from './types.js';
import { withUsccCheckChar } from './uscc.js';
import { prng, TOWN_STEMS, PARK_STEMS, FIRM_STEMS, FIRM_TAILS, USCC_CHARS } from './synthetic.js';

export const DEMO_LABEL = '示例数据';
export const DEMO_CITY_NAME = '示例市';

export interface DemoDefect {
  /** Unit code of the submission carrying it. */
  unitCode: string;
  /** The validation finding code that reports it (src/core/validate-codes.ts). */
  kind: 'USCC_INVALID' | 'COUNT_MISMATCH' | 'SCALE_ANOMALY' | 'USCC_CONFLICT' | 'PART_EXCEEDS_WHOLE';
  descriptionZh: string;
}

export interface DemoData {
  year: number;
  period: string;
  register: Register;
  /** One per township, park, district and the city; `file` is the suggested file name. */
  submissions: Submission[];
  /** A synthetic previous-year ranking (composite index and its rank per district). */
  previousRanking: PreviousRanking;
  defects: DemoDefect[];
}

const DISTRICTS = ['东湖区', '西岭区', '南港区', '北塘区', '中山区', '青溪县'];
/** The demo city uses the first 16 town stems (its files and planted defects name them). */
const DEMO_TOWN_STEMS = TOWN_STEMS.slice(0, 16);

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

function field(current: number | null, previous: number | null = null, target: number | null = null): FieldValue {
  return { current, previous, target, note: null, refs: {} };
}

function flagsOf(set: Partial<Record<EnterpriseFlag, boolean>>): Record<EnterpriseFlag, boolean> {
  const out = {} as Record<EnterpriseFlag, boolean>;
  for (const f of ENTERPRISE_FLAGS) out[f.flag] = Boolean(set[f.flag]);
  return out;
}

/** The whole 示例市 data set for a year (default 2024) and seed. */
export function buildDemoData(options: { year?: number; seed?: number } = {}): DemoData {
  const year = options.year ?? 2024;
  const rnd = prng(options.seed ?? 20240);
  const between = (a: number, b: number) => a + (b - a) * rnd();
  const int = (a: number, b: number) => Math.floor(between(a, b + 1));
  const period = String(year);
  const cityCode = '990000';
  const units: RegisterUnit[] = [{ code: cityCode, name: DEMO_CITY_NAME, kind: 'city', parentCode: null }];
  const submissions: Submission[] = [];
  const defects: DemoDefect[] = [];
  let firmSerial = 0;

  const newFirm = (township: string, park: string | null): EnterpriseRow => {
    firmSerial++;
    const body = `91${cityCode.slice(0, 4)}00` + Array.from({ length: 9 }, () => USCC_CHARS[int(0, 30)]).join('');
    const ind = rnd() < 0.85;
    const rdActive = ind && rnd() < 0.6;
    const revenue = round(Math.exp(between(Math.log(2000), Math.log(120000))), 1);
    const hnte = rdActive && rnd() < 0.45;
    const rdFee = rdActive ? round(revenue * between(0.008, 0.045), 1) : 0;
    return {
      uscc: withUsccCheckChar(body),
      name: `${DEMO_CITY_NAME}${FIRM_STEMS[int(0, FIRM_STEMS.length - 1)]}${FIRM_TAILS[int(0, FIRM_TAILS.length - 1)]}（${firmSerial}号）`,
      township,
      park,
      flags: flagsOf({
        IND: ind,
        RD_ACTIVE: rdActive,
        RD_INST: rdActive && rnd() < 0.5,
        HNTE: hnte,
        HNTE_NEW: hnte && rnd() < 0.25,
        TSME: rnd() < 0.4,
      }),
      revenue,
      rdFee,
      rdExp: rdActive ? round(rdFee * between(0.8, 1.1), 1) : 0,
      rdFte: rdActive ? round(between(3, 60), 1) : 0,
      ref: { file: '', sheet: '企业名录', cell: '' },
    };
  };

  /** Fields of a township or park from its enterprise list plus area-level amounts. */
  const unitFieldsOf = (firms: EnterpriseRow[], scale: number, withTargets: boolean): Record<string, FieldValue> => {
    const fields: Record<string, FieldValue> = {};
    const ind = firms.filter((e) => e.flags.IND);
    const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
    const level: Record<string, number> = {
      RD_EXP: round(sum(firms.map((e) => e.rdExp)) * between(1.05, 1.3), 1),
      IND_REVENUE: round(sum(ind.map((e) => e.revenue)), 1),
      IND_RD_FEE: round(sum(ind.map((e) => e.rdFee)), 1),
      IND_RD_FTE: round(sum(ind.map((e) => e.rdFte)), 1),
      RD_FTE: round(sum(firms.map((e) => e.rdFte)) * between(1.05, 1.25), 1),
      FIRMS_TOTAL: Math.round(firms.length * between(25, 60) * scale),
      TECH_CONTRACT_AMT: round(between(800, 30000) * scale, 1),
      TECH_CONTRACT_ABSORB: round(between(500, 20000) * scale, 1),
      IND_OUTPUT: round(sum(ind.map((e) => e.revenue)) * between(0.85, 1.02), 1),
      IND_VA: round(sum(ind.map((e) => e.revenue)) * between(0.22, 0.3), 1),
      PLATFORMS_NEW: int(0, 4),
      TALENT_NEW: int(0, 8),
    };
    level.HT_OUTPUT = round(level.IND_OUTPUT * between(0.15, 0.65), 1);
    level.HT_VA = round(level.IND_VA * between(0.15, 0.65), 1);
    for (const f of BASE_FIELDS) {
      if (f.scope !== 'all') continue;
      const cur = f.fromEnterprises ? firms.filter((e) => matchesCountRule(e, f.fromEnterprises!)).length : level[f.code];
      if (cur === undefined) continue;
      const prev = f.integer ? Math.max(0, Math.round(cur / between(0.9, 1.25))) : round(cur / between(0.92, 1.3), 1);
      const target =
        withTargets && (f.code === 'RD_EXP' || f.code === 'TECH_CONTRACT_AMT' || f.code === 'HNTE_COUNT')
          ? f.integer
            ? Math.round(cur * between(0.9, 1.2))
            : round(cur * between(0.85, 1.2), 1)
          : null;
      fields[f.code] = field(cur, prev, target);
    }
    return fields;
  };

  const fileFor = (u: RegisterUnit) => `${u.code}_${u.name}_${year}.xlsx`;
  const submissionOf = (u: RegisterUnit, fields: Record<string, FieldValue>, enterprises: EnterpriseRow[]): Submission => ({
    file: fileFor(u),
    templateId: 'STI-SUBMISSION',
    templateVersion: '1.0',
    unit: { code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode },
    year,
    period,
    fields,
    enterprises,
  });

  let cityGdp = 0;
  const cityPrevGdp: number[] = [];
  DISTRICTS.forEach((dName, di) => {
    const dCode = `99${String(di + 1).padStart(2, '0')}00`;
    const district: RegisterUnit = { code: dCode, name: dName, kind: 'district', parentCode: cityCode };
    units.push(district);
    const nTowns = 4 + ((di * 3 + int(0, 4)) % 5); // 4–8
    const nParks = 1 + (di % 2 === 0 ? 1 : 0);
    const scale = between(0.6, 1.6);
    const towns: { unit: RegisterUnit; firms: EnterpriseRow[] }[] = [];
    for (let t = 0; t < nTowns; t++) {
      const stem = DEMO_TOWN_STEMS[(di * 5 + t) % DEMO_TOWN_STEMS.length];
      const name = t % 3 === 0 ? `${stem}街道` : `${stem}镇`;
      const unit: RegisterUnit = {
        code: `${dCode.slice(0, 4)}${String(t + 1).padStart(2, '0')}`,
        name,
        kind: 'township',
        parentCode: dCode,
      };
      units.push(unit);
      const firms = Array.from({ length: int(8, 22) }, () => newFirm(name, null));
      towns.push({ unit, firms });
    }
    const parks: { unit: RegisterUnit; firms: EnterpriseRow[] }[] = [];
    for (let p = 0; p < nParks; p++) {
      const name = `${dName.slice(0, 2)}${PARK_STEMS[(di + p) % PARK_STEMS.length]}`;
      const unit: RegisterUnit = { code: `${dCode.slice(0, 4)}P${p + 1}`, name, kind: 'park', parentCode: dCode };
      units.push(unit);
      // Park enterprises: several also listed by their township (counted once), a few only by the park.
      const firms: EnterpriseRow[] = [];
      for (const t of towns.slice(p, p + 2)) {
        for (const e of t.firms.slice(0, int(2, 4))) {
          e.park = name;
          firms.push({ ...e, flags: { ...e.flags }, park: name });
        }
      }
      for (let k = 0; k < int(1, 3); k++) firms.push(newFirm(towns[k % towns.length].unit.name, name));
      parks.push({ unit, firms });
    }
    for (const t of towns) submissions.push(submissionOf(t.unit, unitFieldsOf(t.firms, scale, true), t.firms));
    for (const p of parks) submissions.push(submissionOf(p.unit, unitFieldsOf(p.firms, scale * 0.5, false), p.firms));

    // The district's own submission: district-only inputs and the district's targets.
    const townFields = submissions.filter((s) => s.unit.parentCode === dCode && s.unit.kind === 'township').map((s) => s.fields);
    const sumOf = (code: string, role: 'current' | 'previous') => townFields.reduce((a, f) => a + (f[code]?.[role] ?? 0), 0);
    const rdSum = sumOf('RD_EXP', 'current');
    const gdp = round(rdSum / between(0.012, 0.034), 1);
    const gdpPrev = round(gdp / between(1.03, 1.08), 1);
    cityGdp += gdp;
    cityPrevGdp.push(gdpPrev);
    const rdFte = sumOf('RD_FTE', 'current');
    const fiscal = round(gdp * between(0.08, 0.14), 1);
    const fai = round(gdp * between(0.25, 0.45), 1);
    const dFields: Record<string, FieldValue> = {
      GDP: field(gdp, gdpPrev),
      EMPLOYED: field(Math.round(rdFte / between(0.004, 0.012)), null),
      FISCAL_EXP: field(fiscal, round(fiscal / between(1.0, 1.08), 1)),
      FISCAL_ST_EXP: field(round(fiscal * between(0.015, 0.06), 1), null),
      FAI: field(fai, round(fai / between(0.95, 1.1), 1)),
      HT_INV: field(round(fai * between(0.05, 0.3), 1), null),
      // District targets: the district's own, not the sum of its townships' targets.
      RD_EXP: field(null, null, round(rdSum * between(0.9, 1.15), 1)),
      TECH_CONTRACT_AMT: field(null, null, round(sumOf('TECH_CONTRACT_AMT', 'current') * between(0.8, 1.2), 1)),
      HNTE_COUNT: field(
        null,
        null,
        Math.round(towns.reduce((a, t) => a + t.firms.filter((e) => e.flags.HNTE).length, 0) * between(0.9, 1.2)),
      ),
    };
    // Previous-year employment for the per-10k change.
    dFields.EMPLOYED.previous = Math.round((dFields.EMPLOYED.current ?? 0) / between(0.98, 1.03));
    // The district also enters its own totals (as it computed them: Σ townships, distinct enterprises).
    const townSubs = submissions.filter((x) => x.unit.parentCode === dCode && x.unit.kind === 'township');
    const allFirms = [...towns, ...parks].flatMap((x) => x.firms);
    for (const f of BASE_FIELDS) {
      if (f.scope !== 'all') continue;
      const cur = f.fromEnterprises
        ? new Set(allFirms.filter((e) => matchesCountRule(e, f.fromEnterprises!)).map((e) => e.uscc)).size
        : round(
            townSubs.reduce((a, x) => a + (x.fields[f.code]?.current ?? 0), 0),
            2,
          );
      const prev = round(
        townSubs.reduce((a, x) => a + (x.fields[f.code]?.previous ?? 0), 0),
        2,
      );
      dFields[f.code] = field(cur, prev, dFields[f.code]?.target ?? null);
    }
    submissions.push(submissionOf(district, dFields, []));
  });

  // The city's own inputs: its GDP is not the sum of the districts' (as in real statistics).
  const city = units[0];
  const districtSum = (code: string, role: 'current' | 'previous' | 'target' = 'current') =>
    submissions.filter((s) => s.unit.kind === 'district').reduce((a, s) => a + (s.fields[code]?.[role] ?? 0), 0);
  const cityTotals: Record<string, FieldValue> = {};
  for (const f of BASE_FIELDS)
    if (f.scope === 'all') cityTotals[f.code] = field(round(districtSum(f.code), 2), round(districtSum(f.code, 'previous'), 2));
  submissions.push(
    submissionOf(
      city,
      {
        ...cityTotals,
        GDP: field(round(cityGdp * 1.004, 1), round(cityPrevGdp.reduce((a, b) => a + b, 0) * 1.003, 1)),
        EMPLOYED: field(Math.round(districtSum('EMPLOYED') * 1.01), null),
        FISCAL_EXP: field(round(districtSum('FISCAL_EXP') * 1.12, 1), null),
        FISCAL_ST_EXP: field(round(districtSum('FISCAL_ST_EXP') * 1.2, 1), null),
        FAI: field(round(districtSum('FAI') * 1.05, 1), null),
        HT_INV: field(round(districtSum('HT_INV') * 1.05, 1), null),
        RD_EXP: { ...cityTotals.RD_EXP, target: round(districtSum('RD_EXP', 'target') * 1.02, 1) },
        TECH_CONTRACT_AMT: { ...cityTotals.TECH_CONTRACT_AMT, target: round(districtSum('TECH_CONTRACT_AMT', 'target') * 1.05, 1) },
        HNTE_COUNT: { ...cityTotals.HNTE_COUNT, target: Math.round(districtSum('HNTE_COUNT', 'target') * 1.05) },
      },
      [],
    ),
  );

  plantDefects(submissions, defects);
  const previousRanking: PreviousRanking = {
    year: year - 1,
    method: 'competition',
    units: DISTRICTS.map((name, i) => ({
      unitCode: `99${String(i + 1).padStart(2, '0')}00`,
      unitName: name,
      index: round(between(25, 85), 1),
      rank: null,
    })),
  };
  const order = [...previousRanking.units].sort((a, b) => (b.index ?? 0) - (a.index ?? 0));
  for (const u of previousRanking.units) u.rank = order.findIndex((o) => o.unitCode === u.unitCode) + 1;
  return { year, period, register: { units }, submissions, previousRanking, defects };
}

/** A few defects a statistician meets every year; validation reports each. */
function plantDefects(subs: Submission[], defects: DemoDefect[]): void {
  const towns = subs.filter((s) => s.unit.kind === 'township');
  // 1. A mistyped USCC check character.
  const a = towns[1];
  const e = a.enterprises[0];
  const last = e.uscc[17];
  e.uscc = e.uscc.slice(0, 17) + (last === '0' ? '1' : '0');
  defects.push({
    unitCode: a.unit.code,
    kind: 'USCC_INVALID',
    descriptionZh: `${a.unit.name}企业名录第1家企业的统一社会信用代码校验位错误`,
  });
  // 2. A count that disagrees with the list.
  const b = towns[4];
  b.fields.HNTE_COUNT.current = (b.fields.HNTE_COUNT.current ?? 0) + 2;
  defects.push({ unitCode: b.unit.code, kind: 'COUNT_MISMATCH', descriptionZh: `${b.unit.name}填报的有效高新技术企业数比企业名录多2家` });
  // 3. 元 typed where 万元 was asked.
  const c = towns[9];
  c.fields.TECH_CONTRACT_ABSORB.current = round((c.fields.TECH_CONTRACT_ABSORB.current ?? 0) * 10000, 0);
  defects.push({
    unitCode: c.unit.code,
    kind: 'SCALE_ANOMALY',
    descriptionZh: `${c.unit.name}技术合同吸纳额按“元”填报（约为上年的1万倍）`,
  });
  // 4. One enterprise listed by two townships of one district.
  const d1 = towns[12];
  const d2 = towns.find((t) => t !== d1 && t.unit.parentCode === d1.unit.parentCode)!;
  const moved = { ...d1.enterprises[d1.enterprises.length - 1], township: d2.unit.name, park: null };
  d2.enterprises.push(moved);
  // Its own counts follow its list, so the only defect here is the double listing.
  for (const bf of BASE_FIELDS) {
    if (bf.fromEnterprises && d2.fields[bf.code])
      d2.fields[bf.code].current = d2.enterprises.filter((x) => matchesCountRule(x, bf.fromEnterprises!)).length;
  }
  defects.push({
    unitCode: d2.unit.code,
    kind: 'USCC_CONFLICT',
    descriptionZh: `${moved.name}同时列于${d1.unit.name}和${d2.unit.name}的企业名录`,
  });
  // 5. A part larger than its whole.
  const f = towns[15];
  f.fields.IND_FIRMS_RD.current = (f.fields.IND_FIRMS.current ?? 0) + 3;
  defects.push({
    unitCode: f.unit.code,
    kind: 'PART_EXCEEDS_WHOLE',
    descriptionZh: `${f.unit.name}有研发活动的规上工业企业数大于规上工业企业数`,
  });
}
