import { CliError, processIO, type CliIO, type Command } from './io.js';

/** Commands load lazily so `sti --help` stays fast and one command's deps don't slow another. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  template: async () => (await import('./commands/template.js')).command,
  validate: async () => (await import('./commands/validate.js')).command,
  rollup: async () => (await import('./commands/rollup.js')).command,
  rank: async () => (await import('./commands/rank.js')).command,
  report: async () => (await import('./commands/report.js')).command,
  demo: async () => (await import('./commands/demo.js')).command,
  serve: async () => (await import('./commands/serve.js')).command,
};

async function helpText(): Promise<string> {
  const lines = ['sti — 科技指标汇总助手 STI Rollup 命令行', '', '用法 Usage: sti <命令> [选项]', '', '命令 Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const c = await load();
    lines.push(`  ${name.padEnd(10)}${c.summary}`);
  }
  lines.push('', '每个命令的详细用法 Per-command usage: sti <命令> --help', '');
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.out(await helpText());
      return name ? 0 : 2;
    }
    const load = COMMANDS[name];
    if (!load) throw new CliError(`未知命令“${name}”。运行 sti --help 查看可用命令。`);
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`错误：${e.message}\n`);
      return e.exitCode;
    }
    // Never a stack trace for the user; the detail goes after a plain message.
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`错误：程序内部错误：${msg}\n如需排查，请设置环境变量 STI_DEBUG=1 后重试。\n`);
    if (process.env.STI_DEBUG === '1' && e instanceof Error && e.stack) io.err(e.stack + '\n');
    return 3;
  }
}

// Run when executed directly (tsx src/cli/main.ts …).
const invokedDirectly = process.argv[1] && /src[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
