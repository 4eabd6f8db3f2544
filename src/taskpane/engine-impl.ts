/**
 * The pane's engine over the core and io modules (loaded lazily by engine.ts). Decisions stay
 * in the core; this file only wires inputs to the same functions `sti validate`, `sti rollup`
 * and `sti rank` use, and their SheetModels to the workbook. The .xlsx reader and writer load
 * on first use (their own chunks).
 */
import { catalogue } from '../core/catalogue.js';
import type { SheetGrid, WorkbookGrid } from '../core/grid.js';
import { buildRankingWorkbook, INDEX_METHOD_ZH, METHOD_ZH, RANKING_SHEET, SETTINGS_SHEET } from '../core/outputs-ranking.js';
import { buildParkRankingSheet, buildRollupSheets, PARK_RANKING_SHEET } from '../core/outputs-rollup.js';
import { parsePeriod, periodLabelZh } from '../core/period.js';
import {
  DEFAULT_RANKING_INDICATORS,
  rankChildren,
  rankingRowsFromRollup,
  rankParks,
  type IndexOptions,
  type PreviousRanking,
} from '../core/ranking.js';
import { registerFromSubmissions, rollupAll, rollupDistrict, sortFindings } from '../core/rollup.js';
import { readSubmission } from '../core/read-submission.js';
import { buildTemplateModel, TEMPLATE_SHEETS, UNIT_KIND_ZH } from '../core/template-schema.js';
import type { Finding, Register, Submission } from '../core/types.js';
import { completeness, validateSubmissions } from '../core/validate.js';
import type { FileSummary, ImportResult, InputFile, PaneEngine, RankingOutput, SheetsOutput, TemplateRequest } from './engine.js';
import { previousRankingFromGrid } from './previous-ranking.js';
import type { PaneSettings } from './settings.js';

function templateOptions(req: TemplateRequest) {
  return {
    unit: req.unitCode || req.unitName ? { code: req.unitCode || undefined, name: req.unitName || undefined } : undefined,
    year: req.year,
    period: req.period || String(req.year),
  };
}

/** Files with an error are not rolled up (product.md §6: 错误 blocks); each gets a finding saying so. */
function usable(imported: ImportResult): { used: Submission[]; excluded: Finding[] } {
  const errorFiles = new Set(imported.findings.filter((f) => f.severity === 'error').map((f) => f.file));
  const used = imported.submissions.filter((s) => !errorFiles.has(s.file));
  const excluded: Finding[] = imported.submissions
    .filter((s) => errorFiles.has(s.file))
    .map((s) => ({
      severity: 'error',
      code: 'NOT_ROLLED_UP',
      message: `${s.unit.name}的报表有错误，未纳入汇总（改正后重新导入）`,
      file: s.file,
      unitCode: s.unit.code,
    }));
  return { used, excluded };
}

function periodZh(period: string | null): string | undefined {
  if (!period) return undefined;
  try {
    return periodLabelZh(parsePeriod(period));
  } catch {
    return period;
  }
}

/** A sheet under another name (the product's readers find sheets by their standard names). */
function renamed(sheet: SheetGrid, name: string): SheetGrid {
  return { name, state: sheet.state, maxRow: sheet.maxRow, maxCol: sheet.maxCol, merges: sheet.merges, cell: (r, c) => sheet.cell(r, c) };
}

/** Last year's ranking from a sheet of this workbook: a 城市排名 written by this product, else any sheet with 单位 and 科创指数 columns. */
async function previousFromSheet(sheet: SheetGrid): Promise<PreviousRanking> {
  const { readRankingGrid } = await import(/* webpackChunkName: "xlsx-io" */ '../io/ranking-xlsx.js');
  const grid: WorkbookGrid = { fileName: sheet.name, sheets: [renamed(sheet, RANKING_SHEET)] };
  try {
    return readRankingGrid(grid).previous;
  } catch {
    return previousRankingFromGrid(sheet);
  }
}

export function createEngine(): PaneEngine {
  return {
    templateWorkbook(req) {
      return buildTemplateModel(req.kind, templateOptions(req));
    },

    async templateFile(req) {
      const { writeTemplate } = await import(/* webpackChunkName: "xlsx-io" */ '../io/template.js');
      const bytes = await writeTemplate(req.kind, templateOptions(req));
      const who = req.unitName || UNIT_KIND_ZH[req.kind];
      return { fileName: `${who}_${req.period || req.year}_填报模板.xlsx`, bytes };
    },

    templateSheetNames() {
      return TEMPLATE_SHEETS;
    },

    async importFiles(files: readonly InputFile[], registerFile, onProgress, workbooks = []): Promise<ImportResult> {
      const submissions: Submission[] = [];
      const fileFindings: Finding[] = [];
      for (const grid of workbooks) {
        const r = readSubmission(grid);
        if (r.submission) submissions.push(r.submission);
        fileFindings.push(...r.findings);
      }
      const { readSubmissionFile } = files.length
        ? await import(/* webpackChunkName: "xlsx-read" */ '../io/submission.js')
        : { readSubmissionFile: null };
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        await onProgress(i, files.length, f.name);
        const r = readSubmissionFile!(f.bytes, f.name);
        if (r.submission) submissions.push(r.submission);
        fileFindings.push(...r.findings);
      }
      await onProgress(files.length, files.length, '');

      let register: Register | null = null;
      const registerFindings: Finding[] = [];
      if (registerFile) {
        const { readRegisterFile } = await import(/* webpackChunkName: "xlsx-read" */ '../io/register.js');
        const r = readRegisterFile(registerFile.bytes, registerFile.name);
        register = r.register;
        registerFindings.push(...r.findings);
      }
      const effective = register ?? registerFromSubmissions(submissions);
      const findings = sortFindings([...registerFindings, ...validateSubmissions(submissions, { register: effective, fileFindings })]);
      const summaries: FileSummary[] = [...workbooks.map((w) => ({ name: w.fileName })), ...files].map((f) => {
        const sub = submissions.find((s) => s.file === f.name) ?? null;
        const own = findings.filter((x) => x.file === f.name);
        const errors = own.filter((x) => x.severity === 'error').length;
        return {
          file: f.name,
          unitName: sub?.unit.name ?? null,
          usable: sub !== null && errors === 0,
          errors,
          warnings: own.filter((x) => x.severity === 'warning').length,
        };
      });
      return {
        files: summaries,
        submissions,
        findings,
        completeness: completeness(effective, submissions, findings).map((c) => ({
          unitCode: c.code,
          unitName: c.name,
          kind: c.kind,
          status: c.status,
          files: c.files,
        })),
        register: effective,
        registerFile: register && registerFile ? registerFile.name : null,
      };
    },

    districts(imported) {
      const withData = new Set(imported.submissions.map((s) => s.unit.parentCode));
      const all = imported.register.units.filter((u) => u.kind === 'district');
      // Districts with submissions first; the others can still be chosen (their rollup shows them missing).
      return [...all.filter((u) => withData.has(u.code)), ...all.filter((u) => !withData.has(u.code))].map((u) => ({
        code: u.code,
        name: u.name,
      }));
    },

    rollup(imported, districtCode): SheetsOutput {
      const { used, excluded } = usable(imported);
      const result = rollupDistrict(imported.register, districtCode, used);
      const sheets = buildRollupSheets(result, { many: true });
      // Parks are 其中 rows, never added in, but ranked among themselves (product.md §5).
      for (const parks of rankParks([result])) {
        sheets.push(buildParkRankingSheet(parks, { name: `${PARK_RANKING_SHEET}-${result.unit.name}`.slice(0, 31) }));
      }
      return { sheets, mainSheet: sheets[0].name, findings: [...excluded, ...result.findings] };
    },

    async rank(imported, settings: PaneSettings, previous: SheetGrid | null): Promise<RankingOutput> {
      const { used, excluded } = usable(imported);
      const { city } = rollupAll(imported.register, used);
      const rows = rankingRowsFromRollup(city);
      if (rows.length === 0) throw new Error('没有可排名的区（县）：导入的报表中没有区（县）一级的单位');
      const codes = DEFAULT_RANKING_INDICATORS.filter((c) => (settings.weights[c] ?? 0) > 0);
      let index: IndexOptions | false = false;
      if (codes.length > 0) {
        const needsReference = settings.indexMethod === 'standard' || settings.indexMethod === 'base';
        const reference = needsReference ? codes.map((c) => settings.reference[c] ?? null) : undefined;
        if (reference && reference.some((x) => x === null)) {
          const missing = codes.filter((c) => settings.reference[c] == null).map((c) => catalogue.get(c)?.nameZh ?? c);
          throw new Error(
            `指数方法“${settings.indexMethod === 'standard' ? '标准值法' : '基期法'}”需要每个指数指标的${settings.indexMethod === 'standard' ? '标准值' : '基期值'}，缺少：${missing.join('、')}（在“设置”中填写）`,
          );
        }
        index = { method: settings.indexMethod, indicators: codes, weights: codes.map((c) => settings.weights[c]), reference };
      }
      const table = rankChildren(rows, {
        method: settings.rankMethod,
        decimals: settings.rankOnDisplay ? 'display' : undefined,
        indicators: [...DEFAULT_RANKING_INDICATORS],
        index,
        previous: previous ? await previousFromSheet(previous) : undefined,
      });
      const model = buildRankingWorkbook(table, {
        parentName: city.unit.name,
        periodZh: periodZh(city.period),
        year: city.year,
        period: city.period,
      });
      return {
        sheets: model.sheets,
        mainSheet: RANKING_SHEET,
        findings: [...excluded, ...city.findings],
        notes: table.notes,
        rows: table.rows.map((r) => ({ unitName: r.unitName, index: r.index, indexRank: r.indexRank, rankChangeText: r.rankChangeText })),
      };
    },

    async previousSettings(ranking, settingsSheet, current) {
      const { readRankingGrid } = await import(/* webpackChunkName: "xlsx-io" */ '../io/ranking-xlsx.js');
      const read = readRankingGrid({
        fileName: ranking.name,
        sheets: [renamed(ranking, RANKING_SHEET), renamed(settingsSheet, SETTINGS_SHEET)],
      }).settings;
      const next: PaneSettings = { ...current };
      const said: string[] = [];
      if (read.method) {
        next.rankMethod = read.method;
        said.push(METHOD_ZH[read.method]);
      }
      if (read.decimals) next.rankOnDisplay = read.decimals === 'display';
      if (read.indexMethod && read.indexMethod !== 'none') {
        next.indexMethod = read.indexMethod;
        said.push(`科创指数：${INDEX_METHOD_ZH[read.indexMethod]}`);
      }
      if (read.index && read.index.length > 0) {
        const known = new Set<string>(DEFAULT_RANKING_INDICATORS);
        next.weights = Object.fromEntries(DEFAULT_RANKING_INDICATORS.map((c) => [c, 0]));
        next.reference = {};
        const skipped: string[] = [];
        for (const x of read.index) {
          if (!known.has(x.code)) {
            skipped.push(catalogue.get(x.code)?.nameZh ?? x.code);
            continue;
          }
          next.weights[x.code] = x.weight;
          next.reference[x.code] = x.reference;
        }
        said.push(`指数指标 ${read.index.length - skipped.length} 个及其权重`);
        if (skipped.length) said.push(`未采用（本窗格的指数指标中没有）：${skipped.join('、')}`);
      }
      if (said.length === 0) throw new Error(`“${settingsSheet.name}”中没有可用的排名设置`);
      return { settings: next, summary: said.join('；') };
    },

    indexIndicators() {
      return DEFAULT_RANKING_INDICATORS.map((code) => {
        const e = catalogue.get(code)!;
        return { code, nameZh: e.nameZh, nameEn: e.nameEn, unit: e.unit };
      });
    },
  };
}
