import { CliError, type Command } from '../io.js';

// Placeholder until its issue lands; replaced by the real command.
export const command: Command = {
  summary: '(validate: 开发中 not yet available)',
  usage: 'sti validate: 开发中',
  async run() {
    throw new CliError('命令 validate 尚未实现');
  },
};
