/**
 * The caches: lines tagged by the C-bit (model/hardware/cache.ts), and the kernels' flushes and
 * the hardware's own write-backs as a run meets them (model/kernel/caches.ts), on the cover
 * letter's test box (EPYC 7251: no SME_COHERENT).
 */
import { describe, expect, it } from 'vitest';
import type { Decisions } from '../../model/design/registry.ts';
import type { CacheEnvironment, Environment } from '../../model/environment.ts';
import { dramRead, dramWrite, dramWriteback, emptyCaches, emptyMemory, powerOn, type Dram } from '../../model/hardware/index.ts';
import { data } from '../../model/hardware/values.ts';
import { runKdump } from '../../model/run.ts';
import { CATALOG } from '../../properties/catalog/index.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const C = 2 ** 47;
const CPU = { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 2 };
const RAM = [{ start: 0x100000, end: 0x10000000 }];
const PAGE = 0x200000;

const dramOf = (coherent: boolean, cpu = 0): Dram =>
  ({ machine: powerOn({ ...CPU, smeCoherent: coherent }, true), ram: RAM, memory: emptyMemory(), caches: emptyCaches(coherent, cpu) });
const onCpu = (d: Dram, cpu: number): Dram => ({ ...d, caches: { ...d.caches!, cpu } });
const got = (d: Dram, address: number) => dramRead(d, address, 0x1000).map((p) => p.got);

describe('cache lines tagged by the C-bit', () => {
  const OLD = data('old plaintext', 1, PAGE);
  const NEW = data('new ciphertext', 2, PAGE);

  it('a write leaves a dirty line with the CPU that made it; one of the same tag takes it over', () => {
    const d = dramWrite(dramWrite(dramOf(false), PAGE, 0x1000, OLD), PAGE, 0x1000, data('again', 3, PAGE));
    expect(d.caches!.lines.map((l) => [l.cpu, l.cell.value.kind === 'data' ? l.cell.value.region : '', l.stale])).toEqual([[0, 'again', false]]);
  });

  it('without SME_COHERENT, a write through the other tag leaves the old line stale, and its write-back puts old data over new', () => {
    const written = dramWrite(onCpu(dramWrite(dramOf(false), PAGE, 0x1000, OLD), 1), PAGE + C, 0x1000, NEW);
    expect(written.caches!.lines.map((l) => [l.cpu, l.stale])).toEqual([[0, true], [1, false]]);
    expect(got(written, PAGE + C)).toEqual([NEW]);
    // CPU 1's line goes back first (no change); then CPU 0's stale one goes over it.
    const first = dramWriteback(written, { kind: 'cpu', cpu: 1 }).dram;
    const { dram: after, lines } = dramWriteback(first, { kind: 'cpu', cpu: 0 });
    expect(lines.map((l) => l.stale)).toEqual([true]);
    expect(got(after, PAGE + C)).toEqual([{ kind: 'garbage', cause: 'plaintext read through a C-bit mapping' }]);
  });

  it('a reader of a tag still finds its own dirty line when a stale write-back went over DRAM under it', () => {
    const written = dramWrite(onCpu(dramWrite(dramOf(false), PAGE, 0x1000, OLD), 1), PAGE + C, 0x1000, NEW);
    const after = dramWriteback(written, { kind: 'cpu', cpu: 0 }).dram;
    expect(after.caches!.shadowed).toBe(1);
    expect(got(after, PAGE + C)).toEqual([NEW]);
  });

  it('with SME_COHERENT, the write through the other tag invalidates the old line', () => {
    const written = dramWrite(onCpu(dramWrite(dramOf(true), PAGE, 0x1000, OLD), 1), PAGE + C, 0x1000, NEW);
    expect(written.caches!.lines.map((l) => l.cpu)).toEqual([1]);
  });

  it('CLFLUSH takes the lines of one tag over a range, in every CPU, and splits the lines it cuts', () => {
    const d = dramWrite(dramOf(false), PAGE + C, 0x4000, NEW);
    const { dram, lines } = dramWriteback(d, { kind: 'ranges', ranges: [{ start: PAGE + 0x1000, end: PAGE + 0x2000 }], encrypted: true });
    expect(lines.map((l) => [l.start, l.end])).toEqual([[PAGE + 0x1000, PAGE + 0x2000]]);
    expect(dram.caches!.lines.map((l) => [l.start, l.end])).toEqual([[PAGE, PAGE + 0x1000], [PAGE + 0x2000, PAGE + 0x4000]]);
    expect(dramWriteback(d, { kind: 'ranges', ranges: [{ start: PAGE, end: PAGE + 0x4000 }], encrypted: false }).lines).toEqual([]);
  });

  it('a device write keeps no line, and leaves the other tag\'s line stale even on a coherent CPU', () => {
    const d = dramWrite(dramWrite(dramOf(true), PAGE + C, 0x1000, NEW), PAGE, 0x1000, data('dma', 4, PAGE), 'device');
    expect(d.caches!.lines.map((l) => l.stale)).toEqual([true]);
  });
});

const dl385 = machineScenario('hp-dl385-gen10');

function run(sme: { firstKernel: boolean; kdumpKernel: boolean }, design: Decisions, caches: CacheEnvironment, coherent = false) {
  const base = environmentOn(dl385, sme);
  const env: Environment = { ...base, cpu: { ...base.cpu, smeCoherent: coherent }, caches };
  const r = runKdump(env, design);
  const verdict = (id: string) => CATALOG.find((p) => p.id === id)!.judge(r.run).status;
  return { ...r, verdict, steps: r.run.steps.map((s) => `[${s.stage}] ${s.site}`) };
}

const ON_ON = { firstKernel: true, kdumpKernel: true };
const OFF_ON = { firstKernel: false, kdumpKernel: true };
const v7 = preset('sme-kdump-v7').decisions;
const ONE_CPU: CacheEnvironment = { kexecCpu: 0, panicCpu: 0, writebacks: [] };

describe('the kernels\' flushes', () => {
  it('sme-kdump-v7, SME on in both kernels: CLFLUSH before each C-bit change and relocate_kernel\'s WBINVD leave no stale line', () => {
    const r = run(ON_ON, v7, ONE_CPU);
    expect(r.steps.filter((s) => /clflush_cache_range|identity_mapped|__enc_copy/.test(s))).toEqual([
      '[first-kernel] clflush_cache_range', '[kexec-load] clflush_cache_range', '[kexec-load] clflush_cache_range', '[relocation] identity_mapped',
    ]);
    expect(r.verdict('CACHE-NO-STALE-WRITEBACK')).toBe('holds');
  });

  it('with no flush before set_memory_decrypted() (mm.encDecFlush: none), relocate_kernel\'s WBINVD writes the old encrypted lines over the crash pages', () => {
    const r = run(ON_ON, { ...v7, 'mm.encDecFlush': 'none' }, ONE_CPU);
    expect(r.verdict('CACHE-NO-STALE-WRITEBACK')).toBe('violated');
    const stale = r.run.observations.find((o) => o.kind === 'cache-writeback' && !o.ok)!;
    expect(r.run.steps[stale.step]!.site).toBe('identity_mapped');
    expect(stale.what).toBe('stale encrypted line of ram on CPU 0');
  });

  it('skip-if-coherent skips the flush only where the hardware keeps both tags coherent, and both hold', () => {
    const skip = { ...v7, 'mm.encDecFlush': 'skip-if-coherent' } as const;
    expect(run(ON_ON, skip, ONE_CPU, true).steps.filter((s) => s.includes('clflush_cache_range'))).toEqual([]);
    expect(run(ON_ON, skip, ONE_CPU, true).verdict('CACHE-NO-STALE-WRITEBACK')).toBe('holds');
    expect(run(ON_ON, skip, ONE_CPU, false).verdict('CACHE-NO-STALE-WRITEBACK')).toBe('holds');
    expect(run(ON_ON, { ...v7, 'mm.encDecFlush': 'none' }, ONE_CPU, true).verdict('CACHE-NO-STALE-WRITEBACK')).toBe('holds');
  });
});

describe('SME off in the first kernel, on in the kdump kernel, kexec -p on another CPU than the panic', () => {
  const fixed419 = { ...preset('linux-4.19').decisions, 'kexectools.e820Reserved': 'any-case' } as const;
  // CPU 1 ran kexec -p and still holds the kdump kernel's image as plaintext lines; CPU 0 panics.
  const remote = (writebacks: CacheEnvironment['writebacks']): CacheEnvironment => ({ kexecCpu: 1, panicCpu: 0, writebacks });

  it('the kexec CPU\'s plaintext line of the image, written back after the in-place encryption, is stale', () => {
    const r = run(OFF_ON, fixed419, remote([{ cpu: 1, at: 'boot-data' }]));
    expect(r.verdict('CACHE-NO-STALE-WRITEBACK')).toBe('violated');
    expect(r.run.observations.filter((o) => o.kind === 'cache-writeback' && !o.ok).map((o) => o.what)).toEqual([
      'stale plaintext line of kernel on CPU 1', 'stale plaintext line of initrd on CPU 1',
    ]);
  });

  it('once the panicking CPU\'s encrypted line went back first, the kdump kernel then fetches its own text as garbage and crashes', () => {
    const r = run(OFF_ON, fixed419, remote([{ cpu: 0, at: 'boot-data' }, { cpu: 1, at: 'boot-data' }]));
    expect(r.verdict('KDUMP-BOOT')).toBe('violated');
    expect(r.run.stop).toMatchObject({ stage: 'vmcore-init', site: 'kdump kernel text' });
  });

  it('on the same CPU, __enc_copy\'s WBINVD flushes the image first: nothing is stale, whatever relocate_kernel does', () => {
    expect(run(OFF_ON, fixed419, { kexecCpu: 0, panicCpu: 0, writebacks: [{ cpu: 0, at: 'boot-data' }] }).verdict('CACHE-NO-STALE-WRITEBACK')).toBe('holds');
  });

  it('relocate_kernel\'s WBINVD on every SME-capable CPU (83214a775f33) does not reach the kexec CPU; a WBINVD on the stopped CPUs does', () => {
    const at = remote([{ cpu: 1, at: 'boot-data' }]);
    expect(run(OFF_ON, { ...fixed419, 'kexec.relocateWbinvd': 'if-sme-supported' }, at).verdict('CACHE-NO-STALE-WRITEBACK')).toBe('violated');
    const stopped = run(OFF_ON, { ...fixed419, 'crash.stopCpusWbinvd': 'if-sme-supported' }, at);
    expect(stopped.steps.filter((s) => s.includes('crash_nmi_callback'))).toEqual(['[panic] crash_nmi_callback']);
    expect(stopped.verdict('CACHE-NO-STALE-WRITEBACK')).toBe('holds');
  });

  it('on a CPU with SME_COHERENT the in-place encryption invalidates the kexec CPU\'s lines', () => {
    expect(run(OFF_ON, fixed419, remote([{ cpu: 1, at: 'boot-data' }]), true).verdict('CACHE-NO-STALE-WRITEBACK')).not.toBe('violated');
  });
});
