/**
 * Accesses to DRAM through the memory controller's encryption engine.
 *
 * Models: one read and one write function taking the address exactly as the hardware sees it
 * (from a final page-table entry, CR3, a DMA address or an IOMMU register), so the C-bit is an
 * address bit: the engine decrypts on read and encrypts on write iff the C-bit is set and the
 * firmware enabled memory encryption. A read through the other attribute than the data was
 * stored with yields garbage; so does ciphertext read under another key or at another address.
 * Leaves out: caches (a cache layer will sit in front of these two functions), partial pages.
 */
import { type AddrRange, PAGE_SIZE } from './address.ts';
import { decodeHardwareAddress, type Machine, memoryEncryptionEnabled, physAddrLimit } from './machine.ts';
import { type Cell, fillAll, load, type Memory, store } from './memory.ts';
import { garbage, type Value } from './values.ts';

/** The hardware state the kernels act on. */
export interface Dram {
  readonly machine: Machine;
  /** System RAM as firmware reports it (e820): sorted, disjoint. */
  readonly ram: readonly AddrRange[];
  readonly memory: Memory;
}

/** One stretch of a read: what DRAM held there and what the reader got back. */
export interface ReadPiece extends AddrRange {
  readonly stored: Cell;
  /** Did the access go through the encryption engine (C-bit in effect)? */
  readonly encrypted: boolean;
  readonly got: Value;
}

const NO_RAM: Cell = { value: garbage('no RAM at this address'), cipher: null };

/** Splits [start, end) into stretches inside RAM (true) and outside it (false). */
function byRam(dram: Dram, start: bigint, end: bigint): { start: bigint; end: bigint; ram: boolean }[] {
  const limit = physAddrLimit(dram.machine);
  const out: { start: bigint; end: bigint; ram: boolean }[] = [];
  let at = start;
  let lo = 0;
  let hi = dram.ram.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dram.ram[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < dram.ram.length && at < end; i++) {
    const r = dram.ram[i]!;
    if (r.start >= end) break;
    if (r.start > at) out.push({ start: at, end: r.start, ram: false });
    const to = r.end < end ? r.end : end;
    out.push({ start: r.start > at ? r.start : at, end: to, ram: to <= limit });
    at = to;
  }
  if (at < end) out.push({ start: at, end, ram: false });
  return out;
}

/** What the encryption engine returns for a cell read with or without the C-bit. */
export function decrypt(dram: Dram, cell: Cell, encrypted: boolean): Value {
  const { cipher } = cell;
  if (cipher === null) return encrypted ? garbage('plaintext read through a C-bit mapping') : cell.value;
  if (!encrypted) return garbage('ciphertext read without the C-bit');
  if (cipher.key !== dram.machine.key.generation) return garbage('ciphertext made under another key');
  if (cipher.shift !== 0n) return garbage('ciphertext moved from another address');
  return cell.value;
}

/** Read `length` bytes at hardware address `address`. */
export function dramRead(dram: Dram, address: bigint, length: bigint): ReadPiece[] {
  const { paddr, encrypted } = decodeHardwareAddress(dram.machine, address);
  const out: ReadPiece[] = [];
  for (const part of byRam(dram, paddr, paddr + length)) {
    const cells = part.ram ? load(dram.memory, part.start, part.end) : [{ ...part, cell: NO_RAM }];
    for (const c of cells) {
      out.push({ start: c.start, end: c.end, stored: c.cell, encrypted, got: part.ram ? decrypt(dram, c.cell, encrypted) : NO_RAM.value });
    }
  }
  return out;
}

/** Write `value` over `length` bytes at hardware address `address`; writes outside RAM are lost. */
export function dramWrite(dram: Dram, address: bigint, length: bigint, value: Value): Dram {
  const { paddr, encrypted } = decodeHardwareAddress(dram.machine, address);
  const cell: Cell = { value, cipher: encrypted ? { key: dram.machine.key.generation, shift: 0n } : null };
  let memory = dram.memory;
  for (const part of byRam(dram, paddr, paddr + length)) {
    if (part.ram) memory = store(memory, part.start, part.end, cell);
  }
  return memory === dram.memory ? dram : { ...dram, memory };
}

/** One page's worth, for fetches of code and page tables. */
export const dramFetchPage = (dram: Dram, address: bigint): ReadPiece[] => dramRead(dram, address, PAGE_SIZE);

/** Two readings of the same range, cut where either one changes: for comparing them page for page. */
export function alignPieces<A extends AddrRange, B extends AddrRange>(a: readonly A[], b: readonly B[]): { start: bigint; end: bigint; a: A; b: B }[] {
  const out: { start: bigint; end: bigint; a: A; b: B }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = x.start > y.start ? x.start : y.start;
    const end = x.end < y.end ? x.end : y.end;
    if (start < end) out.push({ start, end, a: x, b: y });
    if (x.end <= y.end) i++;
    if (y.end <= x.end) j++;
  }
  return out;
}

/** Every RAM page now holds `value`, written through the given attribute (a boot-time fill). */
export function dramFill(dram: Dram, encrypted: boolean, value: Value): Dram {
  const effective = encrypted && memoryEncryptionEnabled(dram.machine);
  return { ...dram, memory: fillAll({ value, cipher: effective ? { key: dram.machine.key.generation, shift: 0n } : null }) };
}
