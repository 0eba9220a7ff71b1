/**
 * What a command may touch of the outside world, passed in so that tests drive the CLI as a
 * function and the process entry stays a few lines.
 */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where relative paths are resolved. */
  readonly cwd: string;
  /** Is stderr a terminal (progress is shown only then)? */
  readonly isTTY: boolean;
  /** Aborted on Ctrl-C: long commands stop, report what they found and leave no partial file. */
  readonly signal?: AbortSignal;
}

/** Bad usage or input: exit 2 with this one-line message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Command {
  readonly name: string;
  /** One line for `kdump-sme --help`. */
  readonly summary: string;
  /** The full usage text. */
  readonly usage: string;
  /** Returns the exit code: 0 expectations met, 1 not met, 2 bad usage or input (a promise for commands that yield). */
  readonly run: (args: readonly string[], io: Io) => number | Promise<number>;
}
