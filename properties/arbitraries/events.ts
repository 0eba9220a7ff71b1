/**
 * Event orders: when `kexec -p` loads the kdump kernel (early, late, unloaded and reloaded,
 * unloaded for good, never), device DMA into old memory and SWIOTLB before the crash, the panic,
 * then the dump tool's read() and mmap() of /proc/vmcore. Shrinks toward "load, panic, read".
 */
import fc from 'fast-check';
import type { KdumpEvent } from '../../model/environment.ts';

export type LoadTiming = 'early' | 'late' | 'reload' | 'unloaded' | 'never';

const dmaArb: fc.Arbitrary<KdumpEvent> = fc.record({
  type: fc.constant('DEVICE_DMA' as const),
  target: fc.constantFrom('oldmem' as const, 'swiotlb' as const),
  slot: fc.nat({ max: 1 << 24 }),
  pages: fc.integer({ min: 1, max: 16 }),
});

const LOAD: KdumpEvent = { type: 'KEXEC_LOAD_CRASH' };
const UNLOAD: KdumpEvent = { type: 'KEXEC_UNLOAD_CRASH' };
const PANIC: KdumpEvent = { type: 'PANIC' };
const READ: KdumpEvent = { type: 'READ_VMCORE' };
const MMAP: KdumpEvent = { type: 'MMAP_VMCORE' };

const timingArb: fc.Arbitrary<LoadTiming> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant('early' as const), weight: 5 },
  { arbitrary: fc.constant('late' as const), weight: 3 },
  { arbitrary: fc.constant('reload' as const), weight: 2 },
  { arbitrary: fc.constant('unloaded' as const), weight: 1 },
  { arbitrary: fc.constant('never' as const), weight: 1 },
);

/** The shortest orders come first, so that counterexamples shrink to the one read they need. */
const dumpArb: fc.Arbitrary<readonly KdumpEvent[]> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant([READ]), weight: 1 },
  { arbitrary: fc.constant([MMAP]), weight: 1 },
  { arbitrary: fc.constant([READ, MMAP]), weight: 4 },
  { arbitrary: fc.constant([MMAP, READ]), weight: 4 },
);

export function buildEvents(timing: LoadTiming, dmas: readonly KdumpEvent[], dump: readonly KdumpEvent[]): KdumpEvent[] {
  const half = Math.ceil(dmas.length / 2);
  const before = dmas.slice(0, half);
  const after = dmas.slice(half);
  const pre: Record<LoadTiming, KdumpEvent[]> = {
    early: [LOAD, ...dmas],
    late: [...dmas, LOAD],
    reload: [LOAD, ...before, UNLOAD, ...after, LOAD],
    unloaded: [LOAD, ...dmas, UNLOAD],
    never: [...dmas],
  };
  return [...pre[timing], PANIC, ...dump];
}

export const eventsArb: fc.Arbitrary<KdumpEvent[]> = fc
  .record({ timing: timingArb, dmas: fc.array(dmaArb, { maxLength: 4 }), dump: dumpArb })
  .map(({ timing, dmas, dump }) => buildEvents(timing, dmas, dump));
