/**
 * Styles and number formats (xl/styles.xml), both directions. Writing: the model's
 * CellStyle objects interned into fonts, fills, borders, number formats and cellXfs, plus
 * differential formats (dxfs) for conditional formatting. Reading: for each cellXfs index,
 * whether its number format shows a date (all a reader by labels needs from styles).
 */
import { isBuiltinDateFormatId, isDateFormat } from '../../../core/grid.js';
import type { CellStyle } from '../../../core/sheet-model.js';
import { attr, scanXml } from '../xml-scan.js';
import { NS_MAIN, XML_HEAD, escapeXml } from '../xml.js';

/** Built-in number formats Excel knows by id (no <numFmt> written for them). */
export const BUILTIN_FORMATS: Readonly<Record<string, number>> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '@': 49,
};

/** First id of custom number formats. */
const FIRST_CUSTOM_FORMAT = 164;
const DEFAULT_FONT = '<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>';
const THIN_BORDER =
  '<border>' +
  ['left', 'right', 'top', 'bottom'].map((side) => `<${side} style="thin"><color rgb="FFBFBFBF"/></${side}>`).join('') +
  '<diagonal/></border>';

/** Every property of a style that its xf depends on, in a fixed order (whatever order the object was built in). */
function styleKey(s: CellStyle): string {
  return (
    `${s.bold ? 'b' : ''}${s.italic ? 'i' : ''}${s.wrap ? 'w' : ''}${s.border ? 'B' : ''}${s.locked === false ? 'u' : ''}` +
    `|${s.color ?? ''}|${s.fill ?? ''}|${s.fontSize ?? ''}|${s.hAlign ?? ''}|${s.vAlign ?? ''}|${s.numFmt ?? ''}`
  );
}

/** The style table being written. Index 0 of every list is the default ("no style"). */
export class Styles {
  private fonts: string[] = [DEFAULT_FONT];
  private fontIx = new Map<string, number>([[DEFAULT_FONT, 0]]);
  private fills: string[] = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private fillIx = new Map<string, number>();
  private borders: string[] = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private borderIx = new Map<string, number>();
  private numFmts: string[] = [];
  private numFmtIx = new Map<string, number>();
  private xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private xfIx = new Map<string, number>();
  private byStyle = new Map<string, number>();
  /** The style object asked for last and its index: neighbouring cells mostly share one object. */
  private lastStyle: CellStyle | undefined;
  private lastXf = 0;
  private dxfs: string[] = [];

  private intern(list: string[], ix: Map<string, number>, xml: string): number {
    let i = ix.get(xml);
    if (i === undefined) {
      i = list.length;
      list.push(xml);
      ix.set(xml, i);
    }
    return i;
  }

  /** The id of a number format code (built-in or custom, custom ones added once). */
  numFmtId(code: string): number {
    if (code in BUILTIN_FORMATS) return BUILTIN_FORMATS[code];
    let id = this.numFmtIx.get(code);
    if (id === undefined) {
      id = FIRST_CUSTOM_FORMAT + this.numFmts.length;
      this.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
      this.numFmtIx.set(code, id);
    }
    return id;
  }

  private fontXml(s: CellStyle, forDxf = false): string {
    let x = '<font>';
    if (s.bold) x += '<b/>';
    if (s.italic) x += '<i/>';
    if (!forDxf) x += `<sz val="${s.fontSize ?? 11}"/>`;
    if (s.color) x += `<color rgb="FF${s.color.toUpperCase()}"/>`;
    if (!forDxf) x += '<name val="等线"/><family val="2"/><charset val="134"/>';
    return x + '</font>';
  }

  /**
   * The cellXfs index of a style (0 for none), found by the style's value. Not by object identity:
   * models make a style object per cell in places, and a WeakMap of millions of them made a
   * 40,000-file rollup workbook spend most of its time in lookups and in the collector.
   */
  xf(s: CellStyle | undefined): number {
    if (!s) return 0;
    if (s === this.lastStyle) return this.lastXf;
    const key = styleKey(s);
    let i = this.byStyle.get(key);
    if (i === undefined) {
      i = this.xfByValue(s);
      this.byStyle.set(key, i);
    }
    this.lastStyle = s;
    this.lastXf = i;
    return i;
  }

  private xfByValue(s: CellStyle): number {
    const fontId = s.bold || s.italic || s.color || s.fontSize ? this.intern(this.fonts, this.fontIx, this.fontXml(s)) : 0;
    const fillId = s.fill
      ? this.intern(
          this.fills,
          this.fillIx,
          `<fill><patternFill patternType="solid"><fgColor rgb="FF${s.fill.toUpperCase()}"/><bgColor indexed="64"/></patternFill></fill>`,
        )
      : 0;
    const borderId = s.border ? this.intern(this.borders, this.borderIx, THIN_BORDER) : 0;
    const numFmtId = s.numFmt ? this.numFmtId(s.numFmt) : 0;
    let attrs = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId) attrs += ' applyNumberFormat="1"';
    if (fontId) attrs += ' applyFont="1"';
    if (fillId) attrs += ' applyFill="1"';
    if (borderId) attrs += ' applyBorder="1"';
    let children = '';
    if (s.hAlign || s.vAlign || s.wrap) {
      attrs += ' applyAlignment="1"';
      const v = s.vAlign === 'middle' ? 'center' : s.vAlign;
      children += `<alignment${s.hAlign ? ` horizontal="${s.hAlign}"` : ''}${v ? ` vertical="${v}"` : ''}${s.wrap ? ' wrapText="1"' : ''}/>`;
    }
    if (s.locked === false) {
      attrs += ' applyProtection="1"';
      children += '<protection locked="0"/>';
    }
    const xml = children ? `<xf ${attrs}>${children}</xf>` : `<xf ${attrs}/>`;
    return this.intern(this.xfs, this.xfIx, xml);
  }

  /** A differential format for conditional formatting; its dxfId. */
  dxf(s: CellStyle): number {
    let x = '<dxf>';
    if (s.bold || s.italic || s.color) x += this.fontXml(s, true);
    if (s.numFmt) x += `<numFmt numFmtId="${this.numFmtId(s.numFmt)}" formatCode="${escapeXml(s.numFmt)}"/>`;
    if (s.fill) x += `<fill><patternFill patternType="solid"><bgColor rgb="FF${s.fill.toUpperCase()}"/></patternFill></fill>`;
    x += '</dxf>';
    this.dxfs.push(x);
    return this.dxfs.length - 1;
  }

  xml(): string {
    const list = (tag: string, items: string[]) => (items.length ? `<${tag} count="${items.length}">${items.join('')}</${tag}>` : '');
    return (
      XML_HEAD +
      `<styleSheet xmlns="${NS_MAIN}">` +
      list('numFmts', this.numFmts) +
      list('fonts', this.fonts) +
      list('fills', this.fills) +
      list('borders', this.borders) +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list('cellXfs', this.xfs) +
      '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>' +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join('')}</dxfs>` +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}

/** Read styles: for each cellXfs index, does its number format show a date? */
export function readDateStyles(xml: string, partName: string): boolean[] {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  scanXml(
    xml,
    {
      open(name, a, self) {
        if (name === 'numFmt') {
          const id = Number(attr(a, 'numFmtId'));
          const code = attr(a, 'formatCode');
          if (Number.isFinite(id) && code !== undefined) custom.set(id, code);
        } else if (name === 'cellXfs') inCellXfs = !self;
        else if (name === 'xf' && inCellXfs) xfs.push(Number(attr(a, 'numFmtId') ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    },
    partName,
  );
  return xfs.map((id) => {
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : isBuiltinDateFormatId(id);
  });
}
