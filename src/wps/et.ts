/// <reference types="et-jsapi-declare" />
/**
 * The part of WPS 表格's object model (ET, a synchronous VBA-like API on window.Application)
 * the WPS host uses, as Pick<> of Kingsoft's own declarations (npm et-jsapi-declare): a member
 * that ET does not declare does not compile, and the test fake (test/support/fake-et.ts)
 * implements exactly these types. Kingsoft's enums are ambient (there is no `Et` object at run
 * time), so the values used are constants here, typed as those enums.
 */

export type EtFont = Pick<Et.Font, 'Bold' | 'Italic' | 'Color' | 'Size'>;
export type EtInterior = Pick<Et.Interior, 'Color'>;
export type EtBorders = Pick<Et.Borders, 'LineStyle'>;
export type EtValidation = Pick<
  Et.Validation,
  'Add' | 'Delete' | 'IgnoreBlank' | 'ErrorMessage' | 'ErrorTitle' | 'InputMessage' | 'InputTitle' | 'ShowError' | 'ShowInput'
>;
export type EtTop10 = Pick<Et.Top10, 'TopBottom' | 'Rank'> & { readonly Interior: EtInterior; readonly Font: EtFont };
export type EtFormatCondition = { readonly Interior: EtInterior; readonly Font: EtFont };
/** FormatConditions.Add/AddTop10 are declared as returning `any`; the adapter narrows them to these. */
export type EtFormatConditions = Pick<Et.FormatConditions, 'Count'> & {
  Add(Type: Et.XlFormatConditionType, Operator?: unknown, Formula1?: unknown): EtFormatCondition;
  AddTop10(): EtTop10;
};

export interface EtRange extends Pick<
  Et.Range,
  | 'Value2'
  | 'Formula'
  | 'NumberFormat'
  | 'HorizontalAlignment'
  | 'VerticalAlignment'
  | 'WrapText'
  | 'Locked'
  | 'ColumnWidth'
  | 'RowHeight'
  | 'Hidden'
  | 'Row'
  | 'Column'
  | 'Merge'
  | 'Left'
  | 'Top'
  | 'Width'
  | 'Height'
> {
  readonly Font: EtFont;
  readonly Interior: EtInterior;
  readonly Borders: EtBorders;
  readonly Validation: EtValidation;
  readonly FormatConditions: EtFormatConditions;
  readonly EntireRow: EtRange;
  readonly EntireColumn: EtRange;
  readonly Rows: Pick<Et.Range, 'Count'>;
  readonly Columns: Pick<Et.Range, 'Count'> & { Item(index: number): EtRange };
  Resize(RowSize?: number, ColumnSize?: number): EtRange;
  Item(RowIndex: number, ColumnIndex?: number): EtRange;
  AddComment(Text?: string): unknown;
}

export type EtSeries = Pick<Kso.MsoSeries, 'Name' | 'XValues'>;
export interface EtChart extends Pick<Et.Chart, 'SetSourceData' | 'HasTitle' | 'HasLegend'> {
  readonly ChartTitle: Pick<Et.ChartTitle, 'Text'>;
  SeriesCollection(): { readonly Count: number; Item(Index: number): EtSeries };
  SetSourceData(Source: EtRange | Et.Range, PlotBy?: number): void;
}
export type EtShapes = {
  AddChart(XlChartType?: number, Left?: number, Top?: number, Width?: number, Height?: number): { readonly Chart: EtChart };
};
export type EtPageSetup = Pick<
  Et.PageSetup,
  | 'Orientation'
  | 'PaperSize'
  | 'Zoom'
  | 'FitToPagesWide'
  | 'FitToPagesTall'
  | 'PrintTitleRows'
  | 'PrintTitleColumns'
  | 'CenterHeader'
  | 'CenterFooter'
  | 'LeftFooter'
>;

export interface EtWorksheet extends Pick<Et.Worksheet, 'Name' | 'Visible' | 'Activate' | 'Delete'> {
  Range(Cell1: string | EtRange, Cell2?: string | EtRange): EtRange;
  readonly Cells: EtRange;
  readonly UsedRange: EtRange;
  readonly Shapes: EtShapes;
  readonly PageSetup: EtPageSetup;
  Protect(
    Password?: string,
    DrawingObjects?: boolean,
    Contents?: boolean,
    Scenarios?: boolean,
    UserInterfaceOnly?: boolean,
    AllowFormattingCells?: boolean,
    AllowFormattingColumns?: boolean,
    AllowFormattingRows?: boolean,
  ): void;
}

export interface EtSheets extends Pick<Et.Sheets, 'Count'> {
  Item(Index: string | number): EtWorksheet;
  Add(Before?: EtWorksheet, After?: EtWorksheet, Count?: number): EtWorksheet;
}

export interface EtWorkbook {
  readonly Worksheets: EtSheets;
  readonly Name: Et.Workbook['Name'];
}

export type EtWindow = Pick<Et.Window, 'SplitRow' | 'SplitColumn' | 'FreezePanes'>;

export interface EtApplication extends Pick<Et.Application, 'DisplayAlerts' | 'ScreenUpdating'> {
  readonly ActiveWorkbook: EtWorkbook | null;
  readonly ActiveWindow: EtWindow | null;
}

// Check once, at compile time, that the narrowed shapes are assignable from Kingsoft's own types
// where the declarations allow it (so a renamed or missing member in et-jsapi-declare fails here).
type Assignable<Sub, Full extends Sub> = Full;
export type _CheckFont = Assignable<EtFont, Et.Font>;
export type _CheckPageSetup = Assignable<EtPageSetup, Et.PageSetup>;
export type _CheckWindow = Assignable<EtWindow, Et.Window>;
export type _CheckSeries = Assignable<EtSeries, Kso.MsoSeries>;

// ---- enum values (XlSheetVisibility, XlHAlign, XlVAlign, XlLineStyle, XlFormatConditionType, XlTopBottom,
// XlDVType, XlDVAlertStyle, XlFormatConditionOperator, XlPageOrientation, XlPaperSize, XlChartType, XlRowCol) ----
export const XL = {
  sheetVisible: -1 as Et.XlSheetVisibility,
  sheetHidden: 0 as Et.XlSheetVisibility,
  sheetVeryHidden: 2 as Et.XlSheetVisibility,
  hLeft: -4131,
  hCenter: -4108,
  hRight: -4152,
  vTop: -4160,
  vCenter: -4108,
  vBottom: -4107,
  continuous: 1,
  expression: 2 as Et.XlFormatConditionType,
  top10Top: 1 as Et.XlTopBottom,
  top10Bottom: 0 as Et.XlTopBottom,
  validateWhole: 1 as Et.XlDVType,
  validateDecimal: 2 as Et.XlDVType,
  validateList: 3 as Et.XlDVType,
  validateTextLength: 6 as Et.XlDVType,
  alertStop: 1,
  between: 1,
  equal: 3,
  greaterEqual: 7,
  lessEqual: 8,
  portrait: 1 as Et.XlPageOrientation,
  landscape: 2 as Et.XlPageOrientation,
  paperA4: 9 as Et.XlPaperSize,
  columnClustered: 51,
  barClustered: 57,
  byColumns: 2,
} as const;

/** COM error values as ET's JavaScript bridge hands them over (VT_ERROR → number), and their literals. */
export const COM_ERRORS: Readonly<Record<number, string>> = {
  [-2146826281]: '#DIV/0!',
  [-2146826246]: '#N/A',
  [-2146826259]: '#NAME?',
  [-2146826288]: '#NULL!',
  [-2146826252]: '#NUM!',
  [-2146826265]: '#REF!',
  [-2146826273]: '#VALUE!',
};

/** DISP_E_PARAMNOTFOUND: what an omitted optional argument of a custom function arrives as. */
export const PARAM_NOT_FOUND = -2147352572;
