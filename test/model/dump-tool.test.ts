/**
 * The dump tool's walk of the first kernel's page tables through /proc/vmcore (dump-tool.ts):
 * what each C-bit option finds, in both paging modes and every leaf size, and what a broken
 * table in an environment file does to it.
 */
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Decisions } from '../../model/design/registry.ts';
import type { Environment } from '../../model/environment.ts';
import { environmentFromJson, environmentToJson, EnvironmentError } from '../../model/environment-json.ts';
import { type KernelMappingsShape, STANDARD_MAPPINGS } from '../../model/kernel-mappings.ts';
import type { Observation, Run } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import { environmentArb } from '../../properties/arbitraries/index.ts';
import { DUMPTOOL_VTOP } from '../../properties/catalog/dump-tool.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario, TYPICAL_EVENTS } from '../../scenarios/machines/index.ts';
import { PACKED_SETUP_DATA } from '../../model/setup-data.ts';

const dl385 = machineScenario('hp-dl385-gen10');
const onDl385 = (first: boolean, kdump: boolean, mappings: KernelMappingsShape = STANDARD_MAPPINGS): Environment =>
  environmentOn(dl385, { firstKernel: first, kdumpKernel: kdump }, TYPICAL_EVENTS, PACKED_SETUP_DATA, mappings);
const design = (name: string, changes: Partial<Decisions> = {}): Decisions => ({ ...preset(name).decisions, ...changes });
const toolReads = (run: Run): Observation[] => run.observations.filter((o) => o.kind === 'dumptool-read');
/** Why the tool refused, or null when it read something. */
const why = (o: Observation): string | null => (o.got.kind === 'refused' ? o.got.why : null);
const toolSteps = (run: Run): string[] => run.steps.filter((s) => s.stage === 'dump-tool').map((s) => `${s.site}: ${s.text}`);

describe('the dump tool on the DL385, SME on in both kernels', () => {
  it('with the draft\'s mask (the kdump kernel\'s C-bit) finds all four lookups through read() and mmap()', () => {
    const { run } = runKdump(onDl385(true, true), design('sme-kdump-v7'));
    expect(DUMPTOOL_VTOP.judge(run)).toEqual({ status: 'holds', exercised: 8 });
    expect(toolSteps(run)[0]).toContain('strips the kdump kernel\'s own C-bit (0x800000000000)');
    // The entries the tool read carry the C-bit the first kernel wrote into them.
    expect(toolSteps(run)[1]).toMatch(/^__vtop4_x86_64: 0xffffea[0-9a-f]+ \(mem_map .*\): pgd\[468\]=0x80000200[0-9a-f]{4} -> pud\[\d+\]=0x8000/);
  });

  it('with makedumpfile 1.6.3 (ENTRY_MASK only) cannot read the first PUD: the C-bit puts it above every PT_LOAD', () => {
    const { run } = runKdump(onDl385(true, true), design('sme-kdump-v7-makedumpfile-1.6.3'));
    const j = DUMPTOOL_VTOP.judge(run);
    expect(j.status).toBe('violated');
    if (j.status !== 'violated') return;
    expect(why(j.observation)).toMatch(/^readpage_elf: Attempt to read non-existent page at 0x800002001000 .*; __vtop4_x86_64: Can't get pud_pte \(pud_paddr:0x800002001/);
  });

  it('with the kernel\'s sme_mask and makedumpfile d222b01 finds them; the same tool on a kernel that does not export it does not', () => {
    expect(DUMPTOOL_VTOP.judge(runKdump(onDl385(true, true), design('linux-5.1-makedumpfile-1.6.6')).run).status).toBe('holds');
    const { run } = runKdump(onDl385(true, true), design('linux-5.1-makedumpfile-1.6.6', { 'vmcoreinfo.smeMask': 'absent' }));
    expect(toolSteps(run)[0]).toContain('finds no NUMBER(sme_mask) in vmcoreinfo and strips no C-bit');
    expect(DUMPTOOL_VTOP.judge(run).status).toBe('violated');
  });

  it('prints vmcoreinfo as the first kernel wrote it, NUMBER(sme_mask) in decimal as VMCOREINFO_NUMBER does', () => {
    const { run } = runKdump(onDl385(true, true), design('linux-5.1-makedumpfile-1.6.6'));
    expect(toolSteps(run)[0]).toBe('read_vmcoreinfo: makedumpfile (read() of /proc/vmcore): SYMBOL(init_top_pgt)=0xffffffff82000000 NUMBER(phys_base)=0x0 NUMBER(pgtable_l5_enabled)=0 NUMBER(sme_mask)=140737488355328; the tool strips NUMBER(sme_mask)=0x800000000000 from every entry and physical address');
  });

  it('with vmcoreinfo read as garbage by the kdump kernel (without patch 4/4) translates nothing', () => {
    const { run } = runKdump(onDl385(true, true), design('sme-kdump-v7-without-patch-4'));
    expect(toolSteps(run)[0]).toContain('the vmcoreinfo note in /proc/vmcore is garbage');
    expect(toolReads(run).every((o) => o.got.kind === 'refused' && o.got.why.includes('SYMBOL(init_top_pgt) not found'))).toBe(true);
  });
});

describe('paging modes and leaf sizes', () => {
  const shapes: KernelMappingsShape[] = [
    { ...STANDARD_MAPPINGS, levels: 5 },
    { ...STANDARD_MAPPINGS, directMapLeaf: 'pmd', vmemmapLeaf: 'pte' },
    { ...STANDARD_MAPPINGS, levels: 5, directMapLeaf: 'pte', vmemmapLeaf: 'pte' },
  ];
  it.each(shapes)('$levels-level, direct map $directMapLeaf, vmemmap $vmemmapLeaf: holds with a mask that matches, fails without', (shape) => {
    const env = onDl385(true, true, shape);
    expect(DUMPTOOL_VTOP.judge(runKdump(env, design('sme-kdump-v7')).run)).toEqual({ status: 'holds', exercised: 8 });
    expect(DUMPTOOL_VTOP.judge(runKdump(env, design('linux-5.1-makedumpfile-1.6.6')).run)).toEqual({ status: 'holds', exercised: 8 });
    expect(DUMPTOOL_VTOP.judge(runKdump(env, design('sme-kdump-v7-makedumpfile-1.6.3')).run).status).toBe('violated');
  });
});

const OPTIONS: Partial<Decisions>[] = (['absent', 'exported'] as const).flatMap((v) =>
  (['ignored', 'from-vmcoreinfo', 'kdump-kernel-mask'] as const).map((t) => ({ 'vmcoreinfo.smeMask': v, 'dumptool.smeMask': t })));

// A mask of 0 strips nothing: with SME off in both kernels every option finds every address.
test.prop([environmentArb(['off/off'])], { numRuns: 60 })('off/off holds for every vmcoreinfo and dump-tool option', (env) => {
  for (const o of OPTIONS) {
    const j = DUMPTOOL_VTOP.judge(runKdump(env, design('sme-kdump-v7', o)).run);
    expect(j.status, JSON.stringify(o)).not.toBe('violated');
  }
});

test.prop([environmentArb(['on/on'])], { numRuns: 60 })('on/on: the draft\'s mask and the exported one hold, ENTRY_MASK alone never does', (env) => {
  const ran = (o: Partial<Decisions>) => DUMPTOOL_VTOP.judge(runKdump(env, design('sme-kdump-v7', o)).run).status;
  const hasRead = env.events.some((e) => e.type === 'READ_VMCORE' || e.type === 'MMAP_VMCORE') && env.events.some((e) => e.type === 'KEXEC_LOAD_CRASH');
  if (!hasRead) return;
  if (ran({}) === 'unexercised') return;
  expect(ran({})).toBe('holds');
  expect(ran({ 'vmcoreinfo.smeMask': 'exported', 'dumptool.smeMask': 'from-vmcoreinfo' })).toBe('holds');
  expect(ran({ 'dumptool.smeMask': 'ignored' })).toBe('violated');
});

describe('broken tables in an environment file', () => {
  const json = () => environmentToJson(onDl385(true, true));
  const load = (edit: (j: ReturnType<typeof json>) => void): Environment => {
    const j = json();
    edit(j);
    return environmentFromJson(j, 'mine.json');
  };
  const firstWrong = (env: Environment): Observation => {
    const j = DUMPTOOL_VTOP.judge(runKdump(env, design('sme-kdump-v7')).run);
    if (j.status !== 'violated') throw new Error(`expected a violation, got ${j.status}`);
    return j.observation;
  };

  it('an entry pointing outside RAM: the tool cannot read the next table, and says so', () => {
    const env = load((j) => { j.pageTables.tables[0]!.entries[0]!.to = '0x4000000000'; });
    const o = firstWrong(env);
    expect(why(o)).toContain('Attempt to read non-existent page at 0x4000000000');
  });

  it('a loop (a PUD entry pointing back at init_top_pgt): the walk goes astray, and the first kernel\'s own tables do not map the address either', () => {
    const env = load((j) => {
      const pud = j.pageTables.tables.find((t) => t.page === j.pageTables.tables[0]!.entries[0]!.to)!;
      pud.entries[0]!.to = j.pageTables.top;
      pud.entries[0]!.leaf = false;
    });
    const o = firstWrong(env);
    expect(o.got.kind).toBe('refused');
  });

  it('a virtual address the tables do not map: the tool\'s "Can\'t get a valid" and the first kernel\'s own verdict', () => {
    const env = load((j) => { j.pageTables.lookups.push({ what: 'an unmapped vmalloc address', va: '0xffffc9ffff000000' }); });
    const o = firstWrong(env);
    expect(why(o)).toMatch(/Can't get a valid pgd .*the first kernel's own tables do not map it either/);
  });

  it('an entry index past 511, a table outside RAM, a lookup in no area: one-line errors', () => {
    const bad = (edit: (j: ReturnType<typeof json>) => void) => {
      try { load(edit); } catch (e) { expect(e).toBeInstanceOf(EnvironmentError); return (e as Error).message; }
      throw new Error('no error');
    };
    expect(bad((j) => { j.pageTables.tables[0]!.entries[0]!.index = 512; })).toMatch(/^mine.json: "pageTables.tables.0.entries.0.index": /);
    expect(bad((j) => { j.pageTables.tables[1]!.page = '0x9000000000'; })).toBe('mine.json: impossible environment: pageTables.tables[1] at 0x9000000000 is not in the first kernel\'s RAM (outside RAM, or in the crashkernel region)');
    expect(bad((j) => { j.pageTables.lookups[0]!.va = '0x1000'; })).toMatch(/^mine.json: impossible environment: pageTables.lookups\[0\] 0x1000 .* is in none of the kernel's areas/);
    expect(bad((j) => { j.pageTables.top = '0x5000'; })).toBe('mine.json: impossible environment: pageTables.top 0x5000 is not one of pageTables.tables');
  });
});

it('the tool\'s reads need the kdump kernel: never reached without a panic into it', () => {
  const env = environmentOn(dl385, { firstKernel: true, kdumpKernel: true }, [{ type: 'PANIC' }, { type: 'READ_VMCORE' }]);
  expect(DUMPTOOL_VTOP.judge(runKdump(env, design('sme-kdump-v7')).run)).toEqual({ status: 'unexercised' });
});
