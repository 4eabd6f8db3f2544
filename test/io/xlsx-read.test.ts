import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { zipSync, strToU8, unzipSync as unzip } from 'fflate';
import { readXlsx, XlsxReadError } from '../../src/io/xlsx/read.js';
import { readEntry, zipEntries } from '../../src/io/xlsx/zip.js';
import { decodeXml } from '../../src/io/xlsx/xml-scan.js';

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const ROOT_RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';

/** A minimal workbook from raw sheet XML bodies (sheetData etc.), with optional shared strings and styles. */
function book(
  sheets: { name: string; state?: string; body: string }[],
  extra: { sst?: string; styles?: string; prefix?: string } = {},
): Uint8Array {
  const rels = sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(CT),
    '_rels/.rels': strToU8(ROOT_RELS),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}${
        extra.sst
          ? '<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
          : ''
      }${extra.styles ? '<Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>' : ''}</Relationships>`,
    ),
  };
  const p = extra.prefix ?? '';
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0"?><${p}worksheet xmlns${p ? ':' + p.slice(0, -1) : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${s.body}</${p}worksheet>`,
    );
  });
  if (extra.sst) files['xl/sharedStrings.xml'] = strToU8(extra.sst);
  if (extra.styles) files['xl/styles.xml'] = strToU8(extra.styles);
  return zipSync(files);
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof XlsxReadError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('xlsx reader', () => {
  it('reads every cell type, rich and phonetic shared strings, inline strings, formulas and errors', () => {
    const sst =
      '<sst xmlns="x"><si><t>纯文本</t></si><si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si><si><t>a &amp; b &lt;c&gt; &#x4E2D;&#25991; _x000D_x</t></si><si/></sst>';
    const body =
      '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
      '<row r="2"><c r="A2"><v>1234.5</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D2" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="E2" t="inlineStr"><is><t>内联</t></is></c><c r="F2"><f>SUM(A2)</f><v>1234.5</v></c><c r="G2" s="3"/></row>' +
      '<row><c><v>7</v></c><c><v>8</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A5:C6"/></mergeCells>';
    const g = readXlsx(book([{ name: 'S', body }], { sst }), 'a.xlsx');
    const s = g.sheets[0];
    expect([0, 1, 2, 3].map((c) => s.cell(0, c)?.value)).toEqual(['纯文本', '富文本 ', 'a & b <c> 中文 \rx', '']);
    expect(s.cell(1, 0)).toEqual({ value: 1234.5 });
    expect(s.cell(1, 1)).toEqual({ value: true });
    expect(s.cell(1, 2)).toEqual({ value: null, error: '#DIV/0!', formula: '1/0' });
    expect(s.cell(1, 3)).toEqual({ value: 'xy', formula: '"x"&"y"' });
    expect(s.cell(1, 4)).toEqual({ value: '内联' });
    expect(s.cell(1, 5)).toEqual({ value: 1234.5, formula: 'SUM(A2)' });
    expect(s.cell(1, 6)).toBeUndefined(); // a styled blank is no cell
    expect([s.cell(2, 0)?.value, s.cell(2, 1)?.value]).toEqual([7, 8]); // no r attributes
    expect(s.merges).toEqual([{ r0: 4, c0: 0, r1: 5, c1: 2 }]);
    expect([s.maxRow, s.maxCol]).toEqual([2, 5]);
  });

  it('never resolves DTD entities (XXE, billion laughs): they stay literal text', () => {
    const sst =
      '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><sst><si><t>&xxe;</t></si><si><t>&lol2;</t></si></sst>';
    const g = readXlsx(
      book([{ name: 'S', body: '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData>' }], {
        sst,
      }),
      'x.xlsx',
    );
    expect(g.sheets[0].cell(0, 0)?.value).toBe('&xxe;');
    expect(g.sheets[0].cell(0, 1)?.value).toBe('&lol2;');
    expect(decodeXml('&#0;&#xD800;&#x110000;&amp;')).toBe('&#0;&#xD800;&#x110000;&');
  });

  it('knows sheet states, hidden rows, namespace prefixes and date formats', () => {
    const styles =
      '<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00_);[Red]\\(#,##0.00\\)"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>';
    const body =
      '<x:sheetData><x:row r="1"><x:c r="A1" s="1"><x:v>45300</x:v></x:c><x:c r="B1" s="2"><x:v>45300</x:v></x:c><x:c r="C1" s="3"><x:v>45300</x:v></x:c><x:c r="D1"><x:v>1</x:v></x:c></x:row><x:row r="3" hidden="1"><x:c r="A3"><x:v>2</x:v></x:c></x:row></x:sheetData>';
    const g = readXlsx(
      book(
        [
          { name: 'A', body },
          { name: 'B', state: 'hidden', body: '' },
          { name: 'C', state: 'veryHidden', body: '' },
        ],
        { styles, prefix: 'x:' },
      ),
      'd.xlsx',
    );
    const s = g.sheets[0];
    expect([s.cell(0, 0)?.isDate, s.cell(0, 1)?.isDate, s.cell(0, 2)?.isDate, s.cell(0, 3)?.isDate]).toEqual([
      true,
      true,
      undefined,
      undefined,
    ]);
    expect(s.hiddenRows).toEqual([2]);
    expect(g.sheets.map((x) => x.state)).toEqual(['visible', 'hidden', 'veryHidden']);
  });

  it('refuses what is not an .xlsx with a typed Chinese error', () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(code(() => readXlsx(ole, 'a.xls'))).toBe('LEGACY_XLS');
    ole.set(
      [...'EncryptedPackage'].flatMap((c) => [c.charCodeAt(0), 0]),
      600,
    );
    expect(code(() => readXlsx(ole, 'b.xlsx'))).toBe('ENCRYPTED');
    expect(code(() => readXlsx(new Uint8Array(), 'c.xlsx'))).toBe('EMPTY');
    expect(code(() => readXlsx(strToU8('a,b\n1,2\n'), 'd.xlsx'))).toBe('CSV');
    expect(code(() => readXlsx(strToU8('<html><body>x</body></html>'), 'e.xlsx'))).toBe('NOT_XLSX');
    expect(code(() => readXlsx(new Uint8Array([1, 2, 3, 4, 5, 0, 0, 7]), 'f.xlsx'))).toBe('NOT_ZIP');
    const good = book([{ name: 'S', body: '<sheetData/>' }]);
    expect(code(() => readXlsx(good.subarray(0, good.length - 30), 'g.xlsx'))).toBe('TRUNCATED');
    expect(code(() => readXlsx(zipSync({ 'word/document.xml': strToU8('<w/>') }), 'h.xlsx'))).toBe('NOT_XLSX');
    expect(
      code(() =>
        readXlsx(
          zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') }),
          'i.xlsx',
        ),
      ),
    ).toBe('NOT_XLSX');
    try {
      readXlsx(ole, 'b.xlsx');
    } catch (e) {
      expect((e as Error).message).toMatch(/密码/);
    }
  });

  it('stops zip bombs: declared sizes over the limit, and entries that inflate past what they declare', () => {
    const zeros = new Uint8Array(12 * 1024 * 1024); // 12 MiB of zeros deflates to ~12 KiB
    const bomb = zipSync({ ...unzip(book([{ name: 'S', body: '' }])), 'xl/worksheets/sheet1.xml': zeros });
    expect(bomb.length).toBeLessThan(100_000);
    expect(code(() => readXlsx(bomb, 'bomb.xlsx', { maxEntryBytes: 4 * 1024 * 1024 }))).toBe('TOO_LARGE');
    // Lie about the size: the central directory says 100 bytes; inflating stops past it.
    expect(code(() => readXlsx(lieAboutSize(bomb, 'xl/worksheets/sheet1.xml', 100), 'liar.xlsx'))).toBe('TOO_LARGE');
    // A large (incompressible) entry goes through the streaming path, and stops there too.
    const noise = new Uint8Array(600_000);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const big = zipSync({ ...unzip(book([{ name: 'S', body: '' }])), 'xl/worksheets/sheet1.xml': noise });
    expect(code(() => readXlsx(lieAboutSize(big, 'xl/worksheets/sheet1.xml', 1000), 'liar2.xlsx'))).toBe('TOO_LARGE');
    // and the total over all parts is bounded too
    expect(code(() => readXlsx(bomb, 'total.xlsx', { maxTotalBytes: 1024 * 1024 }))).toBe('TOO_LARGE');
  });

  it('node’s inflater and fflate’s (the browser’s) read the same bytes and refuse the same lying entries', () => {
    const noise = new Uint8Array(600_000);
    let x = 777;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const text = new TextEncoder().encode('<sheetData>' + '<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(5000) + '</sheetData>');
    for (const [name, data] of [
      ['noise', noise],
      ['text', text],
      ['zeros', new Uint8Array(3 * 1024 * 1024)],
    ] as const) {
      const zip = zipSync({ [name]: data });
      const entry = zipEntries(zip).find((e) => e.name === name)!;
      for (const js of [false, true]) {
        expect(Buffer.from(readEntry(zip, entry, 64 * 1024 * 1024, js)).equals(Buffer.from(data))).toBe(true);
        const liar = zipEntries(lieAboutSize(zip, name, 1000)).find((e) => e.name === name)!;
        expect(code(() => readEntry(lieAboutSize(zip, name, 1000), liar, 64 * 1024 * 1024, js))).toBe('TOO_LARGE');
        const broken = zip.slice();
        // Corrupt the deflate stream itself (a reserved block type), not the zip structure.
        broken[entry.localHeaderOffset + 30 + name.length] = 0xff;
        expect(['CORRUPT', 'TOO_LARGE']).toContain(code(() => readEntry(broken, entry, 64 * 1024 * 1024, js)));
      }
    }
  });

  it('limits rows and cells', () => {
    const rows = Array.from(
      { length: 50 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}"><v>${i}</v></c></row>`,
    ).join('');
    const b = book([{ name: 'S', body: `<sheetData>${rows}</sheetData>` }]);
    expect(code(() => readXlsx(b, 'r.xlsx', { maxRows: 40 }))).toBe('TOO_MANY_ROWS');
    expect(code(() => readXlsx(b, 'c.xlsx', { maxCells: 60 }))).toBe('TOO_MANY_CELLS');
    // The refusals name the limits in force, not the defaults.
    expect(() => readXlsx(b, 'c.xlsx', { maxCells: 60 })).toThrow(/超过 60 个有内容的单元格/);
    expect(() => readXlsx(b, 'r.xlsx', { maxRows: 40 })).toThrow(/超过 40 行（第 41 行有内容）/);
    expect(
      code(() =>
        readXlsx(book([{ name: 'S', body: '<sheetData><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>' }]), 'far.xlsx'),
      ),
    ).toBe('TOO_MANY_ROWS');
    expect(code(() => readXlsx(b, 'ok.xlsx'))).toBe('OK');
  });

  it('reports broken XML as a read error, not a crash', () => {
    expect(code(() => readXlsx(book([{ name: 'S', body: '<sheetData><row r="1"><c r="A1" t="s' }]), 'x.xlsx'))).toBe('BAD_XML');
  });

  it('only reads the bytes: the input buffer is unchanged', () => {
    const b = book([{ name: 'S', body: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>' }]);
    const h = createHash('sha256').update(b).digest('hex');
    readXlsx(b, 'x.xlsx');
    expect(createHash('sha256').update(b).digest('hex')).toBe(h);
  });
});

function lieAboutSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  const enc = new TextEncoder().encode(name);
  for (let i = 0; i + 46 < out.length; i++) {
    if (dv.getUint32(i, true) !== 0x02014b50) continue;
    const nameLen = dv.getUint16(i + 28, true);
    const n = out.subarray(i + 46, i + 46 + nameLen);
    if (nameLen === enc.length && n.every((x, k) => x === enc[k])) dv.setUint32(i + 24, size, true);
  }
  return out;
}

describe('the fast sheet path and the general scanner agree', () => {
  it('on real submissions (with hidden rows, errors, inline strings, blanks without r)', async () => {
    const { MALFORMED, buildCase } = await import('../fixtures/malformed.js');
    const cases = MALFORMED.filter((c) => !c.bytes);
    const body =
      '<sheetData><row r="2" hidden="1"><c r="B2" s="1"/><c t="inlineStr"><is><r><t>富</t></r><rPh><t>フ</t></rPh><r><t xml:space="preserve"> 文</t></r></is></c><c s="2"/><c><v>5</v></c></row>' +
      '<row><c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c t="b"><v>0</v></c><c r="F3"><f t="shared" si="0"/><v>2</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="B5:C6"/></mergeCells>';
    const sst =
      '<sst><si><t>plain</t></si><si/><si><r><t>a</t></r><r><rPr/><t xml:space="preserve"> b </t></r><rPh><t>ph</t></rPh></si><si><t>x &amp; &#x4E2D;_x000D_</t></si><si><t/></si></sst>';
    const sstBody =
      '<sheetData><row r="1">' + [0, 1, 2, 3, 4].map((k) => `<c r="${'ABCDE'[k]}1" t="s"><v>${k}</v></c>`).join('') + '</row></sheetData>';
    const inputs = [
      book([{ name: 'S', body }]),
      book([{ name: 'T', body: sstBody }], { sst }),
      ...(await Promise.all(cases.map((c) => buildCase(c)))),
    ];
    for (const bytes of inputs) {
      const fast = readXlsx(bytes, 'f.xlsx');
      // A comment in each sheet sends it through the general scanner.
      const files = unzip(bytes);
      for (const k of Object.keys(files))
        if (k.startsWith('xl/worksheets/sheet'))
          files[k] = strToU8(new TextDecoder().decode(files[k]).replace('<sheetData', '<!-- general path --><sheetData'));
      if (files['xl/sharedStrings.xml']) {
        files['xl/sharedStrings.xml'] = strToU8(
          new TextDecoder().decode(files['xl/sharedStrings.xml']).replace('<si>', '<!-- general path --><si>'),
        );
      }
      const general = readXlsx(zipSync(files), 'f.xlsx');
      expect(fast.sheets.length).toBe(general.sheets.length);
      fast.sheets.forEach((s, i) => {
        const g = general.sheets[i];
        expect([s.name, s.maxRow, s.maxCol, s.merges, s.hiddenRows]).toEqual([g.name, g.maxRow, g.maxCol, g.merges, g.hiddenRows]);
        for (let r = 0; r <= s.maxRow; r++) for (let c = 0; c <= s.maxCol; c++) expect(s.cell(r, c)).toEqual(g.cell(r, c));
      });
    }
    expect([0, 1, 2, 3, 4].map((c) => readXlsx(inputs[1], 'x').sheets[0].cell(0, c)?.value)).toEqual(['plain', '', 'a b ', 'x & 中\r', '']);
    const s = readXlsx(inputs[0], 'x').sheets[0];
    expect([s.cell(1, 2)?.value, s.cell(1, 4)?.value, s.cell(2, 0)?.error, s.cell(2, 1)?.value, s.cell(2, 2)?.value, s.cell(2, 5)]).toEqual(
      ['富 文', 5, '#DIV/0!', 'ab', false, { value: 2, formula: '' }],
    );
    expect(s.hiddenRows).toEqual([1]);
  });
});
