/**
 * The files a command reads and writes: collecting inputs (files and directories), showing
 * paths, refusing an --out that is one of the sources, and writing the output file.
 */
import { mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { CliError } from './io.js';

const EXTENSIONS = /\.(xlsx|xlsm|xls|csv)$/i;

/** Files named, and files under directories named (sorted, so output order is stable). */
export function collectFiles(paths: string[], cwd: string, skipped?: string[]): string[] {
  const out: string[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string) => {
    // A symlink back up the tree must not send the walk round in circles.
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name.startsWith('~$')) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        // A broken link: listed when it looks like a workbook, so reading it reports it.
        if (EXTENSIONS.test(name)) out.push(p);
        else skipped?.push(p);
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && EXTENSIONS.test(name)) out.push(p);
      else skipped?.push(p); // not a workbook, or not a plain file (a pipe would block reading)
    }
  };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new CliError(`找不到文件或目录：${p}`);
    }
    if (st.isDirectory()) walk(abs);
    else if (st.isFile()) out.push(abs);
    else throw new CliError(`不是普通文件：${p}`);
  }
  return [...new Set(out)];
}

/** A path as shown in findings: relative to the working directory when inside it, else absolute. */
export function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/**
 * Sources are never modified (product.md §8): refuse an --out that is one of `inputs`
 * (absolute paths), unless `replaceable` says the file there is an earlier output of ours.
 */
export function refuseOutputOverInputs(
  out: { abs: string; shown: string },
  inputs: readonly (string | null | undefined)[],
  what: string,
  replaceable?: (abs: string) => boolean,
): void {
  if (inputs.includes(out.abs) && !replaceable?.(out.abs))
    throw new CliError(`输出文件 ${out.shown} 是${what}，写入会覆盖源文件；请用 --out 指定其他文件`);
}

/**
 * Write an output file: the bytes go to a temporary file beside it, then replace it in one
 * rename, so a failed write never leaves a half-written workbook or destroys the earlier one.
 * Anything that cannot be written (a directory, a path under a file, no permission) is a
 * usage error (exit 2) naming the path.
 */
export function writeOutputFile(abs: string, bytes: Uint8Array, shown: string, options: { createDir?: boolean } = {}): void {
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.tmp`);
  try {
    if (options.createDir) mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(tmp, bytes);
    renameSync(tmp, abs);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written there
    }
    throw new CliError(`无法写入 ${shown}：${e instanceof Error ? e.message : String(e)}`);
  }
}
