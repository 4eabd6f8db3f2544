/**
 * Conditional formatting (a worksheet's <conditionalFormatting>): top/bottom N and
 * expression rules, each with its differential format in styles.xml. Written only.
 */
import type { ConditionalFormat, ConditionalRule } from '../../../core/sheet-model.js';
import { escapeXml } from '../xml.js';

/** One <cfRule>; `dxfId` is its differential format, `priority` its rank on the sheet (1 first). */
export function cfRuleXml(rule: ConditionalRule, dxfId: number, priority: number): string {
  if (rule.type === 'expression')
    return `<cfRule type="expression" dxfId="${dxfId}" priority="${priority}"><formula>${escapeXml(rule.formula)}</formula></cfRule>`;
  return `<cfRule type="top10" dxfId="${dxfId}" priority="${priority}" rank="${rule.rank}"${rule.type === 'bottom' ? ' bottom="1"' : ''}/>`;
}

/** A sheet's conditional formats, priorities in model order; `dxf` registers a rule's style and returns its dxfId. */
export function conditionalFormattingXml(list: readonly ConditionalFormat[], dxf: (rule: ConditionalRule) => number): string {
  let x = '';
  let priority = 1;
  for (const cf of list)
    x += `<conditionalFormatting sqref="${escapeXml(cf.range)}">${cfRuleXml(cf.rule, dxf(cf.rule), priority++)}</conditionalFormatting>`;
  return x;
}
