import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** In CI (and when asked) the browser and LibreOffice suites must run: a missing tool fails. */
export const browserRequired = process.env.CI === 'true' || process.env.STI_REQUIRE_BROWSER === '1';
export const libreofficeRequired = process.env.CI === 'true' || process.env.STI_REQUIRE_LIBREOFFICE === '1';

export const CHROMIUM_PATH = process.env.STI_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function sofficePath(): string | null {
  for (const p of ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Chromium flags for this closed-network machine (no GPU, no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
