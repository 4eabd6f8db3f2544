/**
 * The pane's engine over the core and io modules (loaded lazily by engine.ts). Decisions stay
 * in the core; this file only wires inputs to the core functions and their outputs to sheets.
 * The .xlsx reader/writer load on first use (their own chunk).
 */
import { catalogue } from '../core/catalogue.js';
import type { SheetGrid } from '../core/grid.js';
import { DEFAULT_RANKING_INDICATORS, rankChildren, rankingRowsFromRollup, type RankingOptions } from '../core/ranking.js';
import { registerFromSubmissions, rollupAll, rollupDistrict } from '../core/rollup.js';
import { buildRollupSheets } from '../core/outputs-rollup.js';
import { buildTemplateModel, UNIT_KIND_ZH } from '../core/template-schema.js';
import type { Finding, Register, Submission } from '../core/types.js';
import type { CompletenessRow, FileSummary, ImportResult, InputFile, PaneEngine, RankingOutput, SheetsOutput, TemplateRequest } from './engine.js';
import type { PaneSettings } from './settings.js';
import { buildPaneRankingSheets, previousRankingFromGrid } from './ranking-output.js';

function templateOptions(req: TemplateRequest) {
  return {
    unit: req.unitCode || req.unitName ? { code: req.unitCode || undefined, name: req.unitName || undefined } : undefined,
    year: req.year,
    period: req.period || String(req.year),
  };
}

const hasError = (findings: readonly Finding[], file: string) => findings.some((f) => f.severity === 'error' && f.file === file);

/** submitted / missing / failed per reporting unit of the register (townships, parks, districts that report). */
export function completenessOf(register: Register, submissions: readonly Submission[], findings: readonly Finding[]): CompletenessRow[] {
  const byUnit = new Map<string, Submission[]>();
  for (const s of submissions) byUnit.set(s.unit.code, [...(byUnit.get(s.unit.code) ?? []), s]);
  return register.units
    .filter((u) => u.kind === 'township' || u.kind === 'park' || byUnit.has(u.code))
    .map((u) => {
      const subs = byUnit.get(u.code) ?? [];
      const files = subs.map((s) => s.file);
      const failed = files.some((f) => hasError(findings, f)) || findings.some((f) => f.severity === 'error' && f.unitCode === u.code);
      return { unitCode: u.code, unitName: u.name, kind: u.kind, status: subs.length === 0 ? 'missing' : failed ? 'failed' : 'submitted', files };
    });
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

    async importFiles(files: readonly InputFile[], registerFile, onProgress): Promise<ImportResult> {
      const { readSubmissionFile } = await import(/* webpackChunkName: "xlsx-io" */ '../io/submission.js');
      const submissions: Submission[] = [];
      const findings: Finding[] = [];
      const summaries: FileSummary[] = [];
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        await onProgress(i, files.length, f.name);
        const r = readSubmissionFile(f.bytes, f.name);
        if (r.submission) submissions.push(r.submission);
        findings.push(...r.findings);
        summaries.push({
          file: f.name,
          unitName: r.submission?.unit.name ?? null,
          usable: r.submission !== null && !r.findings.some((x) => x.severity === 'error'),
          errors: r.findings.filter((x) => x.severity === 'error').length,
          warnings: r.findings.filter((x) => x.severity === 'warning').length,
        });
      }
      await onProgress(files.length, files.length, '');
      if (registerFile) {
        findings.push({
          severity: 'warning',
          code: 'REGISTER_NOT_READ',
          message: '暂不支持在任务窗格中读取名录文件，已按填报文件中的单位信息核对',
          file: registerFile.name,
        });
      }
      const register = registerFromSubmissions(submissions);
      return {
        files: summaries,
        submissions,
        findings,
        completeness: completenessOf(register, submissions, findings),
        register,
        registerFile: null,
      };
    },

    districts(imported) {
      return imported.register.units.filter((u) => u.kind === 'district').map((u) => ({ code: u.code, name: u.name }));
    },

    rollup(imported, districtCode): SheetsOutput {
      const usable = usableSubmissions(imported);
      const result = rollupDistrict(imported.register, districtCode, usable);
      const sheets = buildRollupSheets(result);
      return { sheets, mainSheet: sheets[0].name, findings: result.findings };
    },

    rank(imported, settings: PaneSettings, previous: SheetGrid | null): RankingOutput {
      const usable = usableSubmissions(imported);
      const { city } = rollupAll(imported.register, usable);
      const rows = rankingRowsFromRollup(city);
      if (rows.length === 0) throw new Error('没有可排名的区（县）');
      const indexIndicators = DEFAULT_RANKING_INDICATORS.filter((c) => (settings.weights[c] ?? 0) > 0);
      const options: RankingOptions = {
        method: settings.rankMethod,
        decimals: settings.rankOnDisplay ? 'display' : undefined,
        indicators: [...DEFAULT_RANKING_INDICATORS],
        index: {
          method: settings.indexMethod,
          indicators: indexIndicators,
          weights: indexIndicators.map((c) => settings.weights[c]),
          reference:
            settings.indexMethod === 'standard' || settings.indexMethod === 'base' ? indexIndicators.map((c) => settings.reference[c] ?? null) : undefined,
        },
        previous: previous ? previousRankingFromGrid(previous) : undefined,
      };
      const table = rankChildren(rows, options);
      const sheets = buildPaneRankingSheets(table, { year: city.year, period: city.period, cityName: city.unit.name });
      return {
        sheets,
        mainSheet: sheets[0].name,
        findings: city.findings,
        notes: table.notes,
        rows: table.rows.map((r) => ({ unitName: r.unitName, index: r.index, indexRank: r.indexRank, rankChangeText: r.rankChangeText })),
      };
    },

    indexIndicators() {
      return DEFAULT_RANKING_INDICATORS.map((code) => {
        const e = catalogue.get(code)!;
        return { code, nameZh: e.nameZh, nameEn: e.nameEn, unit: e.unit };
      });
    },
  };
}

/** Submissions whose file has no error: errors block (product.md §6). */
function usableSubmissions(imported: ImportResult): Submission[] {
  return imported.submissions.filter((s) => !hasError(imported.findings, s.file));
}
