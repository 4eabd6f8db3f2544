import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_LABEL, buildDemoData } from '../../core/demo.js';
import { rankingNotesText } from '../../core/notes.js';
import { periodTextZh } from '../../core/period.js';
import { DEFAULT_RANKING_INDICATORS, rankChildren, rankingRowsFromRollup, type RankingInputRow } from '../../core/ranking.js';
import { computeIndicators } from '../../core/rollup.js';
import type { FieldTotal } from '../../core/rollup-types.js';
import { SEVERITY_ZH } from '../../core/types.js';
import { writeDemoFiles } from '../../io/demo.js';
import { readRankingWorkbook, writeRankingWorkbook } from '../../io/ranking-xlsx.js';
import { writeRollupWorkbook } from '../../io/rollup-xlsx.js';
import { bulletinDate } from '../../core/bulletin.js';
import { parseCommandArgs } from '../args.js';
import { CliError, type CliIO, type Command } from '../io.js';
import { findingJson, rankJson, type DemoJson } from '../json-shape.js';
import { createProgress } from '../progress.js';
import { readRankInputs, rankTable, rankingText } from './rank.js';
import { bulletinFromRun } from './report.js';
import { incompleteTotalsText, rollupFiles, rollupJson, rollupSummaryText } from './rollup.js';

const usage = `用法 Usage: sti demo [--out DIR] [--json]

用内置的示例数据（${DEMO_LABEL}，合成数据，不代表任何真实地区）演示完整流程：
  1. 生成“示例市”的单位名录和 6 个区（县）、各 4–8 个乡镇（街道）和 1–2 个园区的填报文件
     （企业名录中部分园区企业同时列于所在乡镇；预置几处常见错误供校验发现）；
  2. 校验全部报表；
  3. 汇总到各区和全市（有错误的报表不纳入汇总，并列出）；
  4. 按汇总工作簿对各区排名，与合成的上年排名比较位次变化；
  5. 写出通报（Word 文档，同 sti report），打印排名表和输出文件路径。

选项 Options:
  --out DIR   输出目录（默认 ./sti-demo-output）；其中的同名文件会被覆盖
  --json      在标准输出打印 JSON（结构见 README 与 src/cli/json-shape.ts 的 DemoJson）
`;

export const command: Command = {
  summary: '用内置示例数据演示完整流程：生成报表、校验、汇总、排名',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArgs('demo', { args, options: { out: { type: 'string' }, json: { type: 'boolean' } } });
    const outDir = resolve(io.cwd, parsed.values.out ?? 'sti-demo-output');
    const json = Boolean(parsed.values.json);
    const say = (t: string) => {
      if (!json) io.out(t);
    };
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (e) {
      throw new CliError(`无法创建输出目录 ${outDir}：${e instanceof Error ? e.message : String(e)}`);
    }
    const data = buildDemoData();
    const city = data.register.units.find((u) => u.kind === 'city')!;
    say(`${city.name}${periodTextZh(data.period)}科技指标汇总演示（${DEMO_LABEL}：合成数据，不代表任何真实地区）\n\n`);

    // 1. Files.
    const p1 = createProgress(io, '生成报表', data.submissions.length);
    const files = await writeDemoFiles(data, outDir, (d, t) => p1.update(d, t));
    p1.done();
    const counts = (k: string) => data.register.units.filter((u) => u.kind === k).length;
    say(
      `1. 生成名录和填报文件：${counts('district')}个区（县）、${counts('township')}个乡镇（街道）、${counts('park')}个园区，共${files.submissions.length}份报表\n`,
    );
    say(`   预置的问题：\n${data.defects.map((d) => `   · ${d.descriptionZh}\n`).join('')}\n`);

    // 2–3. Validate and roll up (the same path as sti rollup).
    const run = await rollupFiles(files.submissions, files.register, io);
    const validationOnly = run.admission.findings;
    const n = (s: string) => validationOnly.filter((f) => f.severity === s).length;
    say(`2. 校验：错误 ${n('error')} 条，警告 ${n('warning')} 条，提示 ${n('info')} 条\n`);
    for (const f of validationOnly.filter((x) => x.severity !== 'info'))
      say(`   [${SEVERITY_ZH[f.severity]}] ${f.file.split(/[\\/]/).pop()} ${f.sheet ?? ''}${f.cell ? `!${f.cell}` : ''}：${f.message}\n`);
    const rollupPath = join(outDir, `汇总_${city.name}_${data.year}.xlsx`);
    writeFileSync(
      rollupPath,
      await writeRollupWorkbook(run.results, { label: DEMO_LABEL, extraFindings: run.admission.findings, admission: run.admission }),
    );
    const leftOut = run.admission.files.filter((f) => f.verdict === 'left-out');
    const used = run.admission.files.filter((f) => f.verdict === 'used');
    const withFiguresOut = used.filter((f) => f.marks.some((m) => m.kind === 'left-out') || f.listRowsLeftOut.length > 0);
    say(
      `\n3. 汇总（${used.length}份报表纳入${withFiguresOut.length ? `，其中${withFiguresOut.length}份有个别数因错误未纳入` : ''}，${leftOut.length}份整份未纳入）：\n`,
    );
    for (const e of leftOut) say(`   未纳入：${e.file.split(/[\\/]/).pop()}：${e.reason}\n`);
    for (const f of withFiguresOut)
      say(
        `   部分数未纳入：${f.file.split(/[\\/]/).pop()}：${[...f.marks.filter((m) => m.kind === 'left-out').map((m) => `${m.sheet}!${m.cell}`), ...f.listRowsLeftOut.map((c) => `企业名录!${c}`)].join('、')}\n`,
      );
    say(rollupSummaryText(run.results).trimEnd().replace(/^/gm, '   ') + '\n');
    const incomplete = incompleteTotalsText(run.results);
    if (incomplete) say(incomplete.trimEnd().replace(/^/gm, '   ') + '\n');

    // 4. A synthetic previous-year ranking from the districts' previous-year levels, written and read back like a real one.
    const prevRows: RankingInputRow[] = run.city.rows.map((r) => {
      const fields: Record<string, FieldTotal> = {};
      for (const [code, f] of Object.entries(r.fields)) fields[code] = { ...f, current: f.previous, previous: null, target: null };
      const values: Record<string, number | null> = {};
      for (const [code, f] of Object.entries(fields)) values[code] = f.current;
      for (const [code, v] of Object.entries(computeIndicators(fields, true))) values[code] = v.value;
      return { unitCode: r.unit.code, unitName: r.unit.name, values };
    });
    void rankingRowsFromRollup;
    // Last year ranked on this year's caliber (the settings step 5 applies), so 指数提高 and 进步位次
    // compare like with like and the ranking carries no caliber note.
    const prevTable = rankChildren(prevRows, {
      method: 'competition',
      indicators: [...DEFAULT_RANKING_INDICATORS],
      index: { method: 'minmax' },
    });
    const prevPath = join(outDir, `排名_${city.name}_${data.year - 1}_上年示例.xlsx`);
    writeFileSync(
      prevPath,
      await writeRankingWorkbook(prevTable, {
        parentName: city.name,
        periodZh: `${data.year - 1}年`,
        year: data.year - 1,
        period: String(data.year - 1),
        label: DEMO_LABEL,
      }),
    );
    const prevRead = readRankingWorkbook(new Uint8Array((await import('node:fs')).readFileSync(prevPath)), prevPath);

    // 5. Rank from the rollup workbook file (as sti rank does).
    const inputs = readRankInputs([{ path: rollupPath, name: rollupPath }], io);
    const table = rankTable(inputs.rows, {
      method: 'competition',
      indexMethod: 'minmax',
      previous: { ranking: prevRead.previous, settings: prevRead.settings },
    });
    const rankPath = join(outDir, `排名_${city.name}_${data.year}.xlsx`);
    writeFileSync(
      rankPath,
      await writeRankingWorkbook(table, {
        parentName: city.name,
        periodZh: periodTextZh(data.period),
        year: data.year,
        period: data.period,
        label: DEMO_LABEL,
      }),
    );
    say(
      `\n4. ${city.name}${periodTextZh(data.period)}各区（县）排名（科创指数：极差标准化、等权；位次变化对比${data.year - 1}年示例排名）：\n`,
    );
    say(rankingText(table).replace(/^/gm, '   '));
    for (const note of rankingNotesText(table.notes)) say(`   注：${note}\n`);
    say(
      `\n输出文件：\n   单位名录：${files.register}\n   填报文件：${join(outDir, '报表')}（${files.submissions.length}个）\n   汇总工作簿：${rollupPath}\n   上年排名（示例）：${prevPath}\n   排名工作簿：${rankPath}\n`,
    );
    // The 通报 from the same rollup and ranking, as sti report writes it.
    const bulletinPath = join(outDir, `通报_${city.name}_${data.year}.docx`);
    const bulletin = bulletinFromRun(run, table, { previousRows: prevRead.rows, label: DEMO_LABEL, date: bulletinDate(new Date()) });
    const { writeBulletinDocx } = await import('../../io/bulletin-docx.js');
    writeFileSync(bulletinPath, await writeBulletinDocx(bulletin));
    say(`   通报：${bulletinPath}\n`);
    say(
      `\n下一步可试：sti validate "${join(outDir, '报表')}"；sti rank "${rollupPath}" --previous "${prevPath}" --method dense --out 排名.xlsx\n`,
    );

    if (json) {
      const out: DemoJson = {
        schema: 'sti-demo/1',
        outDir,
        files: {
          register: files.register,
          submissions: files.submissions,
          rollup: rollupPath,
          previousRanking: prevPath,
          ranking: rankPath,
        },
        validation: { errors: n('error'), warnings: n('warning'), infos: n('info'), findings: validationOnly.map(findingJson) },
        rollup: rollupJson(run, rollupPath),
        rank: rankJson(table, {
          parent: { unitCode: city.code, unitName: city.name },
          year: data.year,
          period: data.period,
          findings: inputs.findings,
          output: rankPath,
        }),
      };
      io.out(JSON.stringify(out, null, 2) + '\n');
    }
    return 0;
  },
};
