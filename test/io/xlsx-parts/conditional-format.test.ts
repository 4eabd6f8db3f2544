/** Conditional formats, model → XML: top/bottom N and expression rules with their dxf and priority. */
import { describe, expect, it } from 'vitest';
import type { ConditionalFormat, ConditionalRule } from '../../../src/core/sheet-model.js';
import { cfRuleXml, conditionalFormattingXml } from '../../../src/io/xlsx/parts/conditional-format.js';

describe('conditional formats: model → XML', () => {
  it.each<{ rule: ConditionalRule; xml: string }>([
    { rule: { type: 'top', rank: 3, style: { bold: true } }, xml: '<cfRule type="top10" dxfId="4" priority="2" rank="3"/>' },
    { rule: { type: 'bottom', rank: 1, style: { bold: true } }, xml: '<cfRule type="top10" dxfId="4" priority="2" rank="1" bottom="1"/>' },
    {
      rule: { type: 'expression', formula: 'AND($C6<>"",$C6<0)', style: { color: 'c00000' } },
      xml: '<cfRule type="expression" dxfId="4" priority="2"><formula>AND($C6&lt;&gt;&quot;&quot;,$C6&lt;0)</formula></cfRule>',
    },
  ])('$rule.type', ({ rule, xml }) => {
    expect(cfRuleXml(rule, 4, 2)).toBe(xml);
  });

  it('numbers priorities in model order and registers each rule style once per rule', () => {
    const list: ConditionalFormat[] = [
      { range: 'D6:D11', rule: { type: 'top', rank: 1, style: { fill: 'c6efce' } } },
      { range: "'x'!E6:E11", rule: { type: 'bottom', rank: 1, style: { fill: 'ffc7ce' } } },
    ];
    const seen: ConditionalRule[] = [];
    const xml = conditionalFormattingXml(list, (rule) => seen.push(rule) + 9);
    expect(seen).toEqual(list.map((cf) => cf.rule));
    expect(xml).toBe(
      '<conditionalFormatting sqref="D6:D11"><cfRule type="top10" dxfId="10" priority="1" rank="1"/></conditionalFormatting>' +
        '<conditionalFormatting sqref="\'x\'!E6:E11"><cfRule type="top10" dxfId="11" priority="2" rank="1" bottom="1"/></conditionalFormatting>',
    );
    expect(conditionalFormattingXml([], () => 0)).toBe('');
  });
});
