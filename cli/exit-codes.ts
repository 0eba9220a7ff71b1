/** The exit codes of every command (documented in docs/commands.md, "Exit codes"). */
export const EXIT = {
  /** In the pairs checked, every property met its expectation. */
  ok: 0,
  /** A property did not meet its expectation (or, for matrix, a claimed pair fails). */
  failed: 1,
  /** Bad usage or input: one line on stderr. */
  usage: 2,
  /** Stopped by Ctrl-C (128 + SIGINT), after printing what was found; no files written. */
  interrupted: 130,
} as const;
