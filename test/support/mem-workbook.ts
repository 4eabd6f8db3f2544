/**
 * The in-memory workbook behind the Office mock (test/support/mock-office.ts): sheets of cells
 * with values, formulas, formats, merges, conditional formats, validations, comments and charts,
 * and change listeners (the preview's grid view redraws on them). Plain data, no Office API:
 * the proxies in mock-office.ts read and write it with Excel's batch semantics.
 *
 * Used by the node tests (test/excel, test/taskpane, test/wps) and by the browser preview (preview/).
 */
export type MemValue = string | number | boolean | null;

export interface MemCell {
  value: MemValue;
  /** '=…' when the cell holds a formula. */
  formula?: string;
  /** The text was written with a leading apostrophe (Excel's "this is text" prefix). */
  prefixQuoted?: boolean;
  /** The value is an error (its literal, e.g. '#NUM!'), as Excel makes of an error literal written to a cell. */
  error?: boolean;
  numberFormat?: string;
  bold?: boolean;
  italic?: boolean;
  fontColor?: string;
  fontSize?: number;
  fill?: string;
  hAlign?: string;
  vAlign?: string;
  wrap?: boolean;
  border?: boolean;
  locked?: boolean;
}

export interface MemConditionalFormat {
  address: string;
  type: string;
  rule: Record<string, unknown>;
  format: { fill?: string; fontColor?: string; bold?: boolean };
}

export interface MemValidation {
  address: string;
  rule: Record<string, unknown>;
  prompt?: Record<string, unknown>;
  errorAlert?: Record<string, unknown>;
}

export interface MemChart {
  type: string;
  sourceAddress: string;
  seriesBy?: string;
  title: string;
  seriesName?: string;
  xAxisAddress?: string;
  position?: { start: string; end?: string };
}

export class MemSheet {
  cells = new Map<string, MemCell>();
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  protected = false;
  conditionalFormats: MemConditionalFormat[] = [];
  validations: MemValidation[] = [];
  charts: MemChart[] = [];
  merges: string[] = [];
  freeze: { rows: number; cols: number } = { rows: 0, cols: 0 };
  /** What worksheet.pageLayout was given (print setup), as Excel would keep it. */
  pageLayout: Record<string, unknown> = {};
  columnWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  hiddenRows = new Set<number>();
  hiddenColumns = new Set<number>();
  comments = new Map<string, string>();
  constructor(
    public name: string,
    public readonly id: string,
  ) {}

  cell(r: number, c: number): MemCell | undefined {
    return this.cells.get(`${r},${c}`);
  }

  ensure(r: number, c: number): MemCell {
    const key = `${r},${c}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { value: null };
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** 0-based bounds of the cells that hold something; null when empty. */
  usedBounds(valuesOnly = false): { r0: number; c0: number; r1: number; c1: number } | null {
    let b: { r0: number; c0: number; r1: number; c1: number } | null = null;
    for (const [key, cell] of this.cells) {
      if (valuesOnly && (cell.value === null || cell.value === '') && !cell.formula) continue;
      const [r, c] = key.split(',').map(Number);
      if (!b) b = { r0: r, c0: c, r1: r, c1: c };
      else {
        b.r0 = Math.min(b.r0, r);
        b.c0 = Math.min(b.c0, c);
        b.r1 = Math.max(b.r1, r);
        b.c1 = Math.max(b.c1, c);
      }
    }
    return b;
  }

  /**
   * The displayed grid (values; formula cells show their cached value — "" shows blank, as in
   * Excel — or the formula text when the mock has none: a formula written through values).
   */
  toGrid(): MemValue[][] {
    const b = this.usedBounds();
    if (!b) return [];
    const out: MemValue[][] = [];
    for (let r = 0; r <= b.r1; r++) {
      const row: MemValue[] = [];
      for (let c = 0; c <= b.c1; c++) {
        const cell = this.cell(r, c);
        row.push(cell ? (cell.formula && cell.value === null ? cell.formula : cell.value) : null);
      }
      out.push(row);
    }
    return out;
  }
}

/** The whole workbook: sheets in tab order and the sync counter. */
export class MemWorkbook {
  sheets: MemSheet[] = [];
  activeSheet: string | null = null;
  syncCount = 0;
  runCount = 0;
  private nextId = 1;
  /** Listeners called after every sync that changed something (the preview's grid view). */
  private listeners = new Set<() => void>();

  constructor(initialSheets: string[] = ['Sheet1']) {
    for (const name of initialSheets) this.addSheet(name);
    this.activeSheet = initialSheets[0] ?? null;
  }

  addSheet(name: string): MemSheet {
    const sheet = new MemSheet(name, `{${this.nextId++}}`);
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): MemSheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of this.listeners) l();
  }
}
