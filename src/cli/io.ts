/** What a command may touch of the process: its streams and whether stdout is a terminal. */
export interface CliIO {
  out: (text: string) => void;
  /**
   * UTF-8 bytes to stdout as they are (text made earlier and kept as bytes; the caller does not
   * change them afterwards: a pipe may write them later); without it, decoded and given to `out`.
   */
  outBytes?: (utf8: Uint8Array) => void;
  err: (text: string) => void;
  isTTY: boolean;
  cwd: string;
}

/** Set once stdout is gone (`sti validate 报表/ | head -1`): what is left to print is dropped. */
let stdoutClosed = false;
let stdoutWatched = false;

/**
 * A reader that stops early (head, a closed pager) closes the pipe: writing then fails with EPIPE,
 * emitted as an 'error' event that would end the process with a stack trace. The command instead
 * runs to its end quietly (an --out file is still written) and exits with its own code.
 */
function watchStdout(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    stdoutClosed = true;
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') process.stderr.write(`错误：无法写入标准输出：${e.message}\n`);
  });
}

export const processIO = (): CliIO => {
  watchStdout();
  return {
    out: (t) => {
      if (!stdoutClosed) process.stdout.write(t);
    },
    outBytes: (b) => {
      if (!stdoutClosed) process.stdout.write(b);
    },
    err: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
};

/** Text or UTF-8 bytes to a command's stdout. */
export function writeOut(io: CliIO, chunk: string | Uint8Array): void {
  if (typeof chunk === 'string') io.out(chunk);
  else if (io.outBytes) io.outBytes(chunk);
  else io.out(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8'));
}

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
