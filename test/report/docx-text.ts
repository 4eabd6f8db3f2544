/**
 * Word documents to plain text with a real LibreOffice Writer (`soffice --convert-to txt`), in one
 * run with a throwaway profile. Table cells come out one a line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
  const dir = mkdtempSync(join(tmpdir(), 'sti-docx-'));
  const profile = join(dir, 'profile');
  mkdirSync(profile, { recursive: true });
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  mkdirSync(inDir);
  mkdirSync(outDir);
  const paths = Object.entries(files).map(([name, bytes]) => {
    const p = join(inDir, `${name}.docx`);
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
      format === 'txt' ? 'txt:Text (encoded):UTF8' : 'pdf',
      '--outdir',
      outDir,
      ...paths,
    ],
    { timeout: 150_000, stdio: 'pipe' },
  );
  const out: Record<string, string> = {};
  for (const name of Object.keys(files)) {
    const p = join(outDir, `${name}.${format}`);
    out[name] = format === 'txt' ? readFileSync(p, 'utf8').replace(/^\uFEFF/, '') : p;
  }
  return out;
}
