/**
 * An Office.js mock over the in-memory workbook (mem-workbook.ts): the subset of the Excel API
 * the adapter (src/excel) uses, with the same batch semantics: writes are queued on proxy objects
 * and take effect in order; properties are only readable after `load()` and `context.sync()`;
 * errors (duplicate sheet name, wrong array size, missing sheet) surface at `sync()`.
 * It counts every `context.sync()` so tests can check that an action costs a constant number.
 *
 * Used by the node tests (test/excel, test/taskpane, test/wps) and by the browser preview (preview/index.tsx).
 */
import { columnLetters } from '../../src/core/sheet-model.js';
import {
  MemSheet,
  MemWorkbook,
  type MemValue,
  type MemCell,
  type MemConditionalFormat,
  type MemValidation,
  type MemChart,
} from './mem-workbook.js';

// ---------------------------------------------------------------------------------------
// A1 helpers (kept local so the mock does not depend on the code it tests)

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

interface Box {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

/** 'A1', 'A1:C3', '$A$1:$C$3', 'Sheet!A1:B2', 'A:A', '3:3' → sheet name (if any) and box. */
export function parseAddress(address: string): { sheet?: string; box: Box } {
  let sheet: string | undefined;
  let ref = address;
  const bang = address.lastIndexOf('!');
  if (bang >= 0) {
    sheet = address.slice(0, bang);
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    ref = address.slice(bang + 1);
  }
  ref = ref.replace(/\$/g, '').toUpperCase();
  const [a, b = a] = ref.split(':');
  const cell = (s: string): { r: number | null; c: number | null } => {
    const m = /^([A-Z]*)(\d*)$/.exec(s);
    if (!m) throw mockError('InvalidArgument', `无效的地址 ${address}`);
    return { c: m[1] ? colIndex(m[1]) : null, r: m[2] ? Number(m[2]) - 1 : null };
  };
  const p = cell(a);
  const q = cell(b);
  const r0 = p.r ?? 0;
  const c0 = p.c ?? 0;
  const r1 = q.r ?? 1048575;
  const c1 = q.c ?? 16383;
  return { sheet, box: { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 } };
}

function boxAddress(box: Box): string {
  const tl = `${columnLetters(box.c0)}${box.r0 + 1}`;
  if (box.rows === 1 && box.cols === 1) return tl;
  return `${tl}:${columnLetters(box.c0 + box.cols - 1)}${box.r0 + box.rows}`;
}

function quote(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function mockError(code: string, message: string): Error {
  const e = new Error(message) as Error & { code: string };
  e.code = code;
  e.name = 'RichApi.Error';
  return e;
}

// ---------------------------------------------------------------------------------------
// Request context and proxies

type Loadable = { __applyLoad(): void };

class MockContext {
  readonly workbook: WorkbookProxy;
  /** Proxies whose load() is pending until the next sync. */
  pendingLoads = new Set<Loadable>();
  /** The first error raised by queued work in this batch; thrown by sync(). */
  pendingError: Error | null = null;
  syncs = 0;
  constructor(readonly wb: MemWorkbook) {
    this.workbook = new WorkbookProxy(this);
  }

  fail(e: Error): void {
    if (!this.pendingError) this.pendingError = e;
  }

  async sync(): Promise<void> {
    this.wb.syncCount++;
    this.syncs++;
    // A real sync is a round trip: never synchronous.
    await Promise.resolve();
    const err = this.pendingError;
    this.pendingError = null;
    const loads = [...this.pendingLoads];
    this.pendingLoads.clear();
    this.wb.notify();
    if (err) throw err;
    for (const l of loads) l.__applyLoad();
  }

  /** Queue a write against a sheet that must exist at sync time. */
  guard(sheet: MemSheet | null, what: string): sheet is MemSheet {
    if (!sheet || !this.wb.sheets.includes(sheet)) {
      this.fail(mockError('ItemNotFound', `工作表不存在（${what}）`));
      return false;
    }
    return true;
  }
}

/** Base of proxies: properties readable only after load + sync. */
class Proxy0 implements Loadable {
  protected loaded = new Set<string>();
  protected requested = new Set<string>();
  protected snapshot: Record<string, unknown> = {};
  constructor(protected readonly ctx: MockContext) {}

  load(props?: string | string[] | Record<string, unknown>): this {
    let list: string[] = [];
    if (typeof props === 'string') list = props.split(',').map((s) => s.trim());
    else if (Array.isArray(props)) list = props;
    else if (props && typeof props === 'object') list = Object.keys(props);
    else list = ['*'];
    for (const p of list) this.requested.add(p.split('/')[0]);
    this.ctx.pendingLoads.add(this);
    return this;
  }

  __applyLoad(): void {
    const snap = this.readProps();
    for (const p of this.requested) {
      if (p === '*') {
        Object.assign(this.snapshot, snap);
        for (const k of Object.keys(snap)) this.loaded.add(k);
      } else {
        this.snapshot[p] = snap[p];
        this.loaded.add(p);
      }
    }
    this.requested.clear();
  }

  protected readProps(): Record<string, unknown> {
    return {};
  }

  protected get<T>(prop: string): T {
    if (!this.loaded.has(prop)) {
      throw mockError(
        'PropertyNotLoaded',
        `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.snapshot[prop] as T;
  }
}

class WorkbookProxy {
  readonly worksheets: WorksheetCollectionProxy;
  readonly comments: CommentCollectionProxy;
  constructor(ctx: MockContext) {
    this.worksheets = new WorksheetCollectionProxy(ctx);
    this.comments = new CommentCollectionProxy(ctx);
  }
}

class CommentCollectionProxy {
  constructor(private readonly ctx: MockContext) {}
  add(cellAddress: string | RangeProxy, content: string): void {
    const address = typeof cellAddress === 'string' ? cellAddress : cellAddress.qualifiedAddress();
    const { sheet: sheetName, box } = parseAddress(address);
    const sheet = sheetName ? (this.ctx.wb.sheet(sheetName) ?? null) : null;
    if (!this.ctx.guard(sheet, address)) return;
    sheet.comments.set(boxAddress({ ...box, rows: 1, cols: 1 }), content);
  }
}

class WorksheetCollectionProxy extends Proxy0 {
  add(name?: string): WorksheetProxy {
    const wb = this.ctx.wb;
    let sheetName = name ?? `Sheet${wb.sheets.length + 1}`;
    if (/[:\\/?*[\]]/.test(sheetName) || sheetName.length > 31 || sheetName.trim() === '') {
      this.ctx.fail(mockError('InvalidArgument', `工作表名称无效：${sheetName}`));
      sheetName = `Invalid${wb.sheets.length + 1}`;
    }
    if (wb.sheet(sheetName)) {
      this.ctx.fail(mockError('ItemAlreadyExists', `已存在同名工作表：${sheetName}`));
      return new WorksheetProxy(this.ctx, null);
    }
    return new WorksheetProxy(this.ctx, wb.addSheet(sheetName));
  }

  getItem(name: string): WorksheetProxy {
    const sheet = this.ctx.wb.sheet(name) ?? null;
    if (!sheet) this.ctx.fail(mockError('ItemNotFound', `找不到工作表：${name}`));
    return new WorksheetProxy(this.ctx, sheet);
  }

  getItemOrNullObject(name: string): WorksheetProxy {
    return new WorksheetProxy(this.ctx, this.ctx.wb.sheet(name) ?? null, true);
  }

  getActiveWorksheet(): WorksheetProxy {
    const active = this.ctx.wb.activeSheet ? this.ctx.wb.sheet(this.ctx.wb.activeSheet) : this.ctx.wb.sheets[0];
    return new WorksheetProxy(this.ctx, active ?? null);
  }

  get items(): WorksheetProxy[] {
    return this.get<WorksheetProxy[]>('items');
  }

  protected override readProps(): Record<string, unknown> {
    const items = this.ctx.wb.sheets.map((s) => {
      const p = new WorksheetProxy(this.ctx, s);
      p.load('*');
      p.__applyLoad();
      this.ctx.pendingLoads.delete(p);
      return p;
    });
    return { items };
  }
}

class WorksheetProxy extends Proxy0 {
  readonly protection: { protect: (options?: unknown, password?: string) => void; unprotect: () => void };
  readonly freezePanes: {
    freezeRows: (n?: number) => void;
    freezeColumns: (n?: number) => void;
    freezeAt: (r: RangeProxy | string) => void;
    unfreeze: () => void;
  };
  readonly charts: { add: (type: string, source: RangeProxy, seriesBy?: string) => ChartProxy };
  get pageLayout() {
    const store = this.sheet?.pageLayout ?? {};
    const set = (k: string) => (v: unknown) => (store[k] = v);
    const footer: Record<string, unknown> = {};
    store.headersFooters = footer;
    return {
      set orientation(v: unknown) {
        set('orientation')(v);
      },
      set paperSize(v: unknown) {
        set('paperSize')(v);
      },
      set zoom(v: unknown) {
        set('zoom')(v);
      },
      setPrintTitleRows: set('printTitleRows'),
      setPrintTitleColumns: set('printTitleColumns'),
      headersFooters: {
        defaultForAllPages: {
          set centerHeader(v: unknown) {
            footer.centerHeader = v;
          },
          set centerFooter(v: unknown) {
            footer.centerFooter = v;
          },
          set leftFooter(v: unknown) {
            footer.leftFooter = v;
          },
        },
      },
    };
  }
  constructor(
    ctx: MockContext,
    readonly sheet: MemSheet | null,
    private readonly orNull = false,
  ) {
    super(ctx);
    // Like Office.js: a null-object's isNullObject is known after the next sync without load().
    if (orNull) {
      this.requested.add('isNullObject');
      ctx.pendingLoads.add(this);
    }
    const self = this;
    this.protection = {
      protect() {
        if (self.check('protect')) {
          if (self.sheet!.protected) ctx.fail(mockError('InvalidOperation', '工作表已受保护'));
          self.sheet!.protected = true;
        }
      },
      unprotect() {
        if (self.check('unprotect')) self.sheet!.protected = false;
      },
    };
    this.freezePanes = {
      freezeRows(n = 1) {
        if (self.check('freezeRows')) self.sheet!.freeze = { ...self.sheet!.freeze, rows: n };
      },
      freezeColumns(n = 1) {
        if (self.check('freezeColumns')) self.sheet!.freeze = { ...self.sheet!.freeze, cols: n };
      },
      freezeAt(r) {
        if (!self.check('freezeAt')) return;
        const box = typeof r === 'string' ? parseAddress(r).box : r.box;
        if (box) self.sheet!.freeze = { rows: box.r0 + box.rows, cols: box.c0 + box.cols };
      },
      unfreeze() {
        if (self.check('unfreeze')) self.sheet!.freeze = { rows: 0, cols: 0 };
      },
    };
    this.charts = {
      add(type, source, seriesBy) {
        const chart: MemChart = { type, sourceAddress: source.qualifiedAddress(), seriesBy, title: '' };
        if (self.check('charts.add')) self.sheet!.charts.push(chart);
        return new ChartProxy(ctx, chart);
      },
    };
  }

  private check(what: string): boolean {
    return this.ctx.guard(this.sheet, what);
  }

  protected override readProps(): Record<string, unknown> {
    const s = this.sheet;
    const exists = !!s && this.ctx.wb.sheets.includes(s);
    return {
      isNullObject: !exists,
      name: exists ? s!.name : undefined,
      id: exists ? s!.id : undefined,
      visibility: exists ? s!.visibility : undefined,
      position: exists ? this.ctx.wb.sheets.indexOf(s!) : undefined,
    };
  }

  get isNullObject(): boolean {
    if (!this.orNull) return false;
    return this.get<boolean>('isNullObject');
  }
  get name(): string {
    return this.get<string>('name');
  }
  set name(value: string) {
    if (!this.check('name')) return;
    const other = this.ctx.wb.sheet(value);
    if (other && other !== this.sheet) {
      this.ctx.fail(mockError('ItemAlreadyExists', `已存在同名工作表：${value}`));
      return;
    }
    if (this.ctx.wb.activeSheet === this.sheet!.name) this.ctx.wb.activeSheet = value;
    this.sheet!.name = value;
  }
  get id(): string {
    return this.get<string>('id');
  }
  get position(): number {
    return this.get<number>('position');
  }
  get visibility(): string {
    return this.get<string>('visibility');
  }
  set visibility(v: string) {
    if (this.check('visibility')) this.sheet!.visibility = v as MemSheet['visibility'];
  }

  activate(): void {
    if (this.check('activate')) this.ctx.wb.activeSheet = this.sheet!.name;
  }

  delete(): void {
    if (!this.check('delete')) return;
    const wb = this.ctx.wb;
    const visibleOthers = wb.sheets.filter((s) => s !== this.sheet && s.visibility === 'Visible');
    if (visibleOthers.length === 0) {
      this.ctx.fail(mockError('InvalidOperation', '不能删除唯一的可见工作表'));
      return;
    }
    wb.sheets = wb.sheets.filter((s) => s !== this.sheet);
    if (wb.activeSheet === this.sheet!.name) wb.activeSheet = visibleOthers[0].name;
  }

  getRange(address?: string): RangeProxy {
    const box = address ? parseAddress(address).box : { r0: 0, c0: 0, rows: 1048576, cols: 16384 };
    return new RangeProxy(this.ctx, this.sheet, box);
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    return new RangeProxy(this.ctx, this.sheet, { r0: startRow, c0: startColumn, rows: rowCount, cols: columnCount });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    // Resolved at sync time, like Excel: the used range is what exists when the batch runs.
    return new RangeProxy(this.ctx, this.sheet, null, () => this.sheet?.usedBounds(valuesOnly) ?? null);
  }
}

class FormatProxy {
  readonly font: Record<string, unknown>;
  readonly fill: Record<string, unknown>;
  readonly protection: Record<string, unknown>;
  readonly borders: { getItem: (i: string) => Record<string, unknown> };
  constructor(private readonly range: RangeProxy) {
    const each = (f: (c: MemCell) => void) => range.eachCell(f);
    this.font = {
      set bold(v: boolean) {
        each((c) => (c.bold = v));
      },
      set italic(v: boolean) {
        each((c) => (c.italic = v));
      },
      set color(v: string) {
        each((c) => (c.fontColor = v));
      },
      set size(v: number) {
        each((c) => (c.fontSize = v));
      },
      set name(_v: string) {},
    };
    this.fill = {
      set color(v: string) {
        each((c) => (c.fill = v));
      },
    };
    this.protection = {
      set locked(v: boolean) {
        each((c) => (c.locked = v));
      },
    };
    this.borders = {
      getItem: () => ({
        set style(v: string) {
          each((c) => (c.border = v !== 'None'));
        },
        set color(_v: string) {},
        set weight(_v: string) {},
      }),
    };
  }
  set horizontalAlignment(v: string) {
    this.range.eachCell((c) => (c.hAlign = v));
  }
  set verticalAlignment(v: string) {
    this.range.eachCell((c) => (c.vAlign = v));
  }
  set wrapText(v: boolean) {
    this.range.eachCell((c) => (c.wrap = v));
  }
  set columnWidth(v: number) {
    const box = this.range.box;
    const sheet = this.range.sheet;
    if (!box || !sheet) return;
    for (let c = box.c0; c < box.c0 + box.cols; c++) sheet.columnWidths.set(c, v);
  }
  set rowHeight(v: number) {
    const box = this.range.box;
    const sheet = this.range.sheet;
    if (!box || !sheet) return;
    for (let r = box.r0; r < box.r0 + box.rows; r++) sheet.rowHeights.set(r, v);
  }
}

class ConditionalFormatProxy {
  readonly topBottom: { rule: unknown; format: FormatLike };
  readonly custom: { rule: { formula: string }; format: FormatLike };
  constructor(cf: MemConditionalFormat) {
    const format: FormatLike = {
      fill: {
        set color(v: string) {
          cf.format.fill = v;
        },
      },
      font: {
        set color(v: string) {
          cf.format.fontColor = v;
        },
        set bold(v: boolean) {
          cf.format.bold = v;
        },
      },
    };
    this.topBottom = {
      set rule(v: unknown) {
        cf.rule = { ...(v as Record<string, unknown>) };
      },
      get rule() {
        return cf.rule;
      },
      format,
    };
    this.custom = {
      rule: {
        set formula(v: string) {
          cf.rule = { formula: v };
        },
        get formula() {
          return String(cf.rule.formula ?? '');
        },
      },
      format,
    };
  }
}

interface FormatLike {
  fill: { color?: string };
  font: { color?: string; bold?: boolean };
}

class ChartProxy {
  readonly title: { text: string };
  readonly series: { getItemAt: (i: number) => { name: string; setXAxisValues: (r: RangeProxy) => void } };
  constructor(
    ctx: MockContext,
    private readonly chart: MemChart,
  ) {
    void ctx;
    this.title = {
      set text(v: string) {
        chart.title = v;
      },
      get text() {
        return chart.title;
      },
    };
    this.series = {
      getItemAt: () => ({
        set name(v: string) {
          chart.seriesName = v;
        },
        get name() {
          return chart.seriesName ?? '';
        },
        setXAxisValues(r: RangeProxy) {
          chart.xAxisAddress = r.qualifiedAddress();
        },
      }),
    };
  }
  set name(_v: string) {}
  setPosition(start: string | RangeProxy, end?: string | RangeProxy): void {
    const addr = (x: string | RangeProxy) => (typeof x === 'string' ? x : boxAddress(x.box!));
    this.chart.position = { start: addr(start), end: end ? addr(end) : undefined };
  }
}

class RangeProxy extends Proxy0 {
  readonly format: FormatProxy;
  set rowHidden(v: boolean) {
    const box = this.box;
    if (!box || !this.sheet) return;
    for (let r = box.r0; r < box.r0 + box.rows; r++) v ? this.sheet.hiddenRows.add(r) : this.sheet.hiddenRows.delete(r);
  }
  set columnHidden(v: boolean) {
    const box = this.box;
    if (!box || !this.sheet) return;
    for (let c = box.c0; c < box.c0 + box.cols; c++) v ? this.sheet.hiddenColumns.add(c) : this.sheet.hiddenColumns.delete(c);
  }
  readonly conditionalFormats: { add: (type: string) => ConditionalFormatProxy };
  readonly dataValidation: {
    rule: unknown;
    prompt: unknown;
    errorAlert: unknown;
    clear: () => void;
  };
  private resolvedNull = false;
  constructor(
    ctx: MockContext,
    readonly sheet: MemSheet | null,
    private fixedBox: Box | null,
    private readonly lazyBounds?: () => { r0: number; c0: number; r1: number; c1: number } | null,
  ) {
    super(ctx);
    if (lazyBounds) {
      this.requested.add('isNullObject');
      ctx.pendingLoads.add(this);
    }
    this.format = new FormatProxy(this);
    const self = this;
    this.conditionalFormats = {
      add(type: string) {
        const cf: MemConditionalFormat = { address: boxAddress(self.box!), type, rule: {}, format: {} };
        if (self.ctx.guard(self.sheet, 'conditionalFormats.add')) self.sheet!.conditionalFormats.push(cf);
        return new ConditionalFormatProxy(cf);
      },
    };
    const validation = (): MemValidation => {
      const address = boxAddress(self.box!);
      let v = self.sheet!.validations.find((x) => x.address === address);
      if (!v) {
        v = { address, rule: {} };
        self.sheet!.validations.push(v);
      }
      return v;
    };
    this.dataValidation = {
      set rule(r: unknown) {
        if (self.ctx.guard(self.sheet, 'dataValidation')) validation().rule = r as Record<string, unknown>;
      },
      get rule() {
        return validation().rule;
      },
      set prompt(p: unknown) {
        if (self.ctx.guard(self.sheet, 'dataValidation')) validation().prompt = p as Record<string, unknown>;
      },
      get prompt() {
        return validation().prompt;
      },
      set errorAlert(p: unknown) {
        if (self.ctx.guard(self.sheet, 'dataValidation')) validation().errorAlert = p as Record<string, unknown>;
      },
      get errorAlert() {
        return validation().errorAlert;
      },
      clear() {
        if (self.sheet) self.sheet.validations = self.sheet.validations.filter((x) => x.address !== boxAddress(self.box!));
      },
    };
  }

  get box(): Box | null {
    if (this.fixedBox) return this.fixedBox;
    const b = this.lazyBounds?.() ?? null;
    if (!b) return null;
    return { r0: b.r0, c0: b.c0, rows: b.r1 - b.r0 + 1, cols: b.c1 - b.c0 + 1 };
  }

  qualifiedAddress(): string {
    return `${quote(this.sheet?.name ?? '?')}!${boxAddress(this.box!)}`;
  }

  eachCell(f: (c: MemCell) => void): void {
    const box = this.box;
    if (!this.ctx.guard(this.sheet, 'range') || !box) return;
    if (box.rows * box.cols > 5_000_000) {
      this.ctx.fail(mockError('InvalidArgument', '模拟工作簿不支持整列/整行格式'));
      return;
    }
    for (let r = box.r0; r < box.r0 + box.rows; r++) for (let c = box.c0; c < box.c0 + box.cols; c++) f(this.sheet!.ensure(r, c));
  }

  /** A scalar applies to every cell; an array must match the range's shape exactly. */
  private write(what: string, input: unknown, apply: (cell: MemCell, v: unknown) => void): void {
    const box = this.box;
    if (!this.ctx.guard(this.sheet, what) || !box) return;
    if (Array.isArray(input)) {
      const ok = input.length === box.rows && input.every((row) => Array.isArray(row) && row.length === box.cols);
      if (!ok) {
        this.ctx.fail(mockError('InvalidArgument', `${what}: 数组大小与区域 ${boxAddress(box)}（${box.rows}×${box.cols}）不一致`));
        return;
      }
      for (let i = 0; i < box.rows; i++)
        for (let j = 0; j < box.cols; j++) {
          const v = (input as unknown[][])[i][j];
          if (v === null || v === undefined) continue; // null = leave unchanged, as in Excel
          apply(this.sheet!.ensure(box.r0 + i, box.c0 + j), v);
        }
    } else {
      this.eachCell((c) => apply(c, input));
    }
  }

  set values(input: unknown) {
    this.write('values', input, (cell, v) => setConstantOrFormula(cell, v));
  }
  get values(): MemValue[][] {
    return this.get('values');
  }
  set formulas(input: unknown) {
    this.write('formulas', input, (cell, v) => {
      if (typeof v === 'string' && v.startsWith('=')) {
        // Keeps the cached value written before (the mock does not calculate).
        cell.formula = v;
        cell.prefixQuoted = false;
      } else setConstantOrFormula(cell, v);
    });
  }
  get formulas(): unknown[][] {
    return this.get('formulas');
  }
  set numberFormat(input: unknown) {
    this.write('numberFormat', input, (cell, v) => (cell.numberFormat = String(v)));
  }
  get numberFormat(): string[][] {
    return this.get('numberFormat');
  }
  get valueTypes(): string[][] {
    return this.get('valueTypes');
  }
  get address(): string {
    return this.get('address');
  }
  get rowIndex(): number {
    return this.get('rowIndex');
  }
  get columnIndex(): number {
    return this.get('columnIndex');
  }
  get rowCount(): number {
    return this.get('rowCount');
  }
  get columnCount(): number {
    return this.get('columnCount');
  }
  get isNullObject(): boolean {
    if (!this.lazyBounds) return false;
    return this.get<boolean>('isNullObject');
  }

  merge(_across = false): void {
    const box = this.box;
    if (this.ctx.guard(this.sheet, 'merge') && box) this.sheet!.merges.push(boxAddress(box));
  }

  protected override readProps(): Record<string, unknown> {
    const exists = !!this.sheet && this.ctx.wb.sheets.includes(this.sheet);
    const box = exists ? this.box : null;
    this.resolvedNull = !box;
    if (!box) return { isNullObject: true };
    const values: MemValue[][] = [];
    const formulas: unknown[][] = [];
    const numberFormat: string[][] = [];
    const valueTypes: string[][] = [];
    for (let r = box.r0; r < box.r0 + box.rows; r++) {
      const vr: MemValue[] = [];
      const fr: unknown[] = [];
      const nr: string[] = [];
      const tr: string[] = [];
      for (let c = box.c0; c < box.c0 + box.cols; c++) {
        const cell = this.sheet!.cell(r, c);
        vr.push(cell ? (cell.value ?? '') : '');
        // Like Excel, formulas repeats a constant as it is (a prefix-quoted text without its apostrophe).
        fr.push(cell ? (cell.formula ?? cell.value ?? '') : '');
        nr.push(cell?.numberFormat ?? 'General');
        const v = cell?.value;
        tr.push(
          v === null || v === undefined || v === ''
            ? 'Empty'
            : typeof v === 'number'
              ? 'Double'
              : typeof v === 'boolean'
                ? 'Boolean'
                : cell?.error
                  ? 'Error'
                  : 'String',
        );
      }
      valueTypes.push(tr);
      values.push(vr);
      formulas.push(fr);
      numberFormat.push(nr);
    }
    return {
      isNullObject: false,
      values,
      formulas,
      numberFormat,
      valueTypes,
      address: `${quote(this.sheet!.name)}!${boxAddress(box)}`,
      rowIndex: box.r0,
      columnIndex: box.c0,
      rowCount: box.rows,
      columnCount: box.cols,
    };
  }

  override __applyLoad(): void {
    super.__applyLoad();
    void this.resolvedNull;
  }
}

/** The error literals Excel turns into error values when they are written to a cell (kept local, like the A1 helpers). */
const EXCEL_ERROR_LITERAL = /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!)$/;

/**
 * What Excel does with a constant written to a cell: '=' starts a formula, "'" marks text,
 * number-like text becomes a number, an error literal ('#NUM!') becomes that error.
 */
function setConstantOrFormula(cell: MemCell, v: unknown): void {
  cell.error = undefined;
  if (typeof v === 'string' && v.startsWith("'")) {
    cell.value = v.slice(1);
    cell.prefixQuoted = true;
    cell.formula = undefined;
  } else if (typeof v === 'string' && v.startsWith('=') && v.length > 1 && cell.numberFormat !== '@') {
    // Excel would evaluate it; the mock records the formula and has no value.
    cell.formula = v;
    cell.value = null;
    cell.prefixQuoted = false;
  } else if (typeof v === 'string' && cell.numberFormat !== '@' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?\s*$/i.test(v)) {
    // Excel turns number-like text into a number ('0012' → 12, '5%' → 0.05).
    const pct = v.trim().endsWith('%');
    cell.value = Number(v.trim().replace('%', '')) / (pct ? 100 : 1);
    cell.formula = undefined;
    cell.prefixQuoted = false;
  } else if (typeof v === 'string' && cell.numberFormat !== '@' && EXCEL_ERROR_LITERAL.test(v.trim().toUpperCase())) {
    cell.value = v.trim().toUpperCase();
    cell.error = true;
    cell.formula = undefined;
    cell.prefixQuoted = false;
  } else if (typeof v === 'string' && cell.numberFormat !== '@' && /^(true|false)$/i.test(v.trim())) {
    cell.value = v.trim().toLowerCase() === 'true';
    cell.formula = undefined;
    cell.prefixQuoted = false;
  } else {
    cell.value = v as MemValue;
    cell.formula = undefined;
    cell.prefixQuoted = false;
  }
}

// ---------------------------------------------------------------------------------------
// The Excel namespace: run() plus the enums the adapter uses.

export interface MockExcelNamespace {
  run<T>(batch: (context: MockContext) => Promise<T>): Promise<T>;
  [k: string]: unknown;
}

export function createMockExcel(wb: MemWorkbook): MockExcelNamespace {
  return {
    async run<T>(batch: (context: MockContext) => Promise<T>): Promise<T> {
      wb.runCount++;
      const ctx = new MockContext(wb);
      const result = await batch(ctx);
      // Excel.run syncs queued work at the end of the batch.
      if (ctx.pendingError) {
        const e = ctx.pendingError;
        ctx.pendingError = null;
        throw e;
      }
      return result;
    },
    ChartType: { columnClustered: 'ColumnClustered', barClustered: 'BarClustered' },
    ChartSeriesBy: { auto: 'Auto', columns: 'Columns', rows: 'Rows' },
    ConditionalFormatType: { topBottom: 'TopBottom', custom: 'Custom', cellValue: 'CellValue' },
    ConditionalTopBottomCriterionType: { topItems: 'TopItems', bottomItems: 'BottomItems' },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    PageOrientation: { portrait: 'Portrait', landscape: 'Landscape' },
    PaperType: { a4: 'A4', letter: 'Letter' },
    DataValidationOperator: {
      between: 'Between',
      greaterThanOrEqualTo: 'GreaterThanOrEqualTo',
      lessThanOrEqualTo: 'LessThanOrEqualTo',
      equalTo: 'EqualTo',
    },
    DataValidationAlertStyle: { stop: 'Stop', warning: 'Warning', information: 'Information' },
    BorderIndex: {
      edgeTop: 'EdgeTop',
      edgeBottom: 'EdgeBottom',
      edgeLeft: 'EdgeLeft',
      edgeRight: 'EdgeRight',
      insideVertical: 'InsideVertical',
      insideHorizontal: 'InsideHorizontal',
    },
    BorderLineStyle: { continuous: 'Continuous', none: 'None' },
    HorizontalAlignment: { left: 'Left', center: 'Center', right: 'Right', general: 'General' },
    VerticalAlignment: { top: 'Top', center: 'Center', bottom: 'Bottom' },
  };
}

/** Installs Office and Excel globals backed by `wb` (the preview page and node tests). */
export function installMockOffice(
  wb: MemWorkbook,
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  displayLanguage = 'zh-CN',
): void {
  target.Excel = createMockExcel(wb);
  target.Office = {
    HostType: { Excel: 'Excel' },
    context: {
      displayLanguage,
      requirements: { isSetSupported: () => true },
    },
    onReady: (cb?: (info: { host: string; platform: string }) => void) => {
      const info = { host: 'Excel', platform: 'PC' };
      cb?.(info);
      return Promise.resolve(info);
    },
  };
}
