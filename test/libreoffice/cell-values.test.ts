/**
 * The value rule's cells mean in a real LibreOffice what the rule says: a formula without a
 * figure caches "" (t="str", <v></v>) and recalculates to the empty text, a non-finite number
 * is a real #NUM! error (ISERROR, ERROR.TYPE 6), not text and not 0, and a constant without
 * a figure is a blank (ISBLANK, not counted by COUNTA). And shown from the cache, without
 * recalculation, no such cell is 0. Both .xlsx engines. Required in CI.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { SheetModel } from '../../src/core/sheet-model.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { libreofficeRequired, sofficePath } from '../helpers/env.js';
import { CELL_VALUES_SHEET } from '../fixtures/cell-values.js';
import { recalcToCsv } from './soffice.js';

const soffice = sofficePath();
const suite = soffice || libreofficeRequired ? describe : describe.skip;

/** The fixture plus a row of checks on what each cell is, with the values Excel gives cached. */
const SHEET: SheetModel = {
  ...CELL_VALUES_SHEET,
  rows: [
    ...CELL_VALUES_SHEET.rows,
    [
      { formula: 'ISERROR(E1)', value: true },
      { formula: 'ERROR.TYPE(F1)', value: 6 },
      { formula: 'ISTEXT(I1)', value: true },
      { formula: 'ISTEXT(A1)', value: true },
      { formula: 'ISBLANK(G1)', value: true },
      { formula: 'ISBLANK(H1)', value: true },
      { formula: 'COUNTA(G1:H1)', value: 0 },
      { formula: 'ISERROR(C1)', value: false },
    ],
  ],
};

/** The workbook without its request for a full calculation on load: a viewer shows the cached values. */
function withoutCalcOnLoad(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const wb = strFromU8(files['xl/workbook.xml']);
  files['xl/workbook.xml'] = strToU8(wb.replace(/ fullCalcOnLoad="(1|true)"/, ''));
  return zipSync(files);
}

suite('value rule in LibreOffice', () => {
  it('recalculates "" for a formula without a figure, and #NUM! constants are real errors, blanks real blanks', async () => {
    const files = {
      native: await writeXlsx({ sheets: [SHEET] }),
      exceljs: await writeXlsx({ sheets: [SHEET] }, { engine: 'exceljs' }),
    };
    const out = recalcToCsv(soffice!, files);
    for (const name of Object.keys(files)) {
      const rows = out[name]['取值规则'];
      expect([name, rows[0]]).toEqual([name, ['', '', '10', '15', '#NUM!', '#NUM!', '', '', '#NUM!', '#DIV/0!']]);
      expect([name, rows[2].slice(0, 8)]).toEqual([name, ['TRUE', '6', 'TRUE', 'TRUE', 'TRUE', 'TRUE', '0', 'FALSE']]);
    }
  }, 180_000);

  it('shown from the cache (no recalculation), a formula without a figure is blank and a non-finite result never 0', async () => {
    const files = {
      native: withoutCalcOnLoad(await writeXlsx({ sheets: [CELL_VALUES_SHEET] })),
      exceljs: withoutCalcOnLoad(await writeXlsx({ sheets: [CELL_VALUES_SHEET] }, { engine: 'exceljs' })),
    };
    const out = recalcToCsv(soffice!, files, { recalc: false });
    for (const name of Object.keys(files)) {
      const [a1, b1, c1, d1, e1, f1, g1, h1] = out[name]['取值规则'][0];
      expect([name, a1, b1, e1, f1, g1, h1]).toEqual([name, '', '', '#NUM!', '#NUM!', '', '']);
      // LibreOffice recalculates a cell cached as an error; it must never show the 0 (or NaN) of a bad cache.
      expect([name, c1, d1]).toEqual([name, expect.stringMatching(/^(#NUM!|10)$/), expect.stringMatching(/^(#NUM!|15)$/)]);
    }
  }, 180_000);
});
