/**
 * What a page holds, and what a reader gets back.
 *
 * Models: a page holds a token naming who wrote it (region, write generation, page index);
 * DRAM stores it either as plaintext or as ciphertext bound to (key, physical address).
 * Leaves out: bytes. A token stands for a whole page's contents; a range of pages written by
 * one writer is one rule "page i holds token(region, gen, i)".
 */
import { PAGE_SIZE } from './address.ts';

/** Data as software wrote it: page p of the range holds (region, gen, (p - base) / 4 KiB). */
export interface Data {
  readonly kind: 'data';
  readonly region: string;
  readonly gen: number;
  readonly base: number;
}

export type GarbageCause =
  | 'plaintext read through a C-bit mapping'
  | 'ciphertext read without the C-bit'
  | 'ciphertext made under another key'
  | 'ciphertext moved from another address'
  | 'memory never written'
  | 'no RAM at this address';

/** What a mismatched view yields. It never equals any data, nor other garbage. */
export interface Garbage {
  readonly kind: 'garbage';
  readonly cause: GarbageCause;
}

export type Value = Data | Garbage;

export const data = (region: string, gen: number, base: number): Data => ({ kind: 'data', region, gen, base });
const GARBAGE = new Map<GarbageCause, Garbage>();

/** Garbage of a cause. Garbage is plain data that never equals anything, so one frozen value per cause serves every read. */
export function garbage(cause: GarbageCause): Garbage {
  let g = GARBAGE.get(cause);
  if (g === undefined) {
    g = Object.freeze({ kind: 'garbage', cause });
    GARBAGE.set(cause, g);
  }
  return g;
}

/** Equal data, page for page. Garbage equals nothing, itself included. */
export function sameData(a: Value, b: Value): boolean {
  return a.kind === 'data' && b.kind === 'data' && a.region === b.region && a.gen === b.gen && a.base === b.base;
}

/** A value as a trace shows it where it was read at `at`: which page of which write. */
export function showValue(v: Value, at: number): string {
  if (v.kind === 'garbage') return `garbage (${v.cause})`;
  return `${v.region}#${v.gen} page ${(at - v.base) / PAGE_SIZE}`;
}
