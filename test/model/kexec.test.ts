/**
 * `kexec -p` and the crash path (model/kernel/kexec.ts, kimage.ts, crash.ts): where the crash image
 * sits in the crashkernel region, through which attribute each part of it is written, what the
 * steps of a trace say about it, and what relocate_kernel and purgatory get back when they fetch
 * it through the identity map.
 */
import { describe, expect, it } from 'vitest';
import type { Decisions } from '../../model/design/registry.ts';
import { environmentFromJson } from '../../model/environment-json.ts';
import type { Environment, KdumpEvent } from '../../model/environment.ts';
import { data, dramRead, KiB, MiB, PAGE_SIZE, sameData } from '../../model/hardware/index.ts';
import type { KdumpContext } from '../../model/kernel/context.ts';
import { crashSaveNotes, machineCrashShutdown, purgatory, relocateKernel } from '../../model/kernel/crash.ts';
import { kexecLoadCrash, kexecUnloadCrash } from '../../model/kernel/kexec.ts';
import { elfCoreHeader, IDENTITY_TABLES, type Kimage, kimageFootprint, loaded, placeKimage, segment } from '../../model/kernel/kimage.ts';
import type { Observation, Step } from '../../model/kernel/run.ts';
import { runKdump, runSnapshots } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';
import { PACKED_SETUP_DATA_JSON, TEST_FIRMWARE_JSON, withFirstKernel } from './firmware-fixture.ts';

const dl385 = machineScenario('hp-dl385-gen10');
const v7 = preset('sme-kdump-v7').decisions;
const LOAD: KdumpEvent = { type: 'KEXEC_LOAD_CRASH' };
const PANIC: KdumpEvent = { type: 'PANIC' };
const CBIT = 2 ** 47;

const onDl385 = (sme: boolean, events: readonly KdumpEvent[] = [LOAD, PANIC]): Environment =>
  environmentOn(dl385, { firstKernel: sme, kdumpKernel: sme }, events);

/** The first kernel as booted, before any event: the context the kexec and crash functions start from. */
function booted(env: Environment, design: Decisions): KdumpContext {
  const [first] = runSnapshots({ ...env, events: [] }, design);
  return first!.context;
}

/** The crash image placed in `layout`, as a load of generation `gen` with identity entries carrying `mask`. */
const imageOf = (layout: Environment['layout'], gen: number, mask: number): Kimage =>
  ({ ...placeKimage(layout), gen, controlEncrypted: false, segmentsEncrypted: false, firstKernelSme: null, identityEntryMask: mask, syscall: 'kexec_load', boot: { memmap: [], leftOut: [], setupData: [] } });

const stepLine = (s: Step): string => `[${s.stage}] ${s.site}: ${s.text}`;
const stepsOf = (c: KdumpContext, stage: Step['stage']): string[] => c.run.frozen().steps.filter((s) => s.stage === stage).map(stepLine);
const fetchLine = (o: Observation): string => `${o.site} ${o.what} [0x${o.range.start.toString(16)}-0x${o.range.end.toString(16)}) ${o.written}/${o.read} ${o.ok ? 'ok' : 'WRONG'}`;

/**
 * A one-CPU machine whose firmware enabled SME, so that the usable physical address space ends at
 * 2 GiB (36 address bits less 5), while RAM goes on to 4 GiB. `crashkernelAt` places the crashkernel
 * region, which may straddle or pass that limit.
 */
function reducedLimitMachine(crashkernelAt: number, events: readonly KdumpEvent[] = [LOAD, PANIC]): Environment {
  const hex = (a: number) => `0x${a.toString(16)}`;
  return environmentFromJson(withFirstKernel({
    cpu: { name: 'test CPU, 36 address bits, 5 lost to SME', smeSupported: true, cbit: 35, physAddrReduction: 5, physAddrBits: 36, smeCoherent: false, cpus: 1 },
    firmwareSme: true,
    firstKernelMemEncrypt: false,
    kdumpKernelMemEncrypt: false,
    iommuTranslation: true,
    layout: {
      ram: [{ start: '0x100000', end: '0x100000000' }],
      crashkernel: { start: hex(crashkernelAt), end: hex(crashkernelAt + 64 * MiB) },
      iommuDevTable: { start: '0x10000000', end: '0x10200000' },
      swiotlb: { start: '0x20000000', end: '0x24000000' },
      decryptedPages: [],
      crashNotes: { start: '0x30000000', end: '0x30001000' },
      vmcoreinfo: { start: '0x30001000', end: '0x30002000' },
      firmware: TEST_FIRMWARE_JSON,
    },
    setupData: PACKED_SETUP_DATA_JSON,
    events,
  }, 0x1000000), 'reduced-limit test machine');
}

const TWO_GIB = 0x80000000;
/** Control pages, kernel, initrd and purgatory: the image up to where boot_params starts. */
const UP_TO_BOOT_PARAMS = 4 * PAGE_SIZE + 12 * MiB + 20 * MiB + 16 * KiB;

describe('the crash image in the crashkernel region', () => {
  const layout = onDl385(true).layout;
  const k = imageOf(layout, 7, CBIT);

  it('takes the control-code page, then the PGD, PUD and PMD pages, from the start of the region', () => {
    expect(k.controlCodePage).toEqual({ start: 0x25000000, end: 0x25001000 });
    expect(k.pageTables).toEqual([
      { start: 0x25001000, end: 0x25002000 },
      { start: 0x25002000, end: 0x25003000 },
      { start: 0x25003000, end: 0x25004000 },
    ]);
    expect(IDENTITY_TABLES).toEqual(['identity PGD', 'identity PUD', 'identity PMD']);
  });

  it('places kernel, initrd, purgatory, boot_params and the ELF core header after them, back to back', () => {
    expect(k.segments.map((s) => [s.name, s.range.start, s.range.end])).toEqual([
      ['kernel', 0x25004000, 0x25c04000],
      ['initrd', 0x25c04000, 0x27004000],
      ['purgatory', 0x27004000, 0x27008000],
      ['boot_params', 0x27008000, 0x2700c000],
      ['elfcorehdr', 0x2700c000, 0x2700d000],
    ]);
    expect(k.segments.at(-1)!.range.end - layout.crashkernel.start).toBe(kimageFootprint(4, 8));
  });

  it('carries the load\'s generation and identity-entry mask', () => {
    const before = booted(onDl385(true), { ...v7, 'kexec.identityMapCbit': 'always' });
    expect(kexecLoadCrash(before).kimage).toMatchObject({ gen: before.gen + 1, identityEntryMask: CBIT, segments: k.segments });
    expect(kexecLoadCrash(booted(onDl385(true), v7)).kimage).toMatchObject({ identityEntryMask: 0, segments: k.segments });
  });

  it('says in its ELF core header: old memory as PT_LOADs, and a PT_NOTE for each CPU then vmcoreinfo', () => {
    expect(k.elf.loads).toEqual([
      { start: 0x1000, end: 0x9f000 },
      { start: 0x100000, end: 0x25000000 },
      { start: 0x35000000, end: 0x80000000 },
      { start: 0x100000000, end: 0x880000000 },
    ]);
    expect(k.elf.notes.map((n) => [n.what, n.range.start])).toEqual([
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((cpu) => [`crash notes of CPU ${cpu}`, 0x840000000 + cpu * PAGE_SIZE]),
      ['vmcoreinfo', 0x83fff0000],
    ]);
    expect(k.elf.notes.every((n) => n.range.end - n.range.start === PAGE_SIZE)).toBe(true);
    expect(elfCoreHeader(layout)).toEqual(k.elf);
  });

  it('gives a segment by name, and refuses a name the image does not have', () => {
    expect(segment(k, 'purgatory')).toEqual({ start: 0x27004000, end: 0x27008000 });
    const withoutInitrd: Kimage = { ...k, segments: k.segments.filter((s) => s.name !== 'initrd') };
    expect(() => segment(withoutInitrd, 'initrd')).toThrow(new Error('crash image has no initrd segment'));
  });

  it('expects a reader to find, in any region of it, the token of that region written by this load', () => {
    expect(loaded(k, 'kernel', segment(k, 'kernel'))).toEqual(data('kernel', 7, 0x25004000));
  });
});

describe('the size of the crash image', () => {
  const FIXED = 4 * PAGE_SIZE + 12 * MiB + 20 * MiB + 16 * KiB + 16 * KiB;

  it('holds the ELF core header in one page up to 72 program headers (64 + 56 * 72 bytes = 4096)', () => {
    expect(kimageFootprint(4, 8)).toBe(FIXED + PAGE_SIZE);
    expect(kimageFootprint(1, 70)).toBe(FIXED + PAGE_SIZE);
  });

  it('needs a second page for the 73rd program header', () => {
    expect(kimageFootprint(1, 71)).toBe(FIXED + 2 * PAGE_SIZE);
    expect(kimageFootprint(2, 71)).toBe(FIXED + 2 * PAGE_SIZE);
  });
});

describe('the ELF core header segment', () => {
  const dl385Layout = onDl385(true).layout;
  /** The DL385's four PT_LOADs with the notes of `cpus` CPUs, plus vmcoreinfo. */
  const withCpus = (cpus: number) => ({ ...dl385Layout, crashNotes: { start: 0x840000000, end: 0x840000000 + cpus * PAGE_SIZE } });
  const elfSegment = (cpus: number) => segment(placeKimage(withCpus(cpus)), 'elfcorehdr');

  it('is one page for 4 PT_LOADs, 67 CPUs\' notes and vmcoreinfo: 72 program headers fill it exactly', () => {
    expect(elfSegment(67)).toEqual({ start: 0x2700c000, end: 0x2700d000 });
  });

  it('is two pages from the 68th CPU on', () => {
    expect(elfSegment(68)).toEqual({ start: 0x2700c000, end: 0x2700e000 });
  });
});

describe('kexec -p', () => {
  it('builds the kdump kernel\'s boot data, then writes control pages and segments decrypted under sme-kdump-v7, in these steps', () => {
    const c = kexecLoadCrash(booted(onDl385(true), v7));
    expect(stepsOf(c, 'kexec-load')).toEqual([
      '[kexec-load] get_crash_memory_ranges: kexec_load: the kdump kernel\'s e820 in boot_params: [0x9f000-0x9ffff] reserved, [0xe0000-0xfffff] reserved, [0x25000000-0x34ffffff] usable, [0x80000000-0x800fffff] ACPI data, [0x80100000-0x801fffff] ACPI NVS, [0x80200000-0x8fffffff] reserved',
      '[kexec-load] add_setup_data: setup_data chain: SETUP_EFI header at 0x2700a000, payload 0x2700a010+96',
      '[kexec-load] clflush_cache_range: set_memory_decrypted: CLFLUSH of [0x25000000-0x25000fff], [0x25001000-0x25001fff], [0x25002000-0x25002fff], [0x25003000-0x25003fff], [0x25004000-0x25c03fff], [0x25c04000-0x27003fff], [0x27004000-0x27007fff], [0x27008000-0x2700bfff], [0x2700c000-0x2700cfff] through the encrypted mapping: 9 dirty line(s) written back: encrypted line of ram on CPU 0 [0x25000000-0x25000fff], encrypted line of ram on CPU 0 [0x25001000-0x25001fff], encrypted line of ram on CPU 0 [0x25002000-0x25002fff], encrypted line of ram on CPU 0 [0x25003000-0x25003fff] and 5 more',
      '[kexec-load] kimage_alloc_crash_control_pages: control pages [0x25000000-0x25003fff] written decrypted; identity map entries without the C-bit',
      '[kexec-load] kimage_load_crash_segment: kernel [0x25004000-0x25c03fff] written decrypted',
      '[kexec-load] kimage_load_crash_segment: initrd [0x25c04000-0x27003fff] written decrypted',
      '[kexec-load] kimage_load_crash_segment: purgatory [0x27004000-0x27007fff] written decrypted',
      '[kexec-load] kimage_load_crash_segment: boot_params [0x27008000-0x2700bfff] written decrypted',
      '[kexec-load] kimage_load_crash_segment: elfcorehdr [0x2700c000-0x2700cfff] written decrypted',
      '[kexec-load] clflush_cache_range: set_memory_encrypted: CLFLUSH of [0x25004000-0x25c03fff], [0x25c04000-0x27003fff], [0x27004000-0x27007fff], [0x27008000-0x2700bfff], [0x2700c000-0x2700cfff] through the decrypted mapping: 5 dirty line(s) written back: plaintext line of kernel on CPU 0 [0x25004000-0x25c03fff], plaintext line of initrd on CPU 0 [0x25c04000-0x27003fff], plaintext line of purgatory on CPU 0 [0x27004000-0x27007fff], plaintext line of boot_params on CPU 0 [0x27008000-0x2700bfff] and 1 more',
    ]);
  });

  it('writes them through the encrypted direct map under linux-4.19', () => {
    const c = kexecLoadCrash(booted(onDl385(true), preset('linux-4.19').decisions));
    expect(stepsOf(c, 'kexec-load')[2]).toBe('[kexec-load] kimage_alloc_crash_control_pages: control pages [0x25000000-0x25003fff] written through the encrypted direct map; identity map entries without the C-bit');
    expect(stepsOf(c, 'kexec-load')[3]).toBe('[kexec-load] kimage_load_crash_segment: kernel [0x25004000-0x25c03fff] written encrypted');
  });

  it('gives the identity map\'s entries the C-bit when the design asks for it and SME is active', () => {
    const c = kexecLoadCrash(booted(onDl385(true), { ...v7, 'kexec.identityMapCbit': 'always' }));
    expect(c.kimage!.identityEntryMask).toBe(CBIT);
    expect(stepsOf(c, 'kexec-load')[3]).toBe('[kexec-load] kimage_alloc_crash_control_pages: control pages [0x25000000-0x25003fff] written decrypted; identity map entries with the C-bit');
  });

  it('has no C-bit to give them when SME is not active', () => {
    const c = kexecLoadCrash(booted(onDl385(false), { ...v7, 'kexec.identityMapCbit': 'always' }));
    expect(c.kimage!.identityEntryMask).toBe(0);
    expect(stepsOf(c, 'kexec-load').find((line) => line.includes('kimage_alloc_crash_control_pages'))).toMatch(/identity map entries without the C-bit$/);
  });

  it('leaves in DRAM what a reader with the matching attribute gets back: decrypted parts without the C-bit, encrypted ones with it', () => {
    const plain = kexecLoadCrash(booted(onDl385(true), v7));
    const k = plain.kimage!;
    const kernel = segment(k, 'kernel');
    const readKernel = (c: KdumpContext, address: number) => dramRead(c.dram, address, kernel.end - kernel.start);
    expect(readKernel(plain, kernel.start).every((p) => sameData(p.got, loaded(k, 'kernel', kernel)))).toBe(true);
    expect(readKernel(plain, kernel.start + CBIT).some((p) => sameData(p.got, loaded(k, 'kernel', kernel)))).toBe(false);

    const enc = kexecLoadCrash(booted(onDl385(true), { ...v7, 'kexec.crashControlPages': 'encrypted', 'kexec.crashSegments': 'encrypted' }));
    expect(readKernel(enc, kernel.start + CBIT).every((p) => sameData(p.got, loaded(enc.kimage!, 'kernel', kernel)))).toBe(true);
    expect(readKernel(enc, kernel.start).some((p) => sameData(p.got, loaded(enc.kimage!, 'kernel', kernel)))).toBe(false);
    const [pgd] = dramRead(enc.dram, k.pageTables[0]!.start + CBIT, PAGE_SIZE);
    expect(pgd!.got).toEqual(data('identity PGD', enc.kimage!.gen, k.pageTables[0]!.start));
  });

  it('gives each load a new generation and remembers every image loaded', () => {
    const once = kexecLoadCrash(booted(onDl385(true), v7));
    const twice = kexecLoadCrash(once);
    expect(twice.kimage!.gen).toBeGreaterThan(once.kimage!.gen);
    expect(twice.gen).toBe(twice.kimage!.gen);
    expect(twice.loadedImages.map((k) => k.gen)).toEqual([once.kimage!.gen, twice.kimage!.gen]);
  });

  it('unloads the image with kimage_free, and the pages keep what the load wrote', () => {
    const loadedCtx = kexecLoadCrash(booted(onDl385(true), v7));
    const freed = kexecUnloadCrash(loadedCtx);
    expect(freed.kimage).toBeNull();
    const k = loadedCtx.kimage!;
    const held = (c: KdumpContext) => dramRead(c.dram, k.controlCodePage.start, k.segments.at(-1)!.range.end - k.controlCodePage.start).map((p) => p.got);
    expect(held(freed)).toEqual(held(loadedCtx));
    // arch_kexec_pre_free_pages(): set_memory_encrypted() of the control pages, which flushes their plaintext lines first.
    expect(stepsOf(freed, 'kexec-load').slice(-2)).toEqual([
      '[kexec-load] kimage_free: crash image unloaded',
      '[kexec-load] clflush_cache_range: set_memory_encrypted: CLFLUSH of [0x25000000-0x25000fff], [0x25001000-0x25001fff], [0x25002000-0x25002fff], [0x25003000-0x25003fff] through the decrypted mapping: 4 dirty line(s) written back: plaintext line of relocate_kernel code on CPU 0 [0x25000000-0x25000fff], plaintext line of identity PGD on CPU 0 [0x25001000-0x25001fff], plaintext line of identity PUD on CPU 0 [0x25002000-0x25002fff], plaintext line of identity PMD on CPU 0 [0x25003000-0x25003fff]',
    ]);
  });
});

describe('the panic', () => {
  const loadedCtx = kexecLoadCrash(booted(onDl385(true), v7));

  it('saves the notes of every CPU and vmcoreinfo through the direct map, encrypted under SME', () => {
    const c = crashSaveNotes(loadedCtx);
    const { crashNotes, vmcoreinfo } = c.env.layout;
    expect(stepsOf(c, 'panic')).toEqual([
      '[panic] crash_save_cpu: notes of 8 CPU(s) [0x840000000-0x840007fff] and vmcoreinfo [0x83fff0000-0x83fff0fff] written through the direct map',
    ]);
    expect(c.gen).toBe(loadedCtx.gen + 1);
    expect(dramRead(c.dram, crashNotes.start + CBIT, crashNotes.end - crashNotes.start).map((p) => p.got)).toEqual([data('crash_notes', c.gen, crashNotes.start)]);
    expect(dramRead(c.dram, vmcoreinfo.start + CBIT, PAGE_SIZE).map((p) => p.got)).toEqual([data('vmcoreinfo', c.gen, vmcoreinfo.start)]);
  });

  it('freezes old memory as it stands after the notes are saved', () => {
    const saved = crashSaveNotes(loadedCtx);
    const c = machineCrashShutdown(saved);
    expect(c.oldMemory).toBe(saved.dram.memory);
    expect(stepsOf(c, 'panic').at(-1)).toBe('[panic] machine_crash_shutdown: other CPUs stopped; old memory frozen');
  });

  it('cannot take the crash path without a crash image', () => {
    const none = booted(onDl385(true), v7);
    expect(() => relocateKernel(none)).toThrow(new Error('the crash path ran without a crash image'));
    expect(() => purgatory(none)).toThrow(new Error('the crash path ran without a crash image'));
  });
});

describe('relocate_kernel', () => {
  const relocation = (env: Environment, design: Decisions) => runKdump(env, design).run.observations.filter((o) => o.kind === 'relocation-fetch').map(fetchLine);

  it('fetches the control code through the direct map, walks PGD, PUD and PMD, and fetches the code again through the identity map', () => {
    const { run } = runKdump(onDl385(true), v7);
    expect(run.steps.filter((s) => s.stage === 'relocation').map(stepLine)).toEqual([
      '[relocation] relocate_kernel: CR3 <- 0x25001000 (PA_TABLE_PAGE); walk the identity map to the control code',
      '[relocation] identity_mapped: WBINVD on CPU 0: 20 dirty line(s) written back: encrypted line of ram on CPU 0 [0x1000-0x97fff], encrypted line of ram on CPU 0 [0x9a000-0x1ffffff], encrypted line of ram on CPU 0 [0x2009000-0x24ffffff], encrypted line of ram on CPU 0 [0x2700d000-0x6affffff] and 16 more',
    ]);
    expect(relocation(onDl385(true), v7)).toEqual([
      'relocate_kernel control code via the direct map [0x25000000-0x25001000) plaintext/plaintext ok',
      'relocate_kernel identity PGD [0x25001000-0x25002000) plaintext/plaintext ok',
      'relocate_kernel identity PUD [0x25002000-0x25003000) plaintext/plaintext ok',
      'relocate_kernel identity PMD [0x25003000-0x25004000) plaintext/plaintext ok',
      'relocate_kernel control code via the identity map [0x25000000-0x25001000) plaintext/plaintext ok',
    ]);
  });

  it('records every fetch as made by the relocate_kernel step, and every purgatory read by purgatory\'s step', () => {
    const { run } = runKdump(onDl385(true), v7);
    const madeBy = (kind: Observation['kind']) => [...new Set(run.observations.filter((o) => o.kind === kind).map((o) => stepLine(run.steps[o.step]!)))];
    expect(madeBy('relocation-fetch')).toEqual(['[relocation] relocate_kernel: CR3 <- 0x25001000 (PA_TABLE_PAGE); walk the identity map to the control code']);
    expect(madeBy('purgatory-read')).toEqual(['[purgatory] verify_sha256_digest: purgatory runs on the identity map and checks every segment\'s SHA-256 digest']);
  });

  it('fetches encrypted control code through the encrypted direct map, then hangs on the PGD that CR3 reaches without the C-bit', () => {
    const design = preset('linux-4.19').decisions;
    expect(relocation(onDl385(true), design)).toEqual([
      'relocate_kernel control code via the direct map [0x25000000-0x25001000) encrypted/encrypted ok',
      'relocate_kernel identity PGD [0x25001000-0x25002000) encrypted/plaintext WRONG',
    ]);
    const { run, state } = runKdump(onDl385(true), design);
    expect(state).toBe('stopped');
    expect(run.stop).toEqual({ stage: 'relocation', site: 'relocate_kernel', reason: 'the CPU fetched garbage from the identity PGD at [0x25001000-0x25001fff]: the machine hangs' });
  });

  it('hangs on the PUD when the PGD entry pointing to it carries a C-bit the plaintext tables were not written with', () => {
    const design = { ...v7, 'kexec.identityMapCbit': 'always' } as const;
    expect(relocation(onDl385(true), design)).toEqual([
      'relocate_kernel control code via the direct map [0x25000000-0x25001000) plaintext/plaintext ok',
      'relocate_kernel identity PGD [0x25001000-0x25002000) plaintext/plaintext ok',
      'relocate_kernel identity PUD [0x25002000-0x25003000) plaintext/encrypted WRONG',
    ]);
    expect(runKdump(onDl385(true), design).run.stop!.reason).toBe('the CPU fetched garbage from the identity PUD at [0x25002000-0x25002fff]: the machine hangs');
  });

  it('hangs at once when the control code lies above the usable physical address limit', () => {
    const env = reducedLimitMachine(TWO_GIB);
    expect(relocation(env, v7)).toEqual(['relocate_kernel control code via the direct map [0x80000000-0x80001000) no RAM/plaintext WRONG']);
    expect(runKdump(env, v7).run.stop!.reason).toBe('the CPU fetched garbage from the control code via the direct map at [0x80000000-0x80000fff]: the machine hangs');
  });
});

describe('purgatory', () => {
  const purgatorySteps = (r: ReturnType<typeof runKdump>) => r.run.steps.filter((s) => s.stage === 'purgatory').map(stepLine);
  const reads = (r: ReturnType<typeof runKdump>) => r.run.observations.filter((o) => o.kind === 'purgatory-read').map(fetchLine);

  it('reads its own code and checks the digest of every other segment through the identity map', () => {
    const r = runKdump(onDl385(true), v7);
    expect(purgatorySteps(r)).toEqual(['[purgatory] verify_sha256_digest: purgatory runs on the identity map and checks every segment\'s SHA-256 digest']);
    expect(reads(r)).toEqual([
      'purgatory purgatory code [0x27004000-0x27008000) plaintext/plaintext ok',
      'verify_sha256_digest kernel segment [0x25004000-0x25c04000) plaintext/plaintext ok',
      'verify_sha256_digest initrd segment [0x25c04000-0x27004000) plaintext/plaintext ok',
      'verify_sha256_digest boot_params segment [0x27008000-0x2700c000) plaintext/plaintext ok',
      'verify_sha256_digest elfcorehdr segment [0x2700c000-0x2700d000) plaintext/plaintext ok',
    ]);
    expect(r.run.stop).toBeNull();
  });

  it('hangs when its own code was written encrypted and is fetched through the identity map without the C-bit', () => {
    const r = runKdump(onDl385(true), { ...v7, 'kexec.crashSegments': 'encrypted' });
    expect(reads(r)).toEqual(['purgatory purgatory code [0x27004000-0x27008000) encrypted/plaintext WRONG']);
    expect(r.state).toBe('stopped');
    expect(r.run.stop).toEqual({ stage: 'purgatory', site: 'purgatory', reason: 'purgatory\'s own code is garbage through the identity map: the machine hangs' });
  });

  it('reads every segment through the identity map, with the C-bit its entries carry', () => {
    // Called on its own: with C-bit entries relocate_kernel never gets this far on an SME host.
    const design = { ...v7, 'kexec.identityMapCbit': 'always', 'kexec.crashSegments': 'encrypted' } as const;
    const c = purgatory(kexecLoadCrash(booted(onDl385(true), design)));
    expect(c.run.stop).toBeNull();
    expect(c.run.frozen().observations.filter((o) => o.kind === 'purgatory-read').map(fetchLine)).toEqual([
      'purgatory purgatory code [0x27004000-0x27008000) encrypted/encrypted ok',
      'verify_sha256_digest kernel segment [0x25004000-0x25c04000) encrypted/encrypted ok',
      'verify_sha256_digest initrd segment [0x25c04000-0x27004000) encrypted/encrypted ok',
      'verify_sha256_digest boot_params segment [0x27008000-0x2700c000) encrypted/encrypted ok',
      'verify_sha256_digest elfcorehdr segment [0x2700c000-0x2700d000) encrypted/encrypted ok',
    ]);
  });

  it('loops forever on the first segment whose digest does not match: boot_params beyond the usable address limit', () => {
    const r = runKdump(reducedLimitMachine(TWO_GIB - UP_TO_BOOT_PARAMS), v7);
    expect(reads(r).map((line) => line.replace(/ \[.*\)/, ''))).toEqual([
      'purgatory purgatory code plaintext/plaintext ok',
      'verify_sha256_digest kernel segment plaintext/plaintext ok',
      'verify_sha256_digest initrd segment plaintext/plaintext ok',
      'verify_sha256_digest boot_params segment no RAM/plaintext WRONG',
    ]);
    expect(r.state).toBe('stopped');
    expect(r.run.stop).toEqual({ stage: 'purgatory', site: 'verify_sha256_digest', reason: 'the SHA-256 digest of the boot_params segment does not match: purgatory loops forever' });
  });
});
