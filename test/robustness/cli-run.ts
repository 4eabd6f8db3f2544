/** Run the `sti` CLI in-process with captured streams (the same main() the binary runs). */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export async function sti(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd };
  const code = await main(args, io);
  return { code, out, err };
}
