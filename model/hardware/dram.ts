/**
 * Accesses to DRAM through the memory controller's encryption engine.
 *
 * Models: one read and one write function taking the address exactly as the hardware sees it
 * (from a final page-table entry, CR3, a DMA address or an IOMMU register), so the C-bit is an
 * address bit: the engine decrypts on read and encrypts on write iff the C-bit is set and the
 * firmware enabled memory encryption. A read through the other attribute than the data was
 * stored with yields garbage; so does ciphertext read under another key or at another address.
 * The CPUs' caches (cache.ts) sit in front: a write leaves a dirty line with the CPU that made it,
 * a read of a tag meets that tag's lines, and a line written back late can put old data over new.
 * Leaves out: partial pages.
 */
import { type AddrRange, PAGE_SIZE } from './address.ts';
import { type AddressDecoder, addressDecoder, cbitInEffect, dramAddress, type Machine, memoryEncryptionEnabled } from './machine.ts';
import { afterWriteback, afterWrites, type Caches, type Line, onCpu, select, type Selection, shadowedOver, type Writer } from './cache.ts';
import { type Cell, fillAll, firstEndingAfter, type Memory, store, type Stored, storeAll } from './memory.ts';
import { garbage, type Value } from './values.ts';

/** The hardware state the kernels act on. */
export interface Dram {
  readonly machine: Machine;
  /** System RAM as firmware reports it (e820): sorted, disjoint. */
  readonly ram: readonly AddrRange[];
  readonly memory: Memory;
  /** The CPUs' dirty lines; null where no line can ever matter (memory encryption not enabled: one tag only). */
  readonly caches: Caches | null;
}

/** One stretch of a read: what DRAM held there and what the reader got back. */
export interface ReadPiece extends AddrRange {
  readonly stored: Cell;
  /** Did the access go through the encryption engine (C-bit in effect)? */
  readonly encrypted: boolean;
  readonly got: Value;
}

/** What DRAM "holds" where there is no RAM. */
export const NO_RAM: Cell = { value: garbage('no RAM at this address'), cipher: null };

/** What the encryption engine returns for a cell read with or without the C-bit. */
export function decrypt(dram: Dram, cell: Cell, encrypted: boolean): Value {
  const { cipher } = cell;
  if (cipher === null) return encrypted ? garbage('plaintext read through a C-bit mapping') : cell.value;
  if (!encrypted) return garbage('ciphertext read without the C-bit');
  if (cipher.key !== dram.machine.key.generation) return garbage('ciphertext made under another key');
  if (cipher.shift !== 0) return garbage('ciphertext moved from another address');
  return cell.value;
}

/**
 * Append the stretches of RAM that a write of `cell` over [start, end) lands on: writes outside
 * RAM, and at or above the usable address limit (physical address bits less the SME reduction),
 * are lost.
 */
function ramStretches(ram: readonly AddrRange[], limit: number, start: number, end: number, cell: Cell, out: Stored[]): void {
  for (let i = firstEndingAfter(ram, start); i < ram.length; i++) {
    const r = ram[i]!;
    if (r.start >= end) break;
    const from = r.start > start ? r.start : start;
    const to = r.end < end ? r.end : end;
    const top = to < limit ? to : limit;
    if (from < top) out.push({ start: from, end: top, cell });
  }
}

/** The pieces of a read of RAM [start, end): the cells covering it, gaps filled with the background (as memory.ts `load`). */
function readCells(dram: Dram, start: number, end: number, encrypted: boolean, out: ReadPiece[]): void {
  const { ranges, background } = dram.memory;
  let at = start;
  for (let i = firstEndingAfter(ranges, start); i < ranges.length && at < end; i++) {
    const r = ranges[i]!;
    if (r.start >= end) break;
    if (r.start > at) out.push({ start: at, end: r.start, stored: background, encrypted, got: decrypt(dram, background, encrypted) });
    const to = r.end < end ? r.end : end;
    out.push({ start: r.start > at ? r.start : at, end: to, stored: r.cell, encrypted, got: decrypt(dram, r.cell, encrypted) });
    at = to;
  }
  if (at < end) out.push({ start: at, end, stored: background, encrypted, got: decrypt(dram, background, encrypted) });
}

const noRam = (start: number, end: number, encrypted: boolean): ReadPiece => ({ start, end, stored: NO_RAM, encrypted, got: NO_RAM.value });

/** Append the pieces of a read of `length` bytes at hardware address `address`: RAM through `readCells`, holes and RAM at or above the usable limit as no RAM. */
function readInto(dram: Dram, d: AddressDecoder, address: number, length: number, out: ReadPiece[]): void {
  const encrypted = cbitInEffect(d, address);
  const start = dramAddress(d, address, encrypted);
  const end = start + length;
  const { ram } = dram;
  let at = start;
  for (let i = firstEndingAfter(ram, start); i < ram.length && at < end; i++) {
    const r = ram[i]!;
    if (r.start >= end) break;
    if (r.start > at) out.push(noRam(at, r.start, encrypted));
    const from = r.start > at ? r.start : at;
    const to = r.end < end ? r.end : end;
    if (from < d.limit) readCells(dram, from, to < d.limit ? to : d.limit, encrypted, out);
    if (to > d.limit) out.push(noRam(from > d.limit ? from : d.limit, to, encrypted));
    at = to;
  }
  if (at < end) out.push(noRam(at, end, encrypted));
}

/** Read `length` bytes at hardware address `address`. */
export function dramRead(dram: Dram, address: number, length: number): ReadPiece[] {
  const out: ReadPiece[] = [];
  readInto(dram, addressDecoder(dram.machine), address, length, out);
  const { caches } = dram;
  return caches === null || caches.shadowed === 0 ? out : withShadowedLines(caches, out);
}

/** A read's pieces with what the shadowed dirty lines of its tag hold put over what DRAM holds: the CPU reads its cache first. */
function withShadowedLines(caches: Caches, pieces: readonly ReadPiece[]): ReadPiece[] {
  const out: ReadPiece[] = [];
  for (const p of pieces) {
    const lines = shadowedOver(caches, p.start, p.end, p.encrypted).sort((a, b) => a.start - b.start);
    let at = p.start;
    for (const l of lines) {
      const from = l.start > at ? l.start : at;
      const to = l.end < p.end ? l.end : p.end;
      if (from > at) out.push({ start: at, end: from, stored: p.stored, encrypted: p.encrypted, got: p.got });
      out.push({ start: from, end: to, stored: l.cell, encrypted: p.encrypted, got: l.cell.value });
      at = to;
    }
    if (at < p.end) out.push(lines.length === 0 ? p : { start: at, end: p.end, stored: p.stored, encrypted: p.encrypted, got: p.got });
  }
  return out;
}

/** One write as the hardware sees it: `length` bytes of `value` at hardware address `address`. */
export interface DramWrite {
  readonly address: number;
  readonly length: number;
  readonly value: Value;
}

/** Append the stretches of RAM a write lands on, each with the cell the encryption engine stores there. */
function stretchesOf(dram: Dram, d: AddressDecoder, address: number, length: number, value: Value, out: Stored[]): void {
  const encrypted = cbitInEffect(d, address);
  const paddr = dramAddress(d, address, encrypted);
  const cell: Cell = { value, cipher: encrypted ? { key: dram.machine.key.generation, shift: 0 } : null };
  ramStretches(dram.ram, d.limit, paddr, paddr + length, cell, out);
}

/** Who wrote: the CPU running now (the default), a device, or firmware (whose writes are long written back when a kernel runs). */
export type DramWriter = Writer | 'firmware';

const currentCpu = (dram: Dram): Writer => ({ cpu: dram.caches?.cpu ?? 0 });

function withMemory(dram: Dram, stretches: readonly Stored[], writer: DramWriter): Dram {
  if (stretches.length === 0) return dram;
  const caches = dram.caches === null || writer === 'firmware' ? dram.caches : afterWrites(dram.caches, stretches, writer);
  return { machine: dram.machine, ram: dram.ram, memory: storeAll(dram.memory, stretches), caches };
}

/** Write `value` over `length` bytes at hardware address `address`; writes outside RAM are lost. */
export function dramWrite(dram: Dram, address: number, length: number, value: Value, writer: DramWriter = currentCpu(dram)): Dram {
  const stretches: Stored[] = [];
  stretchesOf(dram, addressDecoder(dram.machine), address, length, value, stretches);
  return withMemory(dram, stretches, writer);
}

/** Several writes, one after the other: the same DRAM as `dramWrite` for each in turn. */
export function dramWriteAll(dram: Dram, writes: readonly DramWrite[], writer: DramWriter = currentCpu(dram)): Dram {
  const d = addressDecoder(dram.machine);
  const stretches: Stored[] = [];
  for (const w of writes) stretchesOf(dram, d, w.address, w.length, w.value, stretches);
  return withMemory(dram, stretches, writer);
}

/** The caches with another CPU running. */
export const dramOnCpu = (dram: Dram, cpu: number): Dram =>
  (dram.caches === null || dram.caches.cpu === cpu ? dram : { machine: dram.machine, ram: dram.ram, memory: dram.memory, caches: onCpu(dram.caches, cpu) });

/**
 * Write back the lines `sel` takes (WBINVD of a CPU, CLFLUSH of ranges, or the hardware evicting
 * lines), oldest first, and drop them from the caches: DRAM then holds each line's cell.
 */
export function dramWriteback(dram: Dram, sel: Selection): { dram: Dram; lines: Line[] } {
  if (dram.caches === null) return { dram, lines: [] };
  const { taken, left } = select(dram.caches, sel);
  if (taken.length === 0) return { dram, lines: [] };
  // A line that is not shadowed writes back what DRAM holds under it already: only shadowed ones change it.
  let memory = dram.memory;
  for (const l of taken) if (l.shadowed) memory = store(memory, l.start, l.end, l.cell);
  return { dram: { machine: dram.machine, ram: dram.ram, memory, caches: afterWriteback(dram.caches, taken, left) }, lines: taken };
}

/** One page's worth, for fetches of code and page tables. */
export const dramFetchPage = (dram: Dram, address: number): ReadPiece[] => dramRead(dram, address, PAGE_SIZE);

/**
 * Every page of System RAM now holds `value`, written through the given attribute (a boot-time
 * fill); what was stored inside `keep` (memory firmware owns, which the kernel never writes) stays.
 */
export function dramFill(dram: Dram, encrypted: boolean, value: Value, keep: readonly AddrRange[] = []): Dram {
  const effective = encrypted && memoryEncryptionEnabled(dram.machine);
  const filled = fillAll({ value, cipher: effective ? { key: dram.machine.key.generation, shift: 0 } : null });
  const kept = dram.memory.ranges.filter((r) => keep.some((k) => k.start <= r.start && r.end <= k.end));
  const memory = kept.length === 0 ? filled : { background: filled.background, ranges: kept };
  return { machine: dram.machine, ram: dram.ram, memory, caches: dram.caches === null ? null : afterWrites(dram.caches, fillLine(dram.ram, filled.background), currentCpu(dram)) };
}

/**
 * The dirty line a fill leaves: one line from the first page of RAM to the last. Over holes and
 * over what `keep` keeps it stands for lines that do not exist, which changes nothing: no write
 * lands there to make it stale, and a line that is not stale writes back what DRAM holds. One line
 * rather than one per RAM range, so that a machine with ten thousand ranges keeps a handful of lines.
 */
function fillLine(ram: readonly AddrRange[], cell: Cell): Stored[] {
  return ram.length === 0 ? [] : [{ start: ram[0]!.start, end: ram.at(-1)!.end, cell }];
}
