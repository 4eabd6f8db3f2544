/**
 * Recalculate .xlsx files in a real LibreOffice and read every sheet back as CSV.
 * A throwaway profile sets OOXMLRecalcMode = 0 (always recalculate on load), so the values
 * read are LibreOffice's own results, not the cached values the writer stored (or, asked, 1:
 * never, to see the cached values as a viewer that does not calculate shows them).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCsv } from '../../src/core/csv.js';

/** Recalculation on load: 0 always, 1 never (then what shows is the cached values). */
const xcu = (mode: 0 | 1) => `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>${mode}</value></prop></item>
</oor:items>
`;

/**
 * Convert files in one soffice run with a throwaway profile (optionally with settings in its
 * registrymodifications.xcu); returns the folder holding the converted files.
 */
export function sofficeConvert(
  soffice: string,
  files: readonly { file: string; bytes: Uint8Array }[],
  filter: string,
  registry?: string,
  timeout = 150_000,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'sti-lo-'));
  const profile = join(dir, 'profile');
  mkdirSync(join(profile, 'user'), { recursive: true });
  if (registry) writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), registry);
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  mkdirSync(inDir);
  mkdirSync(outDir);
  const paths = files.map(({ file, bytes }) => {
    const p = join(inDir, file);
    writeFileSync(p, bytes);
    return p;
  });
  execFileSync(
    soffice,
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--convert-to',
      filter,
      '--outdir',
      outDir,
      ...paths,
    ],
    { timeout, stdio: 'pipe' },
  );
  return outDir;
}

/**
 * CSV export filter: separator , (44), text delimiter " (34), UTF-8 (76), first line 1,
 * no cell formats, language 0, quoted-as-text false, detect special numbers true,
 * save cell contents as shown FALSE (full precision), export formulas false, remove spaces
 * false, sheet -1 (every sheet, one file per sheet: <name>-<sheet>.csv).
 */
export const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/**
 * Convert files (name → bytes) in one soffice run; returns name → sheet → rows. With
 * `recalc: false` the profile never recalculates on load (LibreOffice still calculates a
 * file that asks for it, fullCalcOnLoad, and cells whose cache it does not take).
 */
export function recalcToCsv(
  soffice: string,
  files: Record<string, Uint8Array>,
  options: { recalc?: boolean } = {},
): Record<string, Record<string, string[][]>> {
  const outDir = sofficeConvert(
    soffice,
    Object.entries(files).map(([name, bytes]) => ({ file: `${name}.xlsx`, bytes })),
    CSV_FILTER,
    xcu(options.recalc === false ? 1 : 0),
  );
  const out: Record<string, Record<string, string[][]>> = {};
  for (const name of Object.keys(files)) out[name] = {};
  for (const f of readdirSync(outDir)) {
    const base = basename(f, '.csv');
    const name = Object.keys(files).find((n) => base.startsWith(`${n}-`));
    if (!name) continue;
    out[name][base.slice(name.length + 1)] = parseCsv(readFileSync(join(outDir, f), 'utf8'));
  }
  return out;
}
