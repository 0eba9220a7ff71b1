/**
 * Environments as JSON: addresses as hex strings, so a counterexample or a machine scenario is a
 * file a person can read and edit. Parsing checks shape with a schema, then that the layout can
 * exist; problems come back as one-line messages.
 */
import { z } from 'zod';
import { type AddrRange, hex, showSize, size } from './hardware/address.ts';
import type { Cpu } from './hardware/machine.ts';
import { type Environment, environmentProblem, type Layout, layoutProblem, NO_EVICTIONS, oldMemoryRanges, PLATFORMS } from './environment.ts';
import { FIRMWARE_TYPES, type Firmware, TABLE_NAMES } from './firmware.ts';
import { SETUP_DATA_TYPES } from './setup-data.ts';
import { MAX_LOOKUPS, MAX_TABLES, type PageTables, showVa } from './page-tables.ts';
import { kimageFootprint } from './kernel/kimage.ts';
import { STAGES } from './kernel/run.ts';

/**
 * Addresses are numbers (see address.ts): every page-aligned 64-bit address is exact as one, and
 * an address that is not exact cannot be page aligned.
 */
const HEX_ADDRESS = /^0x[0-9a-fA-F]{1,16}$/;
const exactAsNumber = (s: string): boolean => !HEX_ADDRESS.test(s) || Number.isSafeInteger(Number(s)) || BigInt(Number(s)) === BigInt(s);
const hexAddress = z
  .string()
  .regex(HEX_ADDRESS, 'expected a hex address like "0x1000"')
  .refine(exactAsNumber, 'expected a page-aligned address');
const rangeSchema = z.strictObject({ start: hexAddress, end: hexAddress });

export const cpuSchema = z.strictObject({
  name: z.string(),
  smeSupported: z.boolean(),
  cbit: z.int().min(32).max(63),
  physAddrReduction: z.int().min(0).max(63),
  physAddrBits: z.int().min(32).max(64),
  /** Absent in files written before the cache model: a CPU without it (first-generation EPYC). */
  smeCoherent: z.boolean().optional(),
  cpus: z.int().min(1).max(8192),
});

const cpuNumber = z.int().min(0).max(8191);

/** Absent in files written before the cache model: everything on CPU 0, nothing written back early. */
const cachesSchema = z.strictObject({
  kexecCpu: cpuNumber,
  panicCpu: cpuNumber,
  writebacks: z.array(z.strictObject({ cpu: cpuNumber, region: z.string().min(1).max(100).optional(), at: z.enum(STAGES) })).max(10_000),
});

const firmwareSchema = z.strictObject({
  efi: z.boolean(),
  ranges: z.array(z.strictObject({ type: z.enum(FIRMWARE_TYPES), range: rangeSchema })).max(10_000),
  tables: z.array(z.strictObject({ name: z.enum(TABLE_NAMES), range: rangeSchema })).max(TABLE_NAMES.length),
});

/** A byte offset, written in hex like an address but with no alignment asked of it (setup-data.ts checks it). */
const hexOffset = z.string().regex(/^0x[0-9a-fA-F]{1,5}$/, 'expected a hex offset like "0x80"');

const setupDataSchema = z.array(z.strictObject({ type: z.enum(SETUP_DATA_TYPES), offset: hexOffset })).max(SETUP_DATA_TYPES.length);

const pageTablesSchema = z.strictObject({
  levels: z.union([z.literal(4), z.literal(5)]),
  top: hexAddress,
  tables: z.array(z.strictObject({
    page: hexAddress,
    entries: z.array(z.strictObject({ index: z.int().min(0).max(511), to: hexAddress, leaf: z.boolean() })).max(512),
  })).max(MAX_TABLES),
  lookups: z.array(z.strictObject({ what: z.string().max(200), va: z.string().regex(HEX_ADDRESS, 'expected a hex virtual address like "0xffffea0000000000"') })).max(MAX_LOOKUPS),
});

export const layoutSchema = z.strictObject({
  ram: z.array(rangeSchema).min(1).max(100_000),
  crashkernel: rangeSchema,
  iommuDevTable: rangeSchema,
  swiotlb: rangeSchema,
  decryptedPages: z.array(rangeSchema).max(10_000),
  crashNotes: rangeSchema,
  vmcoreinfo: rangeSchema,
  kernelImage: rangeSchema,
  firmware: firmwareSchema,
});

const eventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('KEXEC_LOAD_CRASH') }),
  z.strictObject({ type: z.literal('KEXEC_UNLOAD_CRASH') }),
  z.strictObject({ type: z.literal('DEVICE_DMA'), target: z.enum(['oldmem', 'swiotlb']), slot: z.int().min(0), pages: z.int().min(1).max(1 << 20) }),
  z.strictObject({ type: z.literal('PANIC') }),
  z.strictObject({ type: z.literal('READ_VMCORE') }),
  z.strictObject({ type: z.literal('MMAP_VMCORE') }),
]);

export const environmentSchema = z.strictObject({
  /** Absent in files written before the SEV guest model: an SME host. */
  platform: z.enum(PLATFORMS).optional(),
  cpu: cpuSchema,
  firmwareSme: z.boolean(),
  firstKernelMemEncrypt: z.boolean(),
  kdumpKernelMemEncrypt: z.boolean(),
  iommuTranslation: z.boolean(),
  layout: layoutSchema,
  setupData: setupDataSchema,
  pageTables: pageTablesSchema,
  caches: cachesSchema.optional(),
  events: z.array(eventSchema).max(10_000),
});

export type EnvironmentJson = z.infer<typeof environmentSchema>;
type RangeJson = z.infer<typeof rangeSchema>;

const toRange = (r: RangeJson): AddrRange => ({ start: Number(r.start), end: Number(r.end) });
const fromRange = (r: AddrRange): RangeJson => ({ start: hex(r.start), end: hex(r.end) });

const firmwareFromJson = (j: z.infer<typeof firmwareSchema>): Firmware => ({
  efi: j.efi,
  ranges: j.ranges.map((f) => ({ type: f.type, range: toRange(f.range) })),
  tables: j.tables.map((t) => ({ name: t.name, range: toRange(t.range) })),
});

const firmwareToJson = (f: Firmware): z.infer<typeof firmwareSchema> => ({
  efi: f.efi,
  ranges: f.ranges.map((r) => ({ type: r.type, range: fromRange(r.range) })),
  tables: f.tables.map((t) => ({ name: t.name, range: fromRange(t.range) })),
});

export function layoutFromJson(j: z.infer<typeof layoutSchema>): Layout {
  return {
    ram: j.ram.map(toRange),
    crashkernel: toRange(j.crashkernel),
    iommuDevTable: toRange(j.iommuDevTable),
    swiotlb: toRange(j.swiotlb),
    decryptedPages: j.decryptedPages.map(toRange),
    crashNotes: toRange(j.crashNotes),
    vmcoreinfo: toRange(j.vmcoreinfo),
    kernelImage: toRange(j.kernelImage),
    firmware: firmwareFromJson(j.firmware),
  };
}

export function layoutToJson(l: Layout): z.infer<typeof layoutSchema> {
  return {
    ram: l.ram.map(fromRange),
    crashkernel: fromRange(l.crashkernel),
    iommuDevTable: fromRange(l.iommuDevTable),
    swiotlb: fromRange(l.swiotlb),
    decryptedPages: l.decryptedPages.map(fromRange),
    crashNotes: fromRange(l.crashNotes),
    vmcoreinfo: fromRange(l.vmcoreinfo),
    kernelImage: fromRange(l.kernelImage),
    firmware: firmwareToJson(l.firmware),
  };
}

const pageTablesFromJson = (j: z.infer<typeof pageTablesSchema>): PageTables => ({
  levels: j.levels,
  top: Number(j.top),
  tables: j.tables.map((t) => ({ page: Number(t.page), entries: t.entries.map((e) => ({ index: e.index, to: Number(e.to), leaf: e.leaf })) })),
  lookups: j.lookups.map((l) => ({ what: l.what, va: BigInt(l.va) })),
});

export const pageTablesToJson = (pt: PageTables): z.infer<typeof pageTablesSchema> => ({
  levels: pt.levels,
  top: hex(pt.top),
  tables: pt.tables.map((t) => ({ page: hex(t.page), entries: t.entries.map((e) => ({ index: e.index, to: hex(e.to), leaf: e.leaf })) })),
  lookups: pt.lookups.map((l) => ({ what: l.what, va: showVa(l.va) })),
});

export function environmentToJson(env: Environment): EnvironmentJson {
  return {
    ...env,
    cpu: { ...env.cpu },
    layout: layoutToJson(env.layout),
    setupData: env.setupData.map((s) => ({ type: s.type, offset: hex(s.offset) })),
    pageTables: pageTablesToJson(env.pageTables),
    caches: { kexecCpu: env.caches.kexecCpu, panicCpu: env.caches.panicCpu, writebacks: env.caches.writebacks.map((w) => ({ ...w })) },
    events: env.events.map((e) => ({ ...e })),
  };
}

/** An input that does not describe a possible environment, with a one-line reason. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export function issueLine(issue: z.core.$ZodIssue, where: string): string {
  const path = issue.path.map(String).join('.');
  return `${where}${path === '' ? '' : `: "${path}"`}: ${issue.message}`;
}

/** Parse and check an environment; `where` names it in messages. */
export function environmentFromJson(json: unknown, where: string): Environment {
  const parsed = environmentSchema.safeParse(json);
  if (!parsed.success) throw new EnvironmentError(issueLine(parsed.error.issues[0]!, where));
  const j = parsed.data;
  const cpu: Cpu = { ...j.cpu, smeCoherent: j.cpu.smeCoherent ?? false };
  const setupData = j.setupData.map((s) => ({ type: s.type, offset: Number(s.offset) }));
  const caches = j.caches ?? NO_EVICTIONS;
  const env: Environment = { ...j, platform: j.platform ?? 'sme-host', cpu, layout: layoutFromJson(j.layout), setupData, pageTables: pageTablesFromJson(j.pageTables), caches, events: j.events };
  const problem = layoutProblem(env.layout, cpu);
  if (problem !== null) throw new EnvironmentError(`${where}: impossible layout: ${problem}`);
  const envProblem = environmentProblem(env);
  if (envProblem !== null) throw new EnvironmentError(`${where}: impossible environment: ${envProblem}`);
  const need = kimageFootprint(oldMemoryRanges(env.layout).length, cpu.cpus);
  if (size(env.layout.crashkernel) < need) {
    throw new EnvironmentError(`${where}: impossible layout: the crashkernel region (${showSize(size(env.layout.crashkernel))}) cannot hold the crash image (${showSize(need)})`);
  }
  return env;
}
