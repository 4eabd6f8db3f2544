/**
 * Reading a command's inputs and admitting them (core/admit.ts): the register, the submission
 * files (and the other files found in the folders, named, never silently passed over), then the
 * one admission decision. `sti validate`, `sti rollup`, `sti rank` (district files) and
 * `sti demo` all come through here, so the same file gets the same verdict from each.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { admit, normalizePeriod, readsFromFiles, type Admission, type FileRead } from '../core/admit.js';
import type { Finding, Register } from '../core/types.js';
import { finding } from '../core/validate-codes.js';
import { readRegisterFile } from '../io/register.js';
import { readSubmissionFiles } from '../io/rollup-read.js';
import { displayName } from './files.js';
import { CliError, type CliIO } from './io.js';
import { createProgress } from './progress.js';

export interface AdmitInputs {
  /** Absolute paths of the files collected (workbooks and the like). */
  files: string[];
  /** Absolute paths of other files found in the folders given. */
  skipped?: string[];
  registerPath?: string | null;
  period?: string | null;
  allowErrors?: boolean;
}

export interface RegisterRead {
  register: Register;
  findings: Finding[];
}

/** Read the register named by --register (a CliError when it cannot be used). */
export function readRegisterOption(registerPath: string, io: CliIO): RegisterRead {
  const abs = resolve(io.cwd, registerPath);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(abs));
  } catch {
    throw new CliError(`找不到名录文件：${registerPath}`);
  }
  const r = readRegisterFile(bytes, registerPath);
  if (!r.register) throw new CliError(`名录文件无法使用：${r.findings.map((f) => f.message).join('；') || registerPath}`);
  if (r.register.units.length === 0) {
    const blocking = r.findings.filter((f) => f.severity === 'error');
    throw new CliError(`名录中没有单位：${registerPath}${blocking.length ? `（${blocking[0].message}）` : ''}`);
  }
  return { register: r.register, findings: r.findings };
}

/** A --period value as the templates write it: 2024, or 2024-01..09. */
export function checkPeriodOption(period: string | undefined): string | null {
  if (period === undefined) return null;
  const p = period.trim();
  if (!/^\d{4}(-\d{1,2}\.\.\d{1,2})?$/.test(p)) throw new CliError(`报告期“${period}”格式不对，应为年度如 2024，或累计月份如 2024-01..09`);
  return normalizePeriod(p);
}

export interface AdmittedRead {
  admission: Admission;
  filesRead: number;
  /**
   * Let the read submissions go (they wait in a temporary file for the rollup to load them);
   * the admission's `admitted` can no longer be loaded after.
   */
  release(): void;
}

/** Read every file given and admit them. */
export async function readAndAdmit(inputs: AdmitInputs, io: CliIO): Promise<AdmittedRead> {
  const reg = inputs.registerPath ? readRegisterOption(inputs.registerPath, io) : null;
  const registerAbs = inputs.registerPath ? resolve(io.cwd, inputs.registerPath) : null;
  // The register may sit in the same folder as the submissions: it is not one of them.
  const toRead = inputs.files.filter((p) => p !== registerAbs).map((p) => ({ path: p, name: displayName(p, io.cwd) }));
  const progress = createProgress(io, '读取报表', toRead.length);
  const read = await readSubmissionFiles(toRead, { onProgress: (d, t) => progress.update(d, t) });
  progress.done();
  const reads: FileRead[] = readsFromFiles(
    toRead.map((f) => f.name),
    read.sources,
    read.findings,
    read.checks,
  );
  for (const p of inputs.skipped ?? []) {
    const file = displayName(p, io.cwd);
    reads.push({
      file,
      submission: null,
      findings: [finding('FILE_SKIPPED', '不是表格文件（.xlsx/.xlsm/.xls/.csv），未读取', { file })],
    });
  }
  try {
    const admission = admit(reads, {
      register: reg?.register ?? null,
      registerFindings: reg?.findings,
      period: inputs.period ?? null,
      allowErrors: inputs.allowErrors,
    });
    return { admission, filesRead: toRead.length, release: read.close };
  } catch (e) {
    read.close();
    throw e;
  }
}
