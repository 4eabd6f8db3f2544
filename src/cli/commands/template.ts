import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IndicatorError } from '../../core/errors.js';
import { parsePeriod } from '../../core/period.js';
import { registerTemplates } from '../../core/template-batch.js';
import { TEMPLATE_KINDS, TEMPLATE_VERSION, UNIT_KIND_ZH, type TemplateKind, type TemplateOptions } from '../../core/template-schema.js';
import { readRegisterFile } from '../../io/register.js';
import { writeTemplate } from '../../io/template.js';
import { parseCommandArgs } from '../args.js';
import { displayName, writeOutputFile } from '../files.js';
import { createProgress } from '../progress.js';
import { CliError, type CliIO, type Command } from '../io.js';

const usage = `用法 Usage:
  sti template <township|park|district|city> --unit CODE --name NAME [--parent CODE] --out FILE.xlsx [选项]
  sti template [township|park|district|city] --register 单位名录.xlsx --out-dir DIR [选项]

生成标准填报模板（.xlsx，模板版本 ${TEMPLATE_VERSION}）：填报说明、指标表、企业名录和隐藏的 _meta。
读取报表时按 _meta 中的单位代码识别填报单位；_meta 是隐藏的，填报单位无法自己填写，
所以每个模板都为一个单位生成：单个单位用 --unit/--name，名录中的全部单位用 --register。
Generates submission templates, one per unit: the unit's code sits in the hidden _meta sheet,
which the unit cannot edit, so --unit and --name are required (or --register for every unit).
  township  乡镇(街道)模板      park      园区模板
  district  区(县)模板（另含地区生产总值、就业人员、财政支出、固定资产投资等区级指标）
  city      市模板（同区级）

一个单位 One unit:
  --unit CODE       单位代码（必填，写入 _meta）
  --name NAME       单位名称（必填）
  --parent CODE     上级单位代码
  --out FILE.xlsx   输出文件（必填）

名录中的每个单位 Every unit of a register:
  --register FILE   单位名录（.xlsx 的“单位名录”工作表或 .csv：单位代码|单位名称|单位类型|上级单位代码|计入合计），
                    为其中每个单位（市、区县、乡镇街道、园区）按其类型各生成一个模板；
                    同时给出模板类型时只生成该类单位的模板
  --out-dir DIR     输出目录（不存在时新建），文件名为 <单位代码>_<单位名称>_<报告期>_填报模板.xlsx

选项 Options:
  --year Y          年度，默认为上一年
  --period P        报告期：2024（全年）或 2024-01..09（1-9月累计），默认为全年
  --deadline TEXT   报送截止日期（写入填报说明）
  --rows N          企业名录空白行数（默认 300）
  --force           覆盖已存在的输出文件（名录文件本身永不覆盖）
`;

const YEAR_MIN = 1990;
const YEAR_MAX = 2100;
/** Files named in a refusal (the rest are counted). */
const SHOWN_CONFLICTS = 3;

/** Year and period as given, checked before anything is written (a bad period is a usage error). */
function yearAndPeriod(yearText: string | undefined, periodText: string | undefined): { year: number; period: string } {
  let year: number | undefined;
  if (yearText !== undefined) {
    year = Number(yearText);
    if (!Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX)
      throw new CliError(`年度应为四位数字，例如 --year 2024，实际为“${yearText}”`);
  }
  if (periodText === undefined) {
    const y = year ?? new Date().getFullYear() - 1;
    return { year: y, period: String(y) };
  }
  let periodYear: number;
  try {
    periodYear = parsePeriod(periodText).year;
  } catch (e) {
    throw new CliError(e instanceof IndicatorError ? e.message : `报告期无法识别：${periodText}`);
  }
  if (year !== undefined && periodYear !== year) throw new CliError(`报告期“${periodText}”与年度 ${year} 不一致`);
  return { year: periodYear, period: periodText.trim() };
}

async function templateBytes(kind: TemplateKind, options: TemplateOptions): Promise<Uint8Array> {
  try {
    return await writeTemplate(kind, options);
  } catch (e) {
    if (e instanceof IndicatorError) throw new CliError(e.message);
    if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message)) throw new CliError(e.message);
    throw e;
  }
}

export const command: Command = {
  summary: '生成填报模板 (.xlsx)：一个单位，或名录中的每个单位',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('template', {
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        'out-dir': { type: 'string' },
        register: { type: 'string' },
        unit: { type: 'string' },
        name: { type: 'string' },
        parent: { type: 'string' },
        year: { type: 'string' },
        period: { type: 'string' },
        deadline: { type: 'string' },
        rows: { type: 'string' },
        force: { type: 'boolean' },
      },
    });
    if (positionals.length > 1) throw new CliError(`只能指定一种模板类型，实际为：${positionals.join(' ')}`);
    const kind = positionals[0] as TemplateKind | undefined;
    if (kind !== undefined && !TEMPLATE_KINDS.includes(kind))
      throw new CliError(`未知的模板类型“${positionals[0]}”，应为 ${TEMPLATE_KINDS.join('、')}`);
    if (values.register === undefined && kind === undefined)
      throw new CliError(
        `请指定一种模板类型：${TEMPLATE_KINDS.join(' | ')}，或用 --register 为名录中的每个单位生成模板。运行 sti template --help 查看用法。`,
      );
    let rows: number | undefined;
    if (values.rows !== undefined) {
      rows = Number(values.rows);
      if (!Number.isInteger(rows) || rows < 1 || rows > 20000)
        throw new CliError(`--rows 应为 1 到 20000 之间的整数，实际为“${values.rows}”`);
    }
    const common = { deadline: values.deadline, enterpriseRows: rows };
    if (values.register !== undefined) {
      for (const single of ['out', 'unit', 'name', 'parent'] as const)
        if (values[single] !== undefined)
          throw new CliError(`--register 为名录中的每个单位生成模板，不能同时使用 --${single}；输出目录用 --out-dir 指定`);
      if (!values['out-dir']) throw new CliError('请用 --out-dir 指定输出目录，例如 --out-dir 填报模板/');
      const { year, period } = yearAndPeriod(values.year, values.period);
      return writeRegisterTemplates(io, {
        register: values.register,
        outDir: values['out-dir'],
        kind,
        force: values.force === true,
        options: { ...common, year, period },
      });
    }
    if (values['out-dir'] !== undefined) throw new CliError('--out-dir 与 --register 一起使用；单个单位的模板用 --out 指定输出文件');
    if (!values.out) throw new CliError('请用 --out 指定输出文件，例如 --out 城关镇.xlsx');
    if (!/\.xlsx$/i.test(values.out)) throw new CliError(`输出文件应以 .xlsx 结尾：${values.out}`);
    const { year, period } = yearAndPeriod(values.year, values.period);
    const missing = [!values.unit?.trim() && '--unit 单位代码', !values.name?.trim() && '--name 单位名称'].filter(Boolean);
    if (missing.length)
      throw new CliError(
        `请指定 ${missing.join(' 和 ')}：模板的单位代码写在隐藏的 _meta 工作表中，填报单位无法自己填写，没有单位代码的模板交回后无法识别。` +
          `例如 sti template ${kind} --unit 990101 --name 城关镇 --out 城关镇.xlsx；为名录中的每个单位生成模板请用 --register 名录.xlsx --out-dir 目录/`,
      );
    const out = resolve(io.cwd, values.out);
    if (existsSync(out) && !values.force) throw new CliError(`文件已存在：${values.out}（不会覆盖；如确需覆盖请加 --force）`);
    const bytes = await templateBytes(kind!, {
      ...common,
      unit: { code: values.unit!.trim(), name: values.name!.trim(), parentCode: values.parent?.trim() || null },
      year,
      period,
    });
    writeOutputFile(out, bytes, values.out);
    io.out(`已生成${UNIT_KIND_ZH[kind!]}模板：${values.out}（${values.name!.trim()}，单位代码 ${values.unit!.trim()}）\n`);
    return 0;
  },
};

/** `--register FILE --out-dir DIR`: one template per unit, nothing overwritten unless --force, the register never. */
async function writeRegisterTemplates(
  io: CliIO,
  job: {
    register: string;
    outDir: string;
    kind: TemplateKind | undefined;
    force: boolean;
    options: Omit<TemplateOptions, 'unit'> & { period: string };
  },
): Promise<number> {
  const registerPath = resolve(io.cwd, job.register);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(registerPath);
  } catch {
    throw new CliError(`找不到名录文件：${job.register}`);
  }
  const read = readRegisterFile(bytes, job.register);
  const errors = read.findings.filter((f) => f.severity === 'error');
  if (!read.register || errors.length)
    throw new CliError(
      `名录有错误，未生成模板：${(errors.length ? errors : read.findings)
        .slice(0, SHOWN_CONFLICTS)
        .map((f) => f.message)
        .join('；')}${errors.length > SHOWN_CONFLICTS ? `（共 ${errors.length} 处）` : ''}`,
    );
  for (const f of read.findings) io.err(`${f.severity === 'warning' ? '警告' : '提示'}：${job.register}：${f.message}\n`);
  const plan = registerTemplates(read.register, { ...job.options, kinds: job.kind ? [job.kind] : undefined });
  if (plan.length === 0) throw new CliError(`名录 ${job.register} 中没有${job.kind ? `${UNIT_KIND_ZH[job.kind]}类` : ''}单位，未生成模板`);

  const outDir = resolve(io.cwd, job.outDir);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new CliError(`--out-dir 不是目录：${job.outDir}`);
  const targets = plan.map((p) => join(outDir, p.fileName));
  // Sources are never modified: the register may sit in the output folder.
  const overRegister = targets.find((t) => t === registerPath);
  if (overRegister) throw new CliError(`模板文件 ${displayName(overRegister, io.cwd)} 就是名录文件，写入会覆盖名录；请换一个输出目录`);
  const existing = targets.filter((t) => existsSync(t));
  if (existing.length && !job.force)
    throw new CliError(
      `输出目录中已有 ${existing.length} 个同名文件（如 ${existing
        .slice(0, SHOWN_CONFLICTS)
        .map((t) => displayName(t, io.cwd))
        .join('、')}），不会覆盖（可能是已交回的报表）；如确需覆盖请加 --force`,
    );
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new CliError(`无法创建输出目录 ${job.outDir}：${e instanceof Error ? e.message : String(e)}`);
  }
  const progress = createProgress(io, '生成模板', plan.length);
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i];
    writeOutputFile(targets[i], await templateBytes(p.kind, p.options), displayName(targets[i], io.cwd));
    progress.update(i + 1);
  }
  progress.done();
  const byKind = TEMPLATE_KINDS.map((k) => [k, plan.filter((p) => p.kind === k).length] as const).filter(([, n]) => n > 0);
  io.out(
    `已生成 ${plan.length} 个填报模板（${byKind.map(([k, n]) => `${UNIT_KIND_ZH[k]} ${n} 个`).join('、')}），报告期 ${job.options.period}：${displayName(outDir, io.cwd) || '.'}\n`,
  );
  return 0;
}
