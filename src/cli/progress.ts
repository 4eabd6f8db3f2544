/**
 * A progress bar on stderr, drawn only when stderr is a terminal (so pipes, --json and logs
 * stay clean). Redraws at most every 100 ms.
 */
import type { CliIO } from './io.js';

export interface Progress {
  update(done: number, total?: number): void;
  done(): void;
}

const WIDTH = 28;

export function createProgress(io: CliIO, label: string, total: number): Progress {
  if (!io.isTTY || total <= 0) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  let current = 0;
  const draw = () => {
    const ratio = total > 0 ? Math.min(1, current / total) : 1;
    const filled = Math.round(ratio * WIDTH);
    io.err(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${current}/${total} ${Math.floor(ratio * 100)}%`);
    shown = true;
  };
  return {
    update(done, t) {
      current = done;
      if (t !== undefined) total = t;
      const now = Date.now();
      if (now - last >= 100 || done >= total) {
        last = now;
        draw();
      }
    },
    done() {
      if (shown) {
        current = total;
        draw();
        io.err('\n');
      }
    },
  };
}

/** Display width of text in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

/** Pad to a display width (left- or right-aligned). */
export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'left' ? s + fill : fill + s;
}

/** An aligned text table (first row = header). */
export function textTable(rows: string[][], align: ('left' | 'right')[] = []): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => pad(c, widths[i], align[i] ?? 'left'))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
