/**
 * Word documents to plain text with a real LibreOffice Writer (`soffice --convert-to txt`), in one
 * run with a throwaway profile. Table cells come out one a line.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sofficeConvert } from '../libreoffice/soffice.js';

/** Whether this LibreOffice has Writer (Debian's libreoffice-calc alone cannot open a .docx). */
export function writerAvailable(soffice: string | null): boolean {
  if (!soffice) return false;
  try {
    return existsSync(join(dirname(realpathSync(soffice)), '..', 'share', 'registry', 'writer.xcd'));
  } catch {
    return false;
  }
}

export function docxToText(soffice: string, files: Record<string, Uint8Array>, format: 'txt' | 'pdf' = 'txt'): Record<string, string> {
  const outDir = sofficeConvert(
    soffice,
    Object.entries(files).map(([name, bytes]) => ({ file: `${name}.docx`, bytes })),
    format === 'txt' ? 'txt:Text (encoded):UTF8' : 'pdf',
  );
  const out: Record<string, string> = {};
  for (const name of Object.keys(files)) {
    const p = join(outDir, `${name}.${format}`);
    out[name] = format === 'txt' ? readFileSync(p, 'utf8').replace(/^\uFEFF/, '') : p;
  }
  return out;
}
