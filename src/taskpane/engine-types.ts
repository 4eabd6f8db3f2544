/**
 * What the pane asks of the engine (core + io): the interfaces and the constants the components,
 * the implementation (engine-impl.ts) and the loader (engine.ts) share. Types only and one
 * constant, so nothing here pulls the engine in; tests pass a fake PaneEngine.
 */
import type { Admission, UnitStatus } from '../core/admit.js';
import type { Finding, Register, Submission, UnitKind } from '../core/types.js';
import type { SheetModel, WorkbookModel } from '../core/sheet-model.js';
import type { SheetGrid, WorkbookGrid } from '../core/grid.js';
import type { PaneSettings } from './settings.js';

export interface TemplateRequest {
  kind: UnitKind;
  unitCode: string;
  unitName: string;
  year: number;
  period: string;
}

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** A unit on the completeness board: 已纳入, 已报送但未纳入（reason）, 未报送. */
export interface CompletenessRow {
  unitCode: string;
  unitName: string;
  kind: UnitKind;
  /** The district (or city) it belongs to: township names repeat across districts. */
  parentName: string | null;
  status: UnitStatus;
  reason: string | null;
  files: string[];
}

export interface FileSummary {
  file: string;
  unitName: string | null;
  /** Its figures count (the admission's verdict 'used'). */
  usable: boolean;
  /** Why it does not count (Chinese), null when usable. */
  reason: string | null;
  errors: number;
  warnings: number;
}

export interface ImportResult {
  files: FileSummary[];
  submissions: Submission[];
  findings: Finding[];
  completeness: CompletenessRow[];
  register: Register;
  registerFile: string | null;
  /** The one admission decision (core/admit.ts) the rollup and the ranking use. */
  admission: Admission;
  /** The period rolled up (asked for, or that of most files). */
  period: string | null;
}

export interface SheetsOutput {
  sheets: SheetModel[];
  /** The requested name of the sheet to show. */
  mainSheet: string;
  findings: Finding[];
  /** Something was left out, or a total lacks units: the pane shows a warning, not a success. */
  incomplete: boolean;
}

export interface RankingSummaryRow {
  unitName: string;
  index: number | null;
  indexRank: number | null;
  rankChangeText: string | null;
}

export interface RankingOutput extends SheetsOutput {
  rows: RankingSummaryRow[];
  notes: string[];
}

/** The 通报 (bulletin): the .docx to download and its text to copy. */
export interface ReportOutput {
  fileName: string;
  bytes: Uint8Array;
  /** Plain text (tables tab-separated), for copy-paste. */
  text: string;
  /** Some figure said rests on an incomplete total (said in the text): the pane warns. */
  incomplete: boolean;
}

/** A workbook to download, as the CLI writes it. */
export interface FileOutput {
  fileName: string;
  bytes: Uint8Array;
}

export interface IndicatorOption {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
}

export interface PaneEngine {
  templateWorkbook(req: TemplateRequest): WorkbookModel;
  templateFile(req: TemplateRequest): Promise<{ fileName: string; bytes: Uint8Array }>;
  /**
   * One template per unit of a register (.xlsx or .csv), each with the unit's kind, code, name
   * and parent, in one .zip. Throws a Chinese message when the register cannot be used.
   */
  registerTemplatesZip(
    registerFile: InputFile,
    req: Pick<TemplateRequest, 'year' | 'period'>,
  ): Promise<{ fileName: string; bytes: Uint8Array; count: number }>;
  importFiles(
    files: readonly InputFile[],
    registerFile: InputFile | null,
    onProgress: (done: number, total: number, file: string) => void | Promise<void>,
    /** Submissions already read from sheets of this workbook (a template filled in place). */
    workbooks?: readonly WorkbookGrid[],
    /** The period to roll up ('2024', '2024-01..09'); empty: that of most files. */
    period?: string,
  ): Promise<ImportResult>;
  /** The sheets of a submission template, in order (填报说明, 指标表, 企业名录, _meta). */
  templateSheetNames(): readonly string[];
  districts(imported: ImportResult): { code: string; name: string }[];
  /** One district's rollup sheets, or the whole city (all districts) with `districtCode` = CITY_ROLLUP. */
  rollup(imported: ImportResult, districtCode: string): SheetsOutput;
  /** The rollup workbook as `sti rollup` writes it (every sheet, 来源 included), for download. */
  rollupFile(imported: ImportResult, districtCode: string): Promise<SheetsOutput & FileOutput>;
  /** `previousSettings`: last year's 排名设置 sheet, when there is one (the caliber notes compare it with this year's). */
  rank(
    imported: ImportResult,
    settings: PaneSettings,
    previous: SheetGrid | null,
    previousSettings?: SheetGrid | null,
  ): Promise<RankingOutput>;
  /** The ranking workbook as `sti rank` writes it (with its chart), for download. */
  rankFile(
    imported: ImportResult,
    settings: PaneSettings,
    previous: SheetGrid | null,
    previousSettings?: SheetGrid | null,
  ): Promise<RankingOutput & FileOutput>;
  /** A workbook file read into grids (last year's ranking chosen as a file). Throws a Chinese message naming the file. */
  readWorkbook(file: InputFile): Promise<WorkbookGrid>;
  /** Could a sheet of this name be a ranking? (The product's other sheets — 汇总, 企业名录, 来源, 排名设置 … — cannot.) */
  mayBeRanking(sheetName: string): boolean;
  /** Why this sheet cannot be last year's ranking (Chinese), or null when it can. */
  rankingProblem(sheet: SheetGrid): Promise<string | null>;
  /**
   * The 通报 (.docx, as `sti report` writes it) of the city ranking made with these settings and
   * last year's ranking sheet (as `rank`), with the rollup's totals, completion, growth and parks.
   */
  report(
    imported: ImportResult,
    settings: PaneSettings,
    previous: SheetGrid | null,
    previousSettings?: SheetGrid | null,
  ): Promise<ReportOutput>;
  indexIndicators(): IndicatorOption[];
  /** Last year's caliber from its 排名设置 sheet (with its ranking sheet), applied over `current`. */
  previousSettings(
    ranking: SheetGrid,
    settingsSheet: SheetGrid,
    current: PaneSettings,
  ): Promise<{ settings: PaneSettings; summary: string }>;
}

/** The rollup choice meaning "the whole city": every district and the city total. */
export const CITY_ROLLUP = '*city*';
