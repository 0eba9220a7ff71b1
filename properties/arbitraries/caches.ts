/**
 * The CPUs' part in a run: which CPU ran `kexec -p`, which panicked, and the dirty lines the
 * hardware writes back of its own accord, and when. CPUs are drawn by their role (the boot CPU,
 * the kexec CPU, the panicking CPU, or another), so that two roles fall on one CPU as often as
 * on two. Shrinks toward everything on CPU 0 and no early write-back.
 */
import fc from 'fast-check';
import type { CacheEnvironment } from '../../model/environment.ts';
import { LINE_REGIONS } from '../../model/kernel/caches.ts';
import { STAGES, type Stage } from '../../model/kernel/run.ts';

type Role = 'boot' | 'kexec' | 'panic' | 'other';

export interface CachesShape {
  /** Which CPU, counted modulo the machine's CPUs. */
  readonly kexecCpu: number;
  readonly panicCpu: number;
  readonly writebacks: readonly { readonly who: Role; readonly region: string | undefined; readonly at: Stage }[];
}

const cpuIndex = fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.constant(1), weight: 2 }, { arbitrary: fc.nat(63), weight: 1 });

export const cachesArb: fc.Arbitrary<CachesShape> = fc.record({
  kexecCpu: cpuIndex,
  panicCpu: cpuIndex,
  writebacks: fc.array(
    fc.record({
      who: fc.constantFrom<Role>('kexec', 'panic', 'boot', 'other'),
      region: fc.option(fc.constantFrom(...LINE_REGIONS), { nil: undefined, freq: 2 }),
      at: fc.constantFrom(...STAGES.slice(1)),
    }),
    { maxLength: 4 },
  ),
});

export function buildCaches(shape: CachesShape, cpus: number): CacheEnvironment {
  const kexecCpu = shape.kexecCpu % cpus;
  const panicCpu = shape.panicCpu % cpus;
  const cpuOf: Record<Role, number> = { boot: 0, kexec: kexecCpu, panic: panicCpu, other: (panicCpu + 1) % cpus };
  return {
    kexecCpu,
    panicCpu,
    writebacks: shape.writebacks.map((w) => (w.region === undefined ? { cpu: cpuOf[w.who], at: w.at } : { cpu: cpuOf[w.who], region: w.region, at: w.at })),
  };
}
