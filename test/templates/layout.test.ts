/** Templates read and print well (issue 11 §2): headers such as 高新技术企业 and 科技型中小企业 are not clipped, every sheet prints A4 with its header row repeated. */
import { describe, expect, it } from 'vitest';
import { buildTemplateModel, HEADER_ROW, SHEET_ENTERPRISES, SHEET_INDICATORS, TEMPLATE_KINDS } from '../../src/core/template-schema.js';
import { expectEveryCellFits } from '../helpers/layout.js';

describe('template layout', () => {
  it.each(TEMPLATE_KINDS)('%s: every visible cell fits; wrapped headers have their lines; A4 with the header row repeated', (kind) => {
    const model = buildTemplateModel(kind, { unit: { code: '990101', name: '城关街道' }, year: 2024 });
    for (const sheet of model.sheets.filter((s) => s.state !== 'veryHidden')) {
      expectEveryCellFits(sheet);
      expect(sheet.print, sheet.name).toMatchObject({ paper: 'A4' });
    }
    const ent = model.sheets.find((s) => s.name === SHEET_ENTERPRISES)!;
    const header = ent.rows[HEADER_ROW]!.map((c) => c?.value);
    expect(header).toContain('科技型中小企业');
    expect(ent.rowHeights?.[HEADER_ROW]).toBeGreaterThanOrEqual(2 * 15);
    expect(ent.print).toMatchObject({ titleRows: [HEADER_ROW, HEADER_ROW], orientation: 'landscape' });
    expect(model.sheets.find((s) => s.name === SHEET_INDICATORS)!.print?.header).toContain('城关街道');
  });
});
