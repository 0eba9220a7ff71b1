/**
 * Progress on stderr for long runs, only when stderr is a terminal: one line rewritten in place,
 * cleared at the end. Nothing is written otherwise, so piped and JSON output stay clean.
 */
import type { Io } from './io.ts';

export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly finish: () => void;
}

const NONE: Progress = { update: () => {}, finish: () => {} };

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A progress line labelled `label`, counting `unit`s. */
export function progress(io: Io, label: string, unit: string): Progress {
  if (!io.isTTY) return NONE;
  const started = Date.now();
  let shown = -1;
  let drawn = false;
  return {
    update: (done, total) => {
      const percent = Math.floor((100 * done) / total);
      if (percent === shown) return;
      shown = percent;
      drawn = true;
      const elapsed = Date.now() - started;
      const eta = done > 0 && done < total ? `, about ${duration((elapsed * (total - done)) / done)} left` : '';
      io.stderr(`\r\x1b[K${label}: ${done}/${total} ${unit} (${percent}%${eta}; Ctrl-C stops and reports what was found)`);
    },
    finish: () => {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}
