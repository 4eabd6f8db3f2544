/** Command-line options for every `sti` command: node:util parseArgs with Chinese usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io.js';

/** node:util parseArgs errors in Chinese (the option named). */
export function argError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  let m = /Unknown option '([^']+)'/.exec(msg);
  if (m) return `未知选项 ${m[1]}`;
  m = /Option '([^']+?)(?: <value>)?' argument missing/.exec(msg);
  if (m) return `选项 ${m[1]} 缺少取值`;
  m = /Option '([^']+)' does not take an argument/.exec(msg);
  if (m) return `选项 ${m[1]} 不需要取值`;
  m = /Unexpected argument '([^']+)'/.exec(msg);
  if (m) return `多余的参数 ${m[1]}`;
  return msg;
}

/** Parse `sti <command>` options (strict unless told: parseArgs's default); a bad option is a usage error (exit 2) naming it in Chinese. */
export function parseCommandArgs<T extends ParseArgsConfig>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new CliError(`参数有误：${argError(e)}。运行 sti ${command} --help 查看用法。`);
  }
}
