/** Templates and filled submissions as .xlsx bytes (CLI, task pane, demo, benchmarks). */
import { zipSync, type Zippable } from 'fflate';
import { registerTemplates } from '../core/template-batch.js';
import { buildSubmissionModel, buildTemplateModel, type TemplateKind, type TemplateOptions } from '../core/template-schema.js';
import type { Register, Submission } from '../core/types.js';
import { writeXlsx } from './xlsx/write.js';

/** A blank submission template for one unit and period. */
export async function writeTemplate(kind: TemplateKind, opts: TemplateOptions = {}): Promise<Uint8Array> {
  return writeXlsx(buildTemplateModel(kind, opts));
}

/** A template filled with a submission's values (what a unit would send back). */
export async function writeSubmission(
  sub: Pick<Submission, 'unit' | 'year' | 'period' | 'fields' | 'enterprises'>,
  opts: Pick<TemplateOptions, 'deadline' | 'enterpriseRows'> = {},
): Promise<Uint8Array> {
  return writeXlsx(buildSubmissionModel(sub, opts));
}

/**
 * One template per unit of the register in one .zip (the task pane's download): entries named
 * <单位代码>_<单位名称>_<报告期>_填报模板.xlsx, stored as they are (an .xlsx is compressed already).
 */
export async function writeRegisterTemplatesZip(
  register: Register,
  options: Omit<TemplateOptions, 'unit'> & { period: string },
): Promise<{ bytes: Uint8Array; fileNames: string[] }> {
  const plan = registerTemplates(register, options);
  const entries: Zippable = {};
  for (const t of plan) entries[t.fileName] = [await writeTemplate(t.kind, t.options), { level: 0 }];
  return { bytes: zipSync(entries), fileNames: plan.map((t) => t.fileName) };
}
