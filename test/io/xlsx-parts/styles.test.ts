/** Styles and number formats, model ⇄ XML: cellXfs, fonts, fills, borders, numFmts, dxfs; date styles read back. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellStyle } from '../../../src/core/sheet-model.js';
import { Styles, readDateStyles } from '../../../src/io/xlsx/parts/styles.js';

/** The element list inside <tag …>…</tag> of a styles part. */
const section = (xml: string, tag: string) => new RegExp(`<${tag} count="\\d+">(.*?)</${tag}>`).exec(xml)?.[1] ?? '';

describe('styles: model → XML', () => {
  it.each<{ name: string; style: CellStyle; xf: string; font?: string; fill?: string; numFmt?: string; border?: boolean }>([
    {
      name: 'built-in number format',
      style: { numFmt: '0.00' },
      xf: '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
    },
    {
      name: 'custom number format from 164',
      style: { numFmt: '0.0"%"' },
      xf: '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
      numFmt: '<numFmt numFmtId="164" formatCode="0.0&quot;%&quot;"/>',
    },
    {
      name: 'bold red 12pt',
      style: { bold: true, color: 'c00000', fontSize: 12 },
      xf: '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
      font: '<font><b/><sz val="12"/><color rgb="FFC00000"/><name val="等线"/><family val="2"/><charset val="134"/></font>',
    },
    {
      name: 'fill',
      style: { fill: 'ddebf7' },
      xf: '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>',
      fill: '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>',
    },
    {
      name: 'thin border',
      style: { border: true },
      xf: '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>',
      border: true,
    },
    {
      name: 'alignment, wrap and unlocked',
      style: { hAlign: 'center', vAlign: 'middle', wrap: true, locked: false },
      xf: '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" applyProtection="1"><alignment horizontal="center" vertical="center" wrapText="1"/><protection locked="0"/></xf>',
    },
  ])('$name', ({ style, xf, font, fill, numFmt, border }) => {
    const st = new Styles();
    expect(st.xf(undefined)).toBe(0);
    expect(st.xf(style)).toBe(1);
    expect(st.xf({ ...style })).toBe(1); // an equal style object is the same xf
    const xml = st.xml();
    expect(section(xml, 'cellXfs')).toBe('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' + xf);
    if (font) expect(section(xml, 'fonts')).toContain(font);
    if (fill) expect(section(xml, 'fills')).toContain(fill);
    if (numFmt) expect(section(xml, 'numFmts')).toBe(numFmt);
    else expect(xml).not.toContain('<numFmts');
    expect(section(xml, 'borders')).toContain(border ? '<left style="thin"><color rgb="FFBFBFBF"/></left>' : '<left/>');
  });

  it('styles are told apart by value, whatever their object or key order: same xf exactly when the same <xf> is written', () => {
    const arbStyle: fc.Arbitrary<CellStyle> = fc.record(
      {
        bold: fc.boolean(),
        italic: fc.boolean(),
        color: fc.constantFrom('c00000', '595959', ''),
        fill: fc.constantFrom('ddebf7', 'ffc7ce'),
        fontSize: fc.constantFrom(11, 12),
        numFmt: fc.constantFrom('0.00', '@', '#,##0', '0.0"%"'),
        hAlign: fc.constantFrom('left' as const, 'center' as const),
        vAlign: fc.constantFrom('top' as const, 'middle' as const),
        wrap: fc.boolean(),
        border: fc.boolean(),
        locked: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    // Oracle: the <xf> element (with the font, fill and format it points at) a fresh table writes for the style alone.
    const alone = (s: CellStyle): string => {
      const st = new Styles();
      st.xf(s);
      const xml = st.xml();
      return [section(xml, 'cellXfs'), section(xml, 'fonts'), section(xml, 'fills'), section(xml, 'numFmts')].join('|');
    };
    fc.assert(
      fc.property(fc.array(arbStyle, { minLength: 1, maxLength: 12 }), fc.boolean(), (styles, reversed) => {
        const st = new Styles();
        // Each style asked for as given, then as a copy built in the opposite key order.
        const copy = (s: CellStyle): CellStyle => Object.fromEntries(Object.entries(s).reverse()) as CellStyle;
        const ids = styles.map((s) => st.xf(reversed ? copy(s) : s));
        styles.forEach((s, i) => expect(st.xf(reversed ? s : copy(s))).toBe(ids[i]));
        for (let i = 0; i < styles.length; i++)
          for (let j = 0; j < i; j++) expect(ids[i] === ids[j]).toBe(alone(styles[i]) === alone(styles[j]));
      }),
      { numRuns: 300 },
    );
  });

  it('differential formats (conditional formatting) carry font, number format and a background fill', () => {
    const st = new Styles();
    expect(st.dxf({ bold: true, color: '00b050' })).toBe(0);
    expect(st.dxf({ fill: 'ffc7ce', numFmt: '0.0' })).toBe(1);
    expect(st.xml()).toContain(
      '<dxfs count="2"><dxf><font><b/><color rgb="FF00B050"/></font></dxf>' +
        '<dxf><numFmt numFmtId="164" formatCode="0.0"/><fill><patternFill patternType="solid"><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>',
    );
  });
});

describe('styles: XML → model (which cellXfs show dates)', () => {
  it('reads back the styles written: only date formats are dates', () => {
    const st = new Styles();
    const ids = [{ numFmt: '0.00' }, { numFmt: 'yyyy-mm-dd' }, { bold: true }, { numFmt: 'yyyy"年"m"月"' }].map((s) => st.xf(s));
    const dates = readDateStyles(st.xml(), 'styles.xml');
    expect(ids.map((i) => dates[i])).toEqual([false, true, false, true]);
    expect(dates[0]).toBe(false);
  });

  it.each([
    {
      name: 'built-in date id 14',
      xml: '<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
      out: [false, true],
    },
    {
      name: 'custom formats, cellStyleXfs ignored',
      xml: '<styleSheet><numFmts><numFmt numFmtId="200" formatCode="m/d/yy h:mm"/><numFmt numFmtId="201" formatCode="#,##0"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="201"/><xf numFmtId="200"/><xf/></cellXfs></styleSheet>',
      out: [false, true, false],
    },
    { name: 'prefixed', xml: '<x:styleSheet xmlns:x="urn:x"><x:cellXfs><x:xf numFmtId="22"/></x:cellXfs></x:styleSheet>', out: [true] },
  ])('$name', ({ xml, out }) => {
    expect(readDateStyles(xml, 'styles.xml')).toEqual(out);
  });
});
