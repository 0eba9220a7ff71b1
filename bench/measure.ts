/** Clocks and statistics for the benchmark. */

/** CPU time of this process (all its threads: the JS thread and V8's GC helpers), in milliseconds. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export const wallMs = (): number => performance.now();

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `f` timed `times` times on `clock`; the durations in milliseconds. */
export function timings(times: number, clock: () => number, f: (rep: number) => void): number[] {
  const out: number[] = [];
  for (let rep = 0; rep < times; rep++) {
    const t0 = clock();
    f(rep);
    out.push(clock() - t0);
  }
  return out;
}

export interface Target {
  readonly name: string;
  readonly value: string;
  readonly met: boolean;
}
