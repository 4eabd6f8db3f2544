import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { WorkbookModel } from '../../src/core/sheet-model.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { writeXlsxNative, type AppendValue } from '../../src/io/xlsx/write-native.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { ZipWriter, zipEntries } from '../../src/io/xlsx/zip.js';

const dec = new TextDecoder();

const MODEL: WorkbookModel = {
  sheets: [
    {
      name: '名录',
      rows: [[{ value: '企业名录', style: { bold: true } }], [{ value: '代码' }, { value: '名称' }, { value: '收入' }, { value: '是否' }]],
      freeze: { rows: 2, cols: 0 },
      columnWidths: [20, 30, 12, 6],
    },
    { name: '汇总', rows: [[{ value: 'x' }, { formula: 'SUM(名录!C3:C10)', value: 6.5 }]] },
  ],
};

function* generated(n: number): Generator<AppendValue[]> {
  for (let i = 0; i < n; i++) yield [`C${i}`, i % 7 === 0 ? 'A&B <公司>' : `企业${i}`, i + 0.5, i % 2 === 0, null, i % 3 ? undefined : ''];
}

describe('native writer: appendRows (bulk rows streamed into a sheet)', () => {
  it('writes model rows, then the appended rows, readable as values', async () => {
    const bytes = await writeXlsx(MODEL, { appendRows: [{ sheet: '名录', start: 2, rows: generated(5) }] });
    const grid = readXlsx(bytes, 'a.xlsx');
    const s = grid.sheets.find((x) => x.name === '名录')!;
    expect(s.cell(0, 0)?.value).toBe('企业名录');
    expect(s.cell(1, 2)?.value).toBe('收入');
    expect(s.maxRow).toBe(6);
    expect(s.cell(2, 0)?.value).toBe('C0');
    expect(s.cell(2, 1)?.value).toBe('A&B <公司>');
    expect(s.cell(2, 2)?.value).toBe(0.5);
    expect(s.cell(2, 3)?.value).toBe(true);
    expect(s.cell(3, 3)?.value).toBe(false);
    expect(s.cell(6, 2)?.value).toBe(4.5);
    expect(s.cell(2, 4)?.value ?? null).toBeNull();
    const other = grid.sheets.find((x) => x.name === '汇总')!;
    expect(other.cell(0, 1)?.formula).toContain('SUM(');
    expect(other.cell(0, 1)?.value).toBe(6.5);
  });

  it('consumes the row source once, lazily, and leaves the dimension out of that sheet only', () => {
    let pulled = 0;
    const rows = (function* () {
      for (const r of generated(3)) {
        pulled++;
        yield r;
      }
    })();
    const bytes = writeXlsxNative(MODEL, { appendRows: [{ sheet: '名录', start: 4, rows }] });
    expect(pulled).toBe(3);
    const files = unzipSync(bytes);
    const sheet1 = dec.decode(files['xl/worksheets/sheet1.xml']);
    const sheet2 = dec.decode(files['xl/worksheets/sheet2.xml']);
    expect(sheet1).not.toContain('<dimension');
    expect(sheet2).toContain('<dimension ref="A1:B1"/>');
    // Rows keep their numbers (a gap is allowed) and the sheet XML is well formed around them.
    expect(sheet1).toMatch(
      /<sheetData><row r="1">.*<\/row><row r="2">.*<\/row><row r="5"><c t="inlineStr">.*<row r="7">.*<\/row><\/sheetData><pageMargins /,
    );
    expect(sheet1).not.toContain('<row r="8"');
    expect(Object.keys(files)[0]).toBe('[Content_Types].xml');
  });

  it('streams large sources in batches into one valid deflate stream, byte-identical on re-runs', () => {
    const write = () => writeXlsxNative(MODEL, { appendRows: [{ sheet: '名录', start: 2, rows: generated(60_000) }] });
    const a = write();
    const b = write();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const s = readXlsx(a, 'big.xlsx').sheets[0];
    expect(s.maxRow).toBe(60_001);
    expect(s.cell(60_001, 0)?.value).toBe('C59999');
    expect(s.cell(60_001, 2)?.value).toBe(59_999.5);
    // The XML inflated by a third-party inflater ends as the writer ended it.
    const xml = dec.decode(unzipSync(a)['xl/worksheets/sheet1.xml']);
    expect(xml.endsWith('</worksheet>')).toBe(true);
    expect(xml.length).toBeGreaterThan(2_000_000);
  });

  it('large parts deflated on the helper thread give the same bytes as on one thread', () => {
    // Several 1 MB chunks per part, and parts of every size around them.
    const write = (oneThread: boolean) =>
      writeXlsxNative(MODEL, { appendRows: [{ sheet: '名录', start: 2, rows: generated(150_000), ownTextColumns: [0] }], oneThread });
    const pooled = write(false);
    const single = write(true);
    expect(pooled.length).toBeGreaterThan(1_000_000);
    expect(Buffer.from(pooled).equals(Buffer.from(single))).toBe(true);
    const s = readXlsx(pooled, 'big.xlsx').sheets[0];
    expect(s.maxRow).toBe(150_001);
    expect(s.cell(150_001, 1)?.value).toBe('企业149999');
  });

  it('refuses an unknown sheet and rows that would overlap the model rows', () => {
    expect(() => writeXlsxNative(MODEL, { appendRows: [{ sheet: '无此表', start: 2, rows: [] }] })).toThrow(/无此表/);
    expect(() => writeXlsxNative(MODEL, { appendRows: [{ sheet: '名录', start: 1, rows: [['x']] }] })).toThrow(/重叠/);
  });

  it('writes text of shared columns once in the shared-string table, own-text columns inline, same values read back', () => {
    const rows = [
      ['91110000A', '甲公司', '东湖区', '是'],
      ['91110000B', '乙公司', '东湖区', '否'],
      ['91110000C', '丙公司', '西岭区', '是'],
    ];
    const bytes = writeXlsxNative(MODEL, { appendRows: [{ sheet: '名录', start: 2, rows, ownTextColumns: [0, 1] }] });
    const files = unzipSync(bytes);
    const sheet = dec.decode(files['xl/worksheets/sheet1.xml']);
    const sst = dec.decode(files['xl/sharedStrings.xml']);
    // Cells one after another in a row leave out their r (the reader counts them along the row).
    expect(sheet).toContain('<row r="3"><c t="inlineStr"><is><t>91110000A</t></is></c>');
    expect(sheet).toMatch(
      /<row r="4"><c t="inlineStr"><is><t>91110000B<\/t><\/is><\/c><c t="inlineStr"><is><t>乙公司<\/t><\/is><\/c><c t="s"><v>\d+<\/v><\/c>/,
    );
    expect(sheet).not.toContain('东湖区');
    expect(sst.match(/<t[^>]*>东湖区<\/t>/g)).toHaveLength(1);
    expect(sst).not.toContain('甲公司');
    const s = readXlsx(bytes, 'a.xlsx').sheets[0];
    expect(rows.map((_, r) => [0, 1, 2, 3].map((c) => s.cell(r + 2, c)?.value))).toEqual(rows);
  });

  it('refuses a row past Excel’s last row (1,048,576) naming the sheet', () => {
    const rows = [['a'], ['b']];
    expect(() => writeXlsxNative(MODEL, { appendRows: [{ sheet: '名录', start: 1_048_575, rows: rows.slice(0, 1) }] })).not.toThrow();
    expect(() => writeXlsxNative(MODEL, { appendRows: [{ sheet: '名录', start: 1_048_575, rows }] })).toThrow(/名录.*1048576/);
  });

  it('is only offered by the native engine', async () => {
    await expect(writeXlsx(MODEL, { engine: 'exceljs', appendRows: [{ sheet: '名录', start: 2, rows: [] }] })).rejects.toThrow(/native/);
  });

  it('without appendRows writes the same bytes as before for the same model (deterministic)', () => {
    const a = writeXlsxNative(MODEL);
    const b = writeXlsxNative(MODEL);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(dec.decode(unzipSync(a)['xl/worksheets/sheet1.xml'])).toContain('<dimension ref="A1:D2"/>');
  });
});

describe('ZipWriter', () => {
  const big = 'x'.repeat(3_000_000) + '尾';
  for (const jsDeflate of [false, true]) {
    it(`writes entries any inflater reads back (${jsDeflate ? 'fflate, the browser path' : 'node zlib'})`, () => {
      const zip = new ZipWriter(new Date(2024, 0, 1), { jsDeflate });
      zip.add('a.txt', '你好', 6);
      const e = zip.entry('dir/big.xml', 1);
      e.push(big.slice(0, 1_500_000));
      e.push(new TextEncoder().encode(big.slice(1_500_000)));
      e.end();
      zip.add('empty', '', 6);
      // Many small pieces after a big entry: the staging buffer is reused, nothing of the last entry leaks in.
      const rows = zip.entry('rows.xml', 6);
      const row = (i: number) => `<row r="${i}"><c><is><t>企业${i}</t></is></c></row>`;
      for (let i = 0; i < 40_000; i++) rows.push(row(i));
      rows.end();
      const bytes = zip.finish();
      const files = unzipSync(bytes);
      expect(Object.keys(files)).toEqual(['a.txt', 'dir/big.xml', 'empty', 'rows.xml']);
      expect(dec.decode(files['rows.xml'])).toBe(Array.from({ length: 40_000 }, (_, i) => row(i)).join(''));
      expect(dec.decode(files['a.txt'])).toBe('你好');
      expect(dec.decode(files['dir/big.xml'])).toBe(big);
      expect(files.empty.length).toBe(0);
      const entries = zipEntries(bytes);
      expect(entries.map((x) => x.size)).toEqual([6, 3_000_003, 0, files['rows.xml'].length]);
      expect(entries[1].compressedSize).toBeLessThan(100_000);
    });
  }

  it('a sink gets the same bytes, in order, entry by entry, and finish() then holds nothing', () => {
    const write = (sink?: (b: Uint8Array) => void) => {
      const zip = new ZipWriter(new Date(2024, 0, 1), { sink });
      zip.add('a.txt', '你好', 6);
      const e = zip.entry('big.xml', 1);
      // Past the first megabyte: chunks go through the helper thread and come back in order.
      for (let i = 0; i < 60_000; i++) e.push(`<row r="${i}"><c><v>${i * 7}</v></c></row>`);
      e.end();
      zip.add('z.txt', 'end', 6);
      return zip.finish();
    };
    const whole = write();
    const pieces: Uint8Array[] = [];
    const fromSink = write((b) => pieces.push(b.slice()));
    expect(fromSink.length).toBe(0);
    // More than one piece: the archive was handed over as it was made, not in one array at the end.
    expect(pieces.length).toBeGreaterThan(3);
    const joined = new Uint8Array(pieces.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      joined.set(p, at);
      at += p.length;
    }
    expect(joined).toEqual(whole);
    expect(Object.keys(unzipSync(joined))).toEqual(['a.txt', 'big.xml', 'z.txt']);
  });

  it('refuses a new entry while one is open', () => {
    const zip = new ZipWriter(new Date(2024, 0, 1));
    zip.entry('a', 6);
    expect(() => zip.entry('b', 6)).toThrow(/not ended/);
    expect(() => zip.finish()).toThrow(/not ended/);
  });
});
