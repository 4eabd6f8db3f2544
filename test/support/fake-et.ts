/**
 * A fake of WPS 表格's object model (ET), synchronous like the real one, implementing the types
 * src/wps/et.ts picks from Kingsoft's declarations (et-jsapi-declare). It keeps what a sheet
 * holds the way ET does: Value2 turns "=…" into a formula, "'…" into text, number-like text
 * into numbers; a formula assigned to a multi-cell range is filled relatively (done here
 * through R1C1, independently of src/wps/formula-fill.ts); errors come back from Value2 as
 * COM error numbers; deleting a sheet with alerts on would ask the user (an error here).
 * It does not calculate: a formula cell keeps the value written before it.
 */
import type {
  EtApplication,
  EtChart,
  EtFormatConditions,
  EtPageSetup,
  EtRange,
  EtSheets,
  EtValidation,
  EtWindow,
  EtWorkbook,
  EtWorksheet,
} from '../../src/wps/et.js';

export type FakeValue = string | number | boolean | null;

export interface FakeCell {
  value: FakeValue;
  formula?: string;
  error?: string;
  numberFormat?: string;
  bold?: boolean;
  italic?: boolean;
  fontColor?: number;
  fontSize?: number;
  fill?: number;
  hAlign?: number;
  vAlign?: number;
  wrap?: boolean;
  border?: boolean;
  locked?: boolean;
  comment?: string;
}

const ERROR_CODE: Record<string, number> = {
  '#DIV/0!': -2146826281,
  '#N/A': -2146826246,
  '#NAME?': -2146826259,
  '#NULL!': -2146826288,
  '#NUM!': -2146826252,
  '#REF!': -2146826265,
  '#VALUE!': -2146826273,
};

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface Box {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

function parseBox(address: string): Box {
  const parts = address.replace(/\$/g, '').toUpperCase().split(':');
  const cell = (p: string) => {
    const m = /^([A-Z]{1,3})(\d+)$/.exec(p);
    if (!m) throw new Error(`ET: 无效的区域地址 ${address}`);
    return { r: Number(m[2]) - 1, c: colIndex(m[1]) };
  };
  const a = cell(parts[0]);
  const b = parts[1] ? cell(parts[1]) : a;
  return { r0: Math.min(a.r, b.r), c0: Math.min(a.c, b.c), rows: Math.abs(b.r - a.r) + 1, cols: Math.abs(b.c - a.c) + 1 };
}

/** A1 → R1C1 relative to (row, col), then back at another cell: how ET fills one formula over a range. */
const TOKENS = /('(?:[^']|'')*'!?|"(?:[^"]|"")*")|([A-Za-z_][A-Za-z0-9_.]*\()|(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(])/g;
function toR1C1(formula: string, row: number, col: number): string {
  return formula.replace(TOKENS, (all, quoted, fn, ca, c, ra, r) => {
    if (quoted || fn) return all;
    const rr = ra ? `R${r}` : `R[${Number(r) - 1 - row}]`;
    const cc = ca ? `C${colIndex(c) + 1}` : `C[${colIndex(c) - col}]`;
    return rr + cc;
  });
}
function fromR1C1(formula: string, row: number, col: number): string {
  return formula.replace(/('(?:[^']|'')*'!?|"(?:[^"]|"")*")|R(\[-?\d+\]|\d+)C(\[-?\d+\]|\d+)/g, (all, quoted, r: string, c: string) => {
    if (quoted) return all;
    const rowPart = r.startsWith('[') ? String(row + 1 + Number(r.slice(1, -1))) : `$${r}`;
    const colPart = c.startsWith('[') ? colName(col + Number(c.slice(1, -1))) : `$${colName(Number(c) - 1)}`;
    return colPart + rowPart;
  });
}

export class FakeSheet implements EtWorksheet {
  cells = new Map<string, FakeCell>();
  Visible: EtWorksheet['Visible'] = -1 as EtWorksheet['Visible'];
  merges: string[] = [];
  columnWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  hiddenRows = new Set<number>();
  hiddenColumns = new Set<number>();
  validations: { address: string; type: number; operator?: number; formula1?: string; formula2?: string; error?: string }[] = [];
  conditionalFormats: {
    address: string;
    kind: 'expression' | 'top' | 'bottom';
    formula?: string;
    rank?: number;
    fill?: number;
    fontColor?: number;
    bold?: boolean;
  }[] = [];
  charts: { type: number; source: string; title: string; seriesName: string; categories: string }[] = [];
  freeze = { rows: 0, cols: 0 };
  protectedSheet = false;
  PageSetup: EtPageSetup = {
    Orientation: 1 as EtPageSetup['Orientation'],
    PaperSize: 9 as EtPageSetup['PaperSize'],
    Zoom: 100,
    FitToPagesWide: 1,
    FitToPagesTall: 1,
    PrintTitleRows: '',
    PrintTitleColumns: '',
    CenterHeader: '',
    CenterFooter: '',
    LeftFooter: '',
  };
  private name: string;
  constructor(
    readonly app: FakeApplication,
    name: string,
  ) {
    this.name = name;
  }
  get Name(): string {
    return this.name;
  }
  set Name(v: string) {
    if (!v || v.length > 31 || /[:\\/?*[\]]/.test(v)) throw new Error(`ET: 工作表名称“${v}”无效`);
    const clash = this.app.workbook.sheets.find((s) => s !== this && s.Name.toLowerCase() === v.toLowerCase());
    if (clash) throw new Error(`ET: 工作表名称“${v}”已被占用`);
    this.name = v;
  }
  cell(r: number, c: number): FakeCell | undefined {
    return this.cells.get(`${r},${c}`);
  }
  ensure(r: number, c: number): FakeCell {
    let cell = this.cells.get(`${r},${c}`);
    if (!cell) this.cells.set(`${r},${c}`, (cell = { value: null }));
    return cell;
  }
  Activate(): void {
    if (this.Visible !== -1) throw new Error('ET: 不能激活隐藏的工作表');
    this.app.workbook.active = this;
  }
  Delete(): void {
    if (this.app.DisplayAlerts) throw new Error('ET: 删除工作表需要用户确认（DisplayAlerts 为 true）');
    const sheets = this.app.workbook.sheets;
    if (sheets.filter((s) => s !== this && s.Visible === -1).length === 0) throw new Error('ET: 工作簿至少要有一张可见工作表');
    sheets.splice(sheets.indexOf(this), 1);
    if (this.app.workbook.active === this) this.app.workbook.active = sheets.find((s) => s.Visible === -1) ?? null;
  }
  Range(Cell1: string | EtRange, Cell2?: string | EtRange): EtRange {
    if (typeof Cell1 !== 'string' || Cell2 !== undefined) throw new Error('ET fake: Range(地址字符串) only');
    return new FakeRange(this, parseBox(Cell1));
  }
  get Cells(): EtRange {
    return new FakeRange(this, { r0: 0, c0: 0, rows: 1048576, cols: 16384 });
  }
  get UsedRange(): EtRange {
    let b: { r0: number; c0: number; r1: number; c1: number } | null = null;
    for (const [key, cell] of this.cells) {
      if ((cell.value === null || cell.value === '') && !cell.formula && !cell.error) continue;
      const [r, c] = key.split(',').map(Number);
      b = b
        ? { r0: Math.min(b.r0, r), c0: Math.min(b.c0, c), r1: Math.max(b.r1, r), c1: Math.max(b.c1, c) }
        : { r0: r, c0: c, r1: r, c1: c };
    }
    if (!b) return new FakeRange(this, { r0: 0, c0: 0, rows: 1, cols: 1 });
    return new FakeRange(this, { r0: b.r0, c0: b.c0, rows: b.r1 - b.r0 + 1, cols: b.c1 - b.c0 + 1 });
  }
  get Shapes(): EtSheetShapes {
    return {
      AddChart: (type = 51) => {
        const entry = { type, source: '', title: '', seriesName: '', categories: '' };
        this.charts.push(entry);
        const chart: EtChart = {
          HasTitle: false,
          HasLegend: true,
          ChartTitle: {
            get Text() {
              return entry.title;
            },
            set Text(v: string) {
              entry.title = v;
            },
          },
          SetSourceData: (source) => {
            entry.source = (source as FakeRange).address();
          },
          SeriesCollection: () => ({
            Count: entry.source ? 1 : 0,
            Item: (i: number) => {
              if (i !== 1 || !entry.source) throw new Error('ET: 系列不存在');
              return {
                get Name() {
                  return entry.seriesName;
                },
                set Name(v: string) {
                  entry.seriesName = v;
                },
                get XValues() {
                  return entry.categories;
                },
                set XValues(v: unknown) {
                  entry.categories = v instanceof FakeRange ? v.address() : String(v);
                },
              };
            },
          }),
        };
        return { Chart: chart };
      },
    };
  }
  Protect(): void {
    this.protectedSheet = true;
  }
}

type EtSheetShapes = EtWorksheet['Shapes'];

export class FakeRange implements EtRange {
  constructor(
    readonly sheet: FakeSheet,
    readonly box: Box,
  ) {}
  address(): string {
    const { r0, c0, rows, cols } = this.box;
    const a = `${colName(c0)}${r0 + 1}`;
    return `${this.sheet.Name}!${rows === 1 && cols === 1 ? a : `${a}:${colName(c0 + cols - 1)}${r0 + rows}`}`;
  }
  private each(f: (cell: FakeCell, r: number, c: number) => void): void {
    const { r0, c0, rows, cols } = this.box;
    if (rows * cols > 2_000_000) throw new Error('ET fake: 区域过大');
    for (let r = r0; r < r0 + rows; r++) for (let c = c0; c < c0 + cols; c++) f(this.sheet.ensure(r, c), r, c);
  }
  private grid<T>(f: (cell: FakeCell | undefined) => T): T | T[][] {
    const { r0, c0, rows, cols } = this.box;
    if (rows === 1 && cols === 1) return f(this.sheet.cell(r0, c0));
    const out: T[][] = [];
    for (let r = r0; r < r0 + rows; r++) {
      const row: T[] = [];
      for (let c = c0; c < c0 + cols; c++) row.push(f(this.sheet.cell(r, c)));
      out.push(row);
    }
    return out;
  }
  /** A scalar goes to every cell; an array must have the range's shape (rows of columns). */
  private put(input: unknown, apply: (cell: FakeCell, v: unknown, r: number, c: number) => void): void {
    if (Array.isArray(input)) {
      const { rows, cols } = this.box;
      if (input.length !== rows || !input.every((row) => Array.isArray(row) && row.length === cols)) {
        throw new Error(`ET: 数组大小与区域 ${this.address()} 不一致`);
      }
      this.each((cell, r, c) => apply(cell, (input as unknown[][])[r - this.box.r0][c - this.box.c0], r, c));
    } else this.each((cell, r, c) => apply(cell, input, r, c));
  }
  get Value2(): string | unknown[] {
    return this.grid((cell) => (cell?.error ? ERROR_CODE[cell.error] : (cell?.value ?? undefined))) as string | unknown[];
  }
  set Value2(input: string | unknown[]) {
    this.put(input, (cell, v) => enter(cell, v));
  }
  get Formula(): string {
    return this.grid(
      (cell) =>
        cell?.formula ??
        (cell?.error
          ? cell.error
          : cell?.value === null || cell?.value === undefined
            ? ''
            : typeof cell.value === 'boolean'
              ? cell.value
                ? 'TRUE'
                : 'FALSE'
              : String(cell.value)),
    ) as string;
  }
  set Formula(input: string) {
    const { r0, c0 } = this.box;
    if (typeof input === 'string' && input.startsWith('=')) {
      const r1c1 = toR1C1(input, r0, c0);
      this.each((cell, r, c) => {
        cell.formula = fromR1C1(r1c1, r, c);
        cell.error = undefined;
      });
    } else this.put(input, (cell, v) => enter(cell, v));
  }
  get NumberFormat(): string {
    const formats = new Set<string>();
    this.each((cell) => formats.add(cell.numberFormat ?? 'General'));
    return (formats.size === 1 ? [...formats][0] : null) as string;
  }
  set NumberFormat(v: string) {
    this.each((cell) => (cell.numberFormat = v));
  }
  get Font(): EtRange['Font'] {
    const set = (f: (c: FakeCell) => void) => this.each(f);
    const first = this.sheet.cell(this.box.r0, this.box.c0);
    return {
      get Bold() {
        return Boolean(first?.bold);
      },
      set Bold(v: boolean) {
        set((c) => (c.bold = v));
      },
      get Italic() {
        return Boolean(first?.italic);
      },
      set Italic(v: boolean) {
        set((c) => (c.italic = v));
      },
      get Color() {
        return first?.fontColor ?? 0;
      },
      set Color(v: number) {
        set((c) => (c.fontColor = v));
      },
      get Size() {
        return first?.fontSize ?? 11;
      },
      set Size(v: number) {
        set((c) => (c.fontSize = v));
      },
    };
  }
  get Interior(): EtRange['Interior'] {
    const set = (f: (c: FakeCell) => void) => this.each(f);
    const first = this.sheet.cell(this.box.r0, this.box.c0);
    return {
      get Color() {
        return first?.fill ?? 16777215;
      },
      set Color(v: unknown) {
        set((c) => (c.fill = Number(v)));
      },
    };
  }
  get Borders(): EtRange['Borders'] {
    const set = (f: (c: FakeCell) => void) => this.each(f);
    return {
      get LineStyle() {
        return 1;
      },
      set LineStyle(v: number | boolean) {
        set((c) => (c.border = v === 1));
      },
    };
  }
  get Validation(): EtValidation {
    const sheet = this.sheet;
    const address = this.address().split('!')[1];
    const find = () => sheet.validations.find((v) => v.address === address);
    const text = { title: '', message: '' };
    return {
      Add(Type, _alert, Operator, Formula1, Formula2) {
        if (find()) throw new Error('ET: 该区域已有数据有效性，请先 Delete');
        sheet.validations.push({ address, type: Type, operator: Operator, formula1: Formula1, formula2: Formula2 });
      },
      Delete() {
        sheet.validations = sheet.validations.filter((v) => v.address !== address);
      },
      IgnoreBlank: true,
      ShowError: true,
      ShowInput: true,
      InputTitle: '',
      InputMessage: '',
      get ErrorTitle() {
        return text.title;
      },
      set ErrorTitle(v: string) {
        text.title = v;
      },
      get ErrorMessage() {
        return find()?.error ?? '';
      },
      set ErrorMessage(v: string) {
        const found = find();
        if (!found) throw new Error('ET: 没有数据有效性');
        found.error = v;
      },
    };
  }
  get FormatConditions(): EtFormatConditions {
    const sheet = this.sheet;
    const address = this.address().split('!')[1];
    const styleOf = (entry: FakeSheet['conditionalFormats'][number]) => ({
      Interior: {
        get Color() {
          return entry.fill;
        },
        set Color(v: unknown) {
          entry.fill = Number(v);
        },
      },
      Font: {
        get Bold() {
          return Boolean(entry.bold);
        },
        set Bold(v: boolean) {
          entry.bold = v;
        },
        get Color() {
          return entry.fontColor ?? 0;
        },
        set Color(v: number) {
          entry.fontColor = v;
        },
        Italic: false,
        Size: 11,
      },
    });
    return {
      get Count() {
        return sheet.conditionalFormats.filter((c) => c.address === address).length;
      },
      Add(Type, _op, Formula1) {
        if (Type !== 2 || typeof Formula1 !== 'string') throw new Error('ET fake: only xlExpression');
        const entry = { address, kind: 'expression' as const, formula: Formula1 };
        sheet.conditionalFormats.push(entry);
        return styleOf(entry);
      },
      AddTop10() {
        const entry: FakeSheet['conditionalFormats'][number] = { address, kind: 'top', rank: 10 };
        sheet.conditionalFormats.push(entry);
        return {
          ...styleOf(entry),
          get TopBottom() {
            return (entry.kind === 'top' ? 1 : 0) as never;
          },
          set TopBottom(v: number) {
            entry.kind = v === 1 ? 'top' : 'bottom';
          },
          get Rank() {
            return entry.rank ?? 10;
          },
          set Rank(v: number) {
            entry.rank = v;
          },
        };
      },
    };
  }
  private setEach<K extends keyof FakeCell>(key: K, v: FakeCell[K]): void {
    this.each((c) => (c[key] = v));
  }
  get HorizontalAlignment(): number {
    return this.sheet.cell(this.box.r0, this.box.c0)?.hAlign ?? 1;
  }
  set HorizontalAlignment(v: number | boolean) {
    this.setEach('hAlign', Number(v));
  }
  get VerticalAlignment(): number {
    return this.sheet.cell(this.box.r0, this.box.c0)?.vAlign ?? -4107;
  }
  set VerticalAlignment(v: number | boolean) {
    this.setEach('vAlign', Number(v));
  }
  get WrapText(): boolean {
    return Boolean(this.sheet.cell(this.box.r0, this.box.c0)?.wrap);
  }
  set WrapText(v: boolean) {
    this.setEach('wrap', v);
  }
  get Locked(): boolean {
    return this.sheet.cell(this.box.r0, this.box.c0)?.locked !== false;
  }
  set Locked(v: boolean) {
    this.setEach('locked', v);
  }
  private isWholeColumns(): boolean {
    return this.box.rows === 1048576;
  }
  private isWholeRows(): boolean {
    return this.box.cols === 16384;
  }
  get ColumnWidth(): number {
    return this.sheet.columnWidths.get(this.box.c0) ?? 8.38;
  }
  set ColumnWidth(v: number) {
    for (let c = this.box.c0; c < this.box.c0 + this.box.cols; c++) this.sheet.columnWidths.set(c, v);
  }
  get RowHeight(): number {
    return this.sheet.rowHeights.get(this.box.r0) ?? 13.5;
  }
  set RowHeight(v: number) {
    for (let r = this.box.r0; r < this.box.r0 + this.box.rows; r++) this.sheet.rowHeights.set(r, v);
  }
  get Hidden(): unknown {
    return this.isWholeColumns() ? this.sheet.hiddenColumns.has(this.box.c0) : this.sheet.hiddenRows.has(this.box.r0);
  }
  set Hidden(v: unknown) {
    if (!this.isWholeColumns() && !this.isWholeRows()) throw new Error('ET: 只能隐藏整行或整列');
    for (let i = 0; i < (this.isWholeColumns() ? this.box.cols : this.box.rows); i++) {
      const set = this.isWholeColumns() ? this.sheet.hiddenColumns : this.sheet.hiddenRows;
      const idx = (this.isWholeColumns() ? this.box.c0 : this.box.r0) + i;
      if (v) set.add(idx);
      else set.delete(idx);
    }
  }
  get Row(): number {
    return this.box.r0 + 1;
  }
  get Column(): number {
    return this.box.c0 + 1;
  }
  Merge(): void {
    this.sheet.merges.push(this.address().split('!')[1]);
  }
  private x(c: number): number {
    let x = 0;
    for (let i = 0; i < c; i++) x += (this.sheet.columnWidths.get(i) ?? 8.38) * 7.5;
    return x;
  }
  private y(r: number): number {
    let y = 0;
    for (let i = 0; i < r; i++) y += this.sheet.rowHeights.get(i) ?? 13.5;
    return y;
  }
  get Left(): number {
    return this.x(this.box.c0);
  }
  get Top(): number {
    return this.y(this.box.r0);
  }
  get Width(): number {
    return this.x(this.box.c0 + this.box.cols) - this.x(this.box.c0);
  }
  get Height(): number {
    return this.y(this.box.r0 + this.box.rows) - this.y(this.box.r0);
  }
  get EntireRow(): EtRange {
    return new FakeRange(this.sheet, { r0: this.box.r0, c0: 0, rows: this.box.rows, cols: 16384 });
  }
  get EntireColumn(): EtRange {
    return new FakeRange(this.sheet, { r0: 0, c0: this.box.c0, rows: 1048576, cols: this.box.cols });
  }
  get Rows(): EtRange['Rows'] {
    return { Count: this.box.rows };
  }
  get Columns(): EtRange['Columns'] {
    return {
      Count: this.box.cols,
      Item: (i: number) => new FakeRange(this.sheet, { r0: this.box.r0, c0: this.box.c0 + i - 1, rows: this.box.rows, cols: 1 }),
    };
  }
  Resize(RowSize?: number, ColumnSize?: number): EtRange {
    return new FakeRange(this.sheet, { ...this.box, rows: RowSize ?? this.box.rows, cols: ColumnSize ?? this.box.cols });
  }
  Item(RowIndex: number, ColumnIndex = 1): EtRange {
    return new FakeRange(this.sheet, { r0: this.box.r0 + RowIndex - 1, c0: this.box.c0 + ColumnIndex - 1, rows: 1, cols: 1 });
  }
  AddComment(Text?: string): unknown {
    const cell = this.sheet.ensure(this.box.r0, this.box.c0);
    if (cell.comment !== undefined) throw new Error('ET: 单元格已有批注');
    cell.comment = Text ?? '';
    return {};
  }
}

/** What ET makes of a value entered into a cell (as typed, or through Value2). */
function enter(cell: FakeCell, v: unknown): void {
  cell.formula = undefined;
  cell.error = undefined;
  if (v === undefined || v === null || v === '') {
    cell.value = null;
    return;
  }
  if (typeof v !== 'string') {
    cell.value = v as FakeValue;
    return;
  }
  if (cell.numberFormat === '@') {
    cell.value = v;
    return;
  }
  if (v.startsWith("'")) cell.value = v.slice(1);
  else if (v.startsWith('=') && v.length > 1) {
    cell.formula = v;
    cell.value = null;
  } else if (/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?\s*$/i.test(v)) {
    const pct = v.trim().endsWith('%');
    cell.value = Number(v.trim().replace('%', '')) / (pct ? 100 : 1);
  } else if (ERROR_CODE[v.trim().toUpperCase()] !== undefined) {
    cell.value = null;
    cell.error = v.trim().toUpperCase();
  } else if (/^(true|false)$/i.test(v.trim())) cell.value = v.trim().toLowerCase() === 'true';
  else cell.value = v;
}

export class FakeWorkbook implements EtWorkbook {
  sheets: FakeSheet[] = [];
  active: FakeSheet | null = null;
  readonly Name = '工作簿1';
  constructor(
    readonly app: FakeApplication,
    names: string[],
  ) {
    for (const n of names) this.sheets.push(new FakeSheet(app, n));
    this.active = this.sheets[0] ?? null;
  }
  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.Name.toLowerCase() === name.toLowerCase());
  }
  get Worksheets(): EtSheets {
    const wb = this;
    return {
      get Count() {
        return wb.sheets.length;
      },
      Item(index: string | number): FakeSheet {
        const s = typeof index === 'number' ? wb.sheets[index - 1] : wb.sheet(index);
        if (!s) throw new Error(`ET: 下标越界（${index}）`);
        return s;
      },
      Add(Before?: EtWorksheet, After?: EtWorksheet): FakeSheet {
        let n = wb.sheets.length + 1;
        while (wb.sheet(`Sheet${n}`)) n++;
        const sheet = new FakeSheet(wb.app, `Sheet${n}`);
        const anchor = (After ?? Before) as FakeSheet | undefined;
        const at = anchor ? wb.sheets.indexOf(anchor) + (After ? 1 : 0) : wb.sheets.indexOf(wb.active!);
        wb.sheets.splice(at < 0 ? wb.sheets.length : at, 0, sheet);
        wb.active = sheet;
        return sheet;
      },
    };
  }
}

export class FakeApplication implements EtApplication {
  DisplayAlerts = true;
  ScreenUpdating = true;
  workbook: FakeWorkbook;
  constructor(sheetNames: string[] = ['Sheet1']) {
    this.workbook = new FakeWorkbook(this, sheetNames);
  }
  get ActiveWorkbook(): FakeWorkbook {
    return this.workbook;
  }
  get ActiveWindow(): EtWindow {
    const app = this;
    const pending = { row: 0, col: 0 };
    return {
      get SplitRow() {
        return pending.row;
      },
      set SplitRow(v: number) {
        pending.row = v;
      },
      get SplitColumn() {
        return pending.col;
      },
      set SplitColumn(v: number) {
        pending.col = v;
      },
      get FreezePanes() {
        const s = app.workbook.active;
        return Boolean(s && (s.freeze.rows || s.freeze.cols));
      },
      set FreezePanes(v: boolean) {
        const s = app.workbook.active;
        if (s) s.freeze = v ? { rows: pending.row, cols: pending.col } : { rows: 0, cols: 0 };
      },
    };
  }
}
