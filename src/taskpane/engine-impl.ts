/**
 * The pane's engine over the core and io modules (loaded lazily by engine.ts). Decisions stay
 * in the core; this file only wires inputs to the same functions `sti validate`, `sti rollup`
 * and `sti rank` use, and their SheetModels to the workbook. The .xlsx reader and writer load
 * on first use (their own chunks).
 */
import { catalogue } from '../core/catalogue.js';
import type { SheetGrid, WorkbookGrid } from '../core/grid.js';
import {
  BULLETIN_TABLE_SHEET,
  buildRankingWorkbook,
  INDEX_METHOD_ZH,
  METHOD_ZH,
  RANKING_SHEET,
  SETTINGS_SHEET,
} from '../core/outputs-ranking.js';
import {
  buildCompletenessSheet,
  buildParkRankingSheet,
  buildRollupSheets,
  buildRollupWorkbook,
  COMPLETENESS_SHEET,
  ENTERPRISE_SHEET,
  isEnterpriseSheetName,
  NOTES_SHEET,
  PARK_RANKING_SHEET,
  PROVENANCE_SHEET,
} from '../core/outputs-rollup.js';
import { parsePeriod, periodLabelZh } from '../core/period.js';
import {
  DEFAULT_RANKING_INDICATORS,
  rankChildren,
  rankingRowsFromRollup,
  rankParks,
  type IndexOptions,
  type PreviousRanking,
} from '../core/ranking.js';
import { admit, admittedSubmissions, type FileRead } from '../core/admit.js';
import { buildBulletin, bulletinDate, bulletinInputFromRollup } from '../core/bulletin.js';
import { bulletinText } from '../core/bulletin-text.js';
import { caliberNotes } from '../core/caliber.js';
import { caliberRankingNotes, rankingNotesText } from '../core/notes.js';
import { activeDistricts, resultsIncomplete, rollupAdmission } from '../core/rollup.js';
import type { RollupResult } from '../core/rollup-types.js';
import { readSubmission } from '../core/read-submission.js';
import { fileNamePart, templateFileName } from '../core/template-batch.js';
import { buildTemplateModel, TEMPLATE_SHEETS, UNIT_KIND_ZH } from '../core/template-schema.js';
import type { Finding, Register } from '../core/types.js';
import { sortFindings } from '../core/validate-codes.js';
import {
  CITY_ROLLUP,
  type FileSummary,
  type ImportResult,
  type InputFile,
  type PaneEngine,
  type RankingOutput,
  type ReportOutput,
  type SheetsOutput,
  type TemplateRequest,
} from './engine-types.js';
import { previousRankingFromGrid } from './previous-ranking.js';
import type { PaneSettings } from './settings.js';

function templateOptions(req: TemplateRequest) {
  return {
    unit: req.unitCode || req.unitName ? { code: req.unitCode || undefined, name: req.unitName || undefined } : undefined,
    year: req.year,
    period: req.period || String(req.year),
  };
}

/** Does anything in these results lack a unit or a figure? (The pane then warns instead of reporting success.) */
function anyIncomplete(results: readonly RollupResult[], imported: ImportResult): boolean {
  return imported.admission.files.some((f) => f.verdict === 'left-out') || resultsIncomplete(results);
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

/** The city ranking the pane makes (rank and report): the settings' index, last year's ranking sheet and its caliber. */
async function paneRanking(
  imported: ImportResult,
  settings: PaneSettings,
  previous: SheetGrid | null,
  previousSettingsSheet: SheetGrid | null,
) {
  const { city } = rollupAdmission(imported.admission);
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
  // Last year's caliber against this year's, when its 排名设置 is in the workbook (the notes go under the table).
  if (previous && previousSettingsSheet) {
    const { readRankingGrid } = await import(/* webpackChunkName: "xlsx-io" */ '../io/ranking-xlsx.js');
    try {
      const read = readRankingGrid({
        fileName: previous.name,
        sheets: [renamed(previous, RANKING_SHEET), renamed(previousSettingsSheet, SETTINGS_SHEET)],
      }).settings;
      table.notes.push(...caliberRankingNotes(caliberNotes(table.settings, read, [])));
    } catch {
      // Not this product's 排名设置: nothing to compare (previousFromSheet already read the ranking).
    }
  }
  return { city, table };
}

/** The product's sheets that are never a ranking (the picker does not offer them). */
const NOT_RANKING_SHEETS: readonly string[] = [
  SETTINGS_SHEET,
  ENTERPRISE_SHEET,
  COMPLETENESS_SHEET,
  PARK_RANKING_SHEET,
  BULLETIN_TABLE_SHEET,
  PROVENANCE_SHEET,
  NOTES_SHEET,
  ...TEMPLATE_SHEETS,
];

/** What a rollup choice covers: the city (and its districts with any submission) or one district, and its findings. */
function rollupChoice(imported: ImportResult, districtCode: string) {
  const { city, districts } = rollupAdmission(imported.admission);
  let results: RollupResult[];
  if (districtCode === CITY_ROLLUP) {
    results = [city, ...activeDistricts(districts)];
  } else {
    const result = districts.find((d) => d.unit.code === districtCode);
    if (!result) throw new Error(`名录中没有区县“${districtCode}”`);
    results = [result];
  }
  // A district's rollup speaks only of its own units' files (used or not); the city's of every file.
  const own = imported.admission.units.filter((u) => u.code === districtCode || u.parentCode === districtCode);
  const files = new Set([...results.flatMap((r) => r.files), ...own.flatMap((u) => u.files)]);
  const admissionFindings = districtCode === CITY_ROLLUP ? imported.findings : imported.findings.filter((f) => files.has(f.file));
  return {
    results,
    admissionFindings,
    // What the step reports and counts: the validation findings of its files and the rollup's own, each once.
    findings: sortFindings([...admissionFindings, ...results[0].findings]),
    incomplete: anyIncomplete(results, imported),
  };
}

/** The pane's ranking: the table, the workbook options `sti rank` would use, and the pane's summary. */
async function paneRankingOutput(
  imported: ImportResult,
  settings: PaneSettings,
  previous: SheetGrid | null,
  previousSettingsSheet: SheetGrid | null,
) {
  const { city, table } = await paneRanking(imported, settings, previous, previousSettingsSheet);
  const options = {
    headline: settings.headline,
    parentName: city.unit.name,
    periodZh: periodZh(city.period),
    year: city.year,
    period: city.period,
  };
  const output: RankingOutput = {
    sheets: [],
    mainSheet: RANKING_SHEET,
    // The city's scope, as the city rollup reports it: the same findings, the same counts.
    findings: sortFindings([...imported.findings, ...city.findings]),
    incomplete: anyIncomplete([city], imported) || table.rows.some((r) => Object.keys(r.incomplete).length > 0),
    notes: rankingNotesText(table.notes),
    rows: table.rows.map((r) => ({ unitName: r.unitName, index: r.index, indexRank: r.indexRank, rankChangeText: r.rankChangeText })),
  };
  return { table, options, output };
}

/** Reads submission files (the web page passes one over Web Workers); results in the files' order. */
export type FileReader = (
  files: readonly InputFile[],
  onProgress: (done: number, total: number, file: string) => void | Promise<void>,
) => Promise<FileRead[]>;

export function createEngine(options: { readFiles?: FileReader } = {}): PaneEngine {
  return {
    templateWorkbook(req) {
      return buildTemplateModel(req.kind, templateOptions(req));
    },

    async templateFile(req) {
      const { writeTemplate } = await import(/* webpackChunkName: "xlsx-io" */ '../io/template.js');
      const bytes = await writeTemplate(req.kind, templateOptions(req));
      return { fileName: templateFileName(req.unitCode, req.unitName || UNIT_KIND_ZH[req.kind], req.period || String(req.year)), bytes };
    },

    async registerTemplatesZip(registerFile, req) {
      const [{ readRegisterFile }, { writeRegisterTemplatesZip }] = await Promise.all([
        import(/* webpackChunkName: "xlsx-read" */ '../io/register.js'),
        import(/* webpackChunkName: "xlsx-io" */ '../io/template.js'),
      ]);
      const read = readRegisterFile(registerFile.bytes, registerFile.name);
      const errors = read.findings.filter((f) => f.severity === 'error');
      if (!read.register || errors.length)
        throw new Error(
          `名录“${registerFile.name}”有错误，未生成模板：${(errors.length ? errors : read.findings)
            .map((f) => f.message)
            .slice(0, 3)
            .join('；')}`,
        );
      if (read.register.units.length === 0) throw new Error(`名录“${registerFile.name}”中没有单位，未生成模板`);
      const period = req.period || String(req.year);
      const { bytes, fileNames } = await writeRegisterTemplatesZip(read.register, { year: req.year, period });
      return { fileName: `填报模板_${fileNamePart(period)}_${fileNames.length}个单位.zip`, bytes, count: fileNames.length };
    },

    templateSheetNames() {
      return TEMPLATE_SHEETS;
    },

    async importFiles(files: readonly InputFile[], registerFile, onProgress, workbooks = [], period = ''): Promise<ImportResult> {
      const reads: FileRead[] = [];
      for (const grid of workbooks) {
        const r = readSubmission(grid);
        reads.push({ file: grid.fileName, submission: r.submission, findings: r.findings });
      }
      if (options.readFiles && files.length) {
        reads.push(...(await options.readFiles(files, onProgress)));
      } else {
        const { readSubmissionFile } = files.length
          ? await import(/* webpackChunkName: "xlsx-read" */ '../io/submission.js')
          : { readSubmissionFile: null };
        // One file per slice: the caller's onProgress yields to the page between files.
        for (let i = 0; i < files.length; i++) {
          const f = files[i];
          await onProgress(i, files.length, f.name);
          const r = readSubmissionFile!(f.bytes, f.name);
          reads.push({ file: f.name, submission: r.submission, findings: r.findings });
        }
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
      // The one admission decision sti validate and sti rollup make.
      const admission = admit(reads, { register, registerFindings, period: period.trim() || null });
      const unitNames = new Map(admission.register.units.map((u) => [u.code, u.name]));
      const summaries: FileSummary[] = admission.files.map((v) => ({
        file: v.file,
        unitName: v.unitName,
        usable: v.verdict === 'used',
        reason: v.reason,
        errors: v.errors,
        warnings: v.warnings,
      }));
      return {
        files: summaries,
        submissions: admittedSubmissions(admission),
        findings: admission.findings,
        completeness: admission.units.map((c) => ({
          unitCode: c.code,
          unitName: c.name,
          kind: c.kind,
          parentName: c.parentCode ? (unitNames.get(c.parentCode) ?? c.parentCode) : null,
          status: c.status,
          reason: c.reason,
          files: c.files,
        })),
        register: admission.register,
        registerFile: register && registerFile ? registerFile.name : null,
        admission,
        period: admission.period,
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
      const choice = rollupChoice(imported, districtCode);
      if (districtCode === CITY_ROLLUP) {
        // The whole city, as `sti rollup` writes it for several districts: the city sheet, each district's, parks, 报送情况.
        const model = buildRollupWorkbook(choice.results, { admission: imported.admission, extraFindings: imported.findings });
        const sheets = model.sheets.filter((s) => s.name !== PROVENANCE_SHEET);
        return { sheets, mainSheet: sheets[0].name, findings: choice.findings, incomplete: choice.incomplete };
      }
      const result = choice.results[0];
      const sheets = buildRollupSheets(result, { many: true });
      // Parks are 其中 rows, never added in, but ranked among themselves (product.md §5).
      for (const parks of rankParks([result])) {
        sheets.push(buildParkRankingSheet(parks, { name: `${PARK_RANKING_SHEET}-${result.unit.name}`.slice(0, 31) }));
      }
      sheets.push({
        ...buildCompletenessSheet([result], { admission: imported.admission }),
        name: `${COMPLETENESS_SHEET}-${result.unit.name}`.slice(0, 31),
      });
      return { sheets, mainSheet: sheets[0].name, findings: choice.findings, incomplete: choice.incomplete };
    },

    async rollupFile(imported, districtCode) {
      const choice = rollupChoice(imported, districtCode);
      const { writeRollupWorkbook } = await import(/* webpackChunkName: "xlsx-io" */ '../io/rollup-xlsx.js');
      // The same call as `sti rollup --out`: every sheet, 来源 included, with the admission's findings.
      const bytes = await writeRollupWorkbook(choice.results, { admission: imported.admission, extraFindings: choice.admissionFindings });
      const fileName = `科技指标汇总_${fileNamePart(choice.results[0].unit.name)}_${fileNamePart(imported.period ?? String(choice.results[0].year ?? ''))}.xlsx`;
      return { sheets: [], mainSheet: '', findings: choice.findings, incomplete: choice.incomplete, fileName, bytes };
    },

    async rank(imported, settings: PaneSettings, previous: SheetGrid | null, previousSettingsSheet = null): Promise<RankingOutput> {
      const made = await paneRankingOutput(imported, settings, previous, previousSettingsSheet);
      return { ...made.output, sheets: buildRankingWorkbook(made.table, made.options).sheets };
    },

    async rankFile(imported, settings: PaneSettings, previous: SheetGrid | null, previousSettingsSheet = null) {
      const made = await paneRankingOutput(imported, settings, previous, previousSettingsSheet);
      const { writeRankingWorkbook } = await import(/* webpackChunkName: "xlsx-io" */ '../io/ranking-xlsx.js');
      // The same writer as `sti rank --out` (the chart included).
      const bytes = await writeRankingWorkbook(made.table, made.options);
      const fileName = `科技指标排名_${fileNamePart(made.options.parentName ?? '')}_${fileNamePart(made.options.period ?? '')}.xlsx`;
      return { ...made.output, sheets: [], fileName, bytes };
    },

    async readWorkbook(file) {
      const { readXlsx } = await import(/* webpackChunkName: "xlsx-read" */ '../io/xlsx/read.js');
      try {
        return readXlsx(file.bytes, file.name);
      } catch (e) {
        throw new Error(`无法读取文件“${file.name}”：${e instanceof Error ? e.message : String(e)}`);
      }
    },

    mayBeRanking(sheetName) {
      // "名称 (2)" is a renamed copy; 企业名录(2) a continuation of a long list.
      if (isEnterpriseSheetName(sheetName)) return false;
      const base = sheetName.replace(/ \(\d+\)$/, '');
      return !NOT_RANKING_SHEETS.some((n) => base === n || base.startsWith(`${n}-`)) && !/^汇总/.test(base);
    },

    async rankingProblem(sheet) {
      try {
        const read = await previousFromSheet(sheet);
        return read.units.length > 0 ? null : `工作表“${sheet.name}”中没有任何单位的科创指数，不能作为上年排名表`;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },

    async report(imported, settings: PaneSettings, previous: SheetGrid | null, previousSettingsSheet = null): Promise<ReportOutput> {
      const { city, table } = await paneRanking(imported, settings, previous, previousSettingsSheet);
      const { districts } = rollupAdmission(imported.admission);
      // Last year's values per indicator, when the sheet is a ranking this product wrote (each indicator's 较上年).
      let previousRows = null;
      if (previous) {
        const { readRankingGrid } = await import(/* webpackChunkName: "xlsx-io" */ '../io/ranking-xlsx.js');
        try {
          previousRows = readRankingGrid({ fileName: previous.name, sheets: [renamed(previous, RANKING_SHEET)] }).rows;
        } catch {
          previousRows = null;
        }
      }
      const bulletin = buildBulletin({
        // The levels sti rollup writes: the city and the districts with any submission (their parks are ranked).
        ...bulletinInputFromRollup(city, [city, ...activeDistricts(districts)]),
        date: bulletinDate(new Date()),
        ranking: table,
        previousRows,
      });
      const { writeBulletinDocx } = await import(/* webpackChunkName: "docx" */ '../io/bulletin-docx.js');
      return {
        fileName: bulletin.fileName,
        bytes: await writeBulletinDocx(bulletin),
        text: bulletinText(bulletin),
        incomplete: bulletin.incomplete,
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
