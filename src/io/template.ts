/** Templates and filled submissions as .xlsx bytes (CLI, task pane, demo, benchmarks). */
import { buildSubmissionModel, buildTemplateModel, type TemplateKind, type TemplateOptions } from '../core/template-schema.js';
import type { Submission } from '../core/types.js';
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
