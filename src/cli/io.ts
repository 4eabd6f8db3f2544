/** What a command may touch of the process: its streams and whether stdout is a terminal. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  cwd: string;
}

export const processIO = (): CliIO => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
});

/** A user-facing failure: printed as one Chinese line, never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Command {
  /** One line for the command list. */
  summary: string;
  /** Full usage text for `sti <command> --help`. */
  usage: string;
  /** Returns the exit code: 0 ok, 1 validation errors found, 2 bad usage or unreadable input. */
  run(args: string[], io: CliIO): Promise<number>;
}
