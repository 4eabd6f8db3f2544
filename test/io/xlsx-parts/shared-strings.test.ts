/** Shared strings, model ⇄ XML: the table written, and both readers (fast path and general scanner). */
import { describe, expect, it } from 'vitest';
import { SharedStrings, parseSharedStrings, parseSharedStringsFast, readSharedStrings } from '../../../src/io/xlsx/parts/shared-strings.js';

const SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

describe('shared strings: model → XML', () => {
  it.each([
    { texts: [], xml: `${SST} count="0" uniqueCount="0"></sst>` },
    { texts: ['甲', '乙', '甲'], xml: `${SST} count="3" uniqueCount="2"><si><t>甲</t></si><si><t>乙</t></si></sst>` },
    {
      texts: [' 前导空格', 'A&B'],
      xml: `${SST} count="2" uniqueCount="2"><si><t xml:space="preserve"> 前导空格</t></si><si><t>A&amp;B</t></si></sst>`,
    },
    { texts: ['_x0041_'], xml: `${SST} count="1" uniqueCount="1"><si><t>_x005F_x0041_</t></si></sst>` },
  ])('$texts', ({ texts, xml }) => {
    const sst = new SharedStrings();
    const ids = texts.map((t) => sst.id(t));
    expect(ids).toEqual(texts.map((t) => texts.indexOf(t)));
    expect(sst.xml()).toBe('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml);
    expect(readSharedStrings(sst.xml(), 'sst')).toEqual([...new Set(texts)]);
  });
});

describe('shared strings: XML → model', () => {
  it.each([
    { name: 'plain', xml: `${SST}><si><t>甲</t></si><si><t>乙</t></si></sst>`, out: ['甲', '乙'], fast: true },
    { name: 'empty item', xml: `${SST}><si/><si><t/></si></sst>`, out: ['', ''], fast: true },
    {
      name: 'rich text runs joined',
      xml: `${SST}><si><r><rPr><b/></rPr><t>粗</t></r><r><t xml:space="preserve"> 体</t></r></si></sst>`,
      out: ['粗 体'],
      fast: true,
    },
    {
      name: 'phonetic runs left out',
      xml: `${SST}><si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si></sst>`,
      out: ['漢字'],
      fast: true,
    },
    { name: 'entities and OOXML escapes', xml: `${SST}><si><t>A&amp;B_x000D_&#x4E2D;</t></si></sst>`, out: ['A&B\r中'], fast: true },
    {
      name: 'prefixed elements (general reader)',
      xml: '<x:sst xmlns:x="urn:x"><x:si><x:t>前缀</x:t></x:si></x:sst>',
      out: ['前缀'],
      fast: false,
    },
    { name: 'CDATA (general reader)', xml: `${SST}><si><t><![CDATA[<原文>]]></t></si></sst>`, out: ['<原文>'], fast: false },
    { name: 'comment (general reader)', xml: `${SST}><!-- c --><si><t>注释后</t></si></sst>`, out: ['注释后'], fast: false },
  ])('$name', ({ xml, out, fast }) => {
    expect(readSharedStrings(xml, 'sst')).toEqual(out);
    expect(parseSharedStrings(xml, 'sst')).toEqual(out);
    if (fast) expect(parseSharedStringsFast(xml)).toEqual(out);
    else expect(parseSharedStringsFast(xml)).toBeNull();
  });
});
