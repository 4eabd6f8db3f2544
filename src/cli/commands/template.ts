import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEMPLATE_KINDS, TEMPLATE_VERSION, UNIT_KIND_ZH, type TemplateKind } from '../../core/template-schema.js';
import { IndicatorError } from '../../core/errors.js';
import { writeTemplate } from '../../io/template.js';
import { parseCommandArgs } from '../args.js';
import { writeOutputFile } from '../files.js';
import { CliError, type Command } from '../io.js';

const usage = `用法 Usage: sti template <township|park|district|city> --out FILE.xlsx [选项]

生成标准填报模板（.xlsx，模板版本 ${TEMPLATE_VERSION}）：填报说明、指标表、企业名录和隐藏的 _meta。
  township  乡镇(街道)模板      park      园区模板
  district  区(县)模板（另含地区生产总值、就业人员、财政支出、固定资产投资等区级指标）
  city      市模板（同区级）

选项 Options:
  --out FILE.xlsx   输出文件（必填）
  --unit CODE       单位代码（写入 _meta，读取时据此识别填报单位）
  --name NAME       单位名称
  --parent CODE     上级单位代码
  --year Y          年度，默认为上一年
  --period P        报告期：2024（全年）或 2024-01..09（1-9月累计），默认为全年
  --deadline TEXT   报送截止日期（写入填报说明）
  --rows N          企业名录空白行数（默认 300）
  --force           覆盖已存在的输出文件
`;

export const command: Command = {
  summary: '生成填报模板 (.xlsx)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('template', {
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
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
    if (positionals.length !== 1)
      throw new CliError(`请指定一种模板类型：${TEMPLATE_KINDS.join(' | ')}。运行 sti template --help 查看用法。`);
    const kind = positionals[0] as TemplateKind;
    if (!TEMPLATE_KINDS.includes(kind)) throw new CliError(`未知的模板类型“${positionals[0]}”，应为 ${TEMPLATE_KINDS.join('、')}`);
    if (!values.out) throw new CliError('请用 --out 指定输出文件，例如 --out 乡镇模板.xlsx');
    if (!/\.xlsx$/i.test(values.out)) throw new CliError(`输出文件应以 .xlsx 结尾：${values.out}`);
    let year: number | undefined;
    if (values.year !== undefined) {
      year = Number(values.year);
      if (!Number.isInteger(year) || year < 1990 || year > 2100)
        throw new CliError(`年度应为四位数字，例如 --year 2024，实际为“${values.year}”`);
    }
    if (values.period !== undefined && year === undefined && /^\d{4}/.test(values.period)) year = Number(values.period.slice(0, 4));
    let rows: number | undefined;
    if (values.rows !== undefined) {
      rows = Number(values.rows);
      if (!Number.isInteger(rows) || rows < 1 || rows > 20000)
        throw new CliError(`--rows 应为 1 到 20000 之间的整数，实际为“${values.rows}”`);
    }
    const out = resolve(io.cwd, values.out);
    if (existsSync(out) && !values.force) throw new CliError(`文件已存在：${values.out}（不会覆盖；如确需覆盖请加 --force）`);
    let bytes: Uint8Array;
    try {
      bytes = await writeTemplate(kind, {
        unit: { code: values.unit, name: values.name, parentCode: values.parent ?? null },
        year,
        period: values.period,
        deadline: values.deadline,
        enterpriseRows: rows,
      });
    } catch (e) {
      if (e instanceof IndicatorError) throw new CliError(e.message);
      if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message)) throw new CliError(e.message);
      throw e;
    }
    writeOutputFile(out, bytes, values.out);
    io.out(`已生成${UNIT_KIND_ZH[kind]}模板：${values.out}${values.name ? `（${values.name}）` : ''}\n`);
    return 0;
  },
};
