/**
 * When a long command stops early: on Ctrl-C (the Io's signal), or when a time limit runs out.
 * The deadline is taken from the wall clock here, in the CLI: the check itself (properties/) only
 * asks `shouldStop` between batches and stays free of clocks, so its results depend on the seed
 * alone, except for how many batches a time limit lets it run.
 */
export type StopReason = 'interrupted' | 'time-limit';

export interface Stop {
  /** Asked between batches; true stops the work, and remembers why. */
  readonly shouldStop: () => boolean;
  /** Why `shouldStop` last said yes, or null if it never did. */
  readonly reason: () => StopReason | null;
}

/** Stop on `signal`, or once `seconds` have passed since this call (if given); `now` is the clock in ms. */
export function stopWhen(signal: AbortSignal | undefined, seconds: number | undefined, now: () => number = Date.now): Stop {
  const deadline = seconds === undefined ? Infinity : now() + seconds * 1000;
  let reason: StopReason | null = null;
  return {
    shouldStop: () => {
      if (signal?.aborted === true) reason = 'interrupted';
      else if (now() >= deadline) reason = 'time-limit';
      return reason !== null;
    },
    reason: () => reason,
  };
}
