/**
 * One template per unit of the register (`sti template --register`, the pane's zip): each with
 * its own kind, code, name and parent code in _meta, so every unit can submit without typing
 * anything into the hidden _meta sheet. File names are <单位代码>_<单位名称>_<报告期>_填报模板.xlsx.
 */
import type { Register, RegisterUnit, UnitKind } from './types.js';
import type { TemplateOptions } from './template-schema.js';

export interface UnitTemplate {
  unit: RegisterUnit;
  kind: UnitKind;
  fileName: string;
  options: TemplateOptions;
}

/** Characters Windows, macOS or a zip tool refuse in a file name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const MAX_NAME_PART = 60;

/** A piece of a file name: unsafe characters to '_', no leading/trailing dots or spaces, not too long. */
export function fileNamePart(text: string): string {
  const cleaned = text
    .replace(UNSAFE_IN_FILE_NAME, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+|\.+$/g, '')
    .trim();
  return [...cleaned].slice(0, MAX_NAME_PART).join('');
}

/** <单位代码>_<单位名称>_<报告期>_填报模板.xlsx (parts made safe for the file system). */
export function templateFileName(code: string, name: string, period: string): string {
  const parts = [code, name, period].map(fileNamePart).filter((p) => p !== '');
  return `${parts.join('_')}_填报模板.xlsx`;
}

/**
 * The templates for a register's units (optionally only some kinds), in register order. Names
 * are unique: a second unit whose name comes out the same (two codes made the same by the
 * cleaning) gets _2, _3… before the extension.
 */
export function registerTemplates(
  register: Register,
  options: Omit<TemplateOptions, 'unit'> & { period: string; kinds?: readonly UnitKind[] },
): UnitTemplate[] {
  const { kinds, ...common } = options;
  const used = new Set<string>();
  const out: UnitTemplate[] = [];
  for (const unit of register.units) {
    if (kinds && !kinds.includes(unit.kind)) continue;
    let fileName = templateFileName(unit.code, unit.name, options.period);
    for (let n = 2; used.has(fileName.toLowerCase()); n++)
      fileName = templateFileName(unit.code, unit.name, options.period).replace(/\.xlsx$/, `_${n}.xlsx`);
    used.add(fileName.toLowerCase());
    out.push({
      unit,
      kind: unit.kind,
      fileName,
      options: { ...common, unit: { code: unit.code, name: unit.name, parentCode: unit.parentCode } },
    });
  }
  return out;
}
