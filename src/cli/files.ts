/**
 * The files a command reads and writes: collecting inputs (files and directories), showing
 * paths, refusing an --out that is one of the sources, and writing the output file.
 */
import { closeSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
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
  // A copy of its own: a slice keeps the whole string it was cut from (V8), here an absolute path
  // per file for as long as the file's name is kept (every verdict, finding and head names it).
  // (Through JSON: every UTF-16 unit as it was, lone surrogates of a Windows name included.)
  return rel && !rel.startsWith('..') ? (JSON.parse(JSON.stringify(rel)) as string) : path;
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
/**
 * Write an output file from bytes given piece by piece (`write` calls `sink` with each, in order),
 * through a temporary file renamed into place at the end, like writeOutputFile: a large workbook is
 * never held whole in memory.
 */
export async function writeOutputStream(
  abs: string,
  shown: string,
  write: (sink: (bytes: Uint8Array) => void) => Promise<unknown>,
  options: { createDir?: boolean } = {},
): Promise<void> {
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.tmp`);
  let fd: number | null = null;
  let failure: unknown = null;
  try {
    if (options.createDir) mkdirSync(dirname(abs), { recursive: true });
    fd = openSync(tmp, 'w');
    const out = fd;
    await write((bytes) => {
      for (let done = 0; done < bytes.length;) done += writeSync(out, bytes, done, bytes.length - done);
    });
    closeSync(fd);
    fd = null;
    renameSync(tmp, abs);
  } catch (e) {
    failure = e;
  }
  if (failure === null) return;
  try {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
  } catch {
    // nothing more to undo
  }
  // A refusal of the content (a row past Excel's last…) is the writer's own error; the file system's is named with the file.
  if (failure instanceof CliError) throw failure;
  throw new CliError(`无法写入 ${shown}：${failure instanceof Error ? failure.message : String(failure)}`);
}

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
