/**
 * The hypervisor of an SEV guest, as an observer: it reads guest memory as DRAM holds it, with no
 * key. A private page is ciphertext to it; a shared (decrypted) page is plaintext it can read.
 *
 * Models: when the first kernel has booted, the hypervisor takes note of the pages it can read,
 * the ones the guest shared on purpose (SWIOTLB and the other `set_memory_decrypted()` pages,
 * found in DRAM as plaintext, not taken from the layout). After each stage that writes guest
 * memory (the kexec load and unload, the crash, the kdump kernel's boot, the dump) it looks again:
 * guest data it can read anywhere else is data the guest never meant to share, each piece an
 * observation for SEV-NO-SHARED-LEAK. On an SME host there is no hypervisor and nothing is observed.
 * Leaves out: where the dump goes afterwards (a vmcore written to a virtual disk passes through
 * shared bounce buffers, as all guest I/O does), and the guest's registers (SEV-ES).
 */
import { type AddrRange, showRange } from '../hardware/address.ts';
import type { Cell, Memory } from '../hardware/memory.ts';
import { type Data, garbage, type Value } from '../hardware/values.ts';
import { type KdumpContext, lastStep, observe, step, withContext } from './context.ts';
import type { Observation, Stage } from './run.ts';

/** What the hypervisor could read when the first kernel had booted: the stretches of DRAM then holding guest data as plaintext. */
export interface HypervisorState {
  readonly sharedAtBoot: readonly AddrRange[];
}

/** What a hypervisor should get from a private page: ciphertext it cannot read. */
const CIPHERTEXT: Value = garbage('ciphertext read without the C-bit');

/** A cell's data, if the hypervisor can read it: plaintext, and data (a page never written tells it nothing). */
const plainData = (cell: Cell): Data | null => (cell.cipher === null && cell.value.kind === 'data' ? cell.value : null);

/** The stretches of RAM holding guest data in the clear, in address order, with whose data each holds: what the hypervisor can read. */
export function readableInTheClear(memory: Memory, ram: readonly AddrRange[]): { range: AddrRange; value: Data }[] {
  const out: { range: AddrRange; value: Data }[] = [];
  const { ranges } = memory;
  // The background holds every RAM page no range covers.
  const background = plainData(memory.background);
  let i = 0;
  for (const r of ram) {
    let at = r.start;
    while (i < ranges.length && ranges[i]!.end <= r.start) i++;
    for (let j = i; j < ranges.length && ranges[j]!.start < r.end; j++) {
      const s = ranges[j]!;
      if (background !== null && s.start > at) out.push({ range: { start: at, end: s.start }, value: background });
      const start = s.start > r.start ? s.start : r.start;
      const end = s.end < r.end ? s.end : r.end;
      const value = plainData(s.cell);
      if (value !== null) out.push({ range: { start, end }, value });
      at = end;
    }
    if (background !== null && at < r.end) out.push({ range: { start: at, end: r.end }, value: background });
  }
  return out;
}

/** The parts of `r` outside `allowed` (sorted, disjoint). */
function outside(r: AddrRange, allowed: readonly AddrRange[]): AddrRange[] {
  const out: AddrRange[] = [];
  let at = r.start;
  for (const a of allowed) {
    if (a.end <= at || a.start >= r.end) continue;
    if (a.start > at) out.push({ start: at, end: a.start });
    at = a.end;
    if (at >= r.end) break;
  }
  if (at < r.end) out.push({ start: at, end: r.end });
  return out;
}

/** The first kernel has booted: the hypervisor notes what it can read. Nothing on an SME host. */
export function hypervisorBaseline(c: KdumpContext): KdumpContext {
  if (!c.dram.machine.sevGuest) return c;
  const sharedAtBoot = readableInTheClear(c.dram.memory, c.dram.ram).map((p) => p.range);
  return step(withContext(c, { hypervisor: { sharedAtBoot } }), 'first-kernel', 'hypervisor', () =>
    `the hypervisor can read the guest's shared pages: ${sharedAtBoot.map(showRange).join(', ') || 'none'}; every other page is ciphertext to it`);
}

/**
 * The hypervisor reads guest memory after `stage`: one failing observation for each stretch of
 * guest data it can read that it could not when the first kernel had booted, or one that says
 * it reads nothing new.
 */
export function hypervisorLooks(c: KdumpContext, stage: Stage): KdumpContext {
  const hv = c.hypervisor;
  if (hv === null) return c;
  const leaks = readableInTheClear(c.dram.memory, c.dram.ram).flatMap((p) => outside(p.range, hv.sharedAtBoot).map((range) => ({ range, value: p.value })));
  if (leaks.length === 0) {
    const ram = c.dram.ram;
    return observe(c, [{
      step: lastStep(c), kind: 'hypervisor-read', site: 'hypervisor', what: `guest memory at ${stage}, outside the pages shared at boot`, usage: null,
      range: { start: ram[0]?.start ?? 0, end: ram.at(-1)?.end ?? 0 }, written: 'encrypted', read: 'plaintext', expected: CIPHERTEXT, got: CIPHERTEXT, ok: true,
    }]);
  }
  const next = step(c, stage, 'hypervisor', () =>
    `the hypervisor reads guest data as plaintext in ${leaks.length} stretch(es) it could not read before: ${leaks.slice(0, 3).map((l) => showRange(l.range)).join(', ')}${leaks.length > 3 ? ', ...' : ''}`);
  const at = lastStep(next);
  return observe(next, leaks.map(({ range, value }): Observation => ({
    step: at, kind: 'hypervisor-read', site: 'hypervisor', what: 'guest memory that was private at boot', usage: null, range,
    written: 'plaintext', read: 'plaintext', expected: CIPHERTEXT, got: value, ok: false,
  })));
}
