/**
 * When two runs of one environment are in the same state: then what follows is the same for both,
 * but for the design points each still reads (properties/lazy-explore.ts splits them again where
 * those differ), and the exploration by reads goes on with one of them for both.
 *
 * The state is the machine's context but for the design, compared as data: equal primitives,
 * arrays, plain objects, Maps and Sets of equal members, the same function. The run record counts
 * by what a judgment and the rest of the run can see of it: its stages, stop, halt, how many steps
 * it has (observations carry the step they were made at) and its observation log; the steps' texts
 * are for the trace, which the model never reads and no property judges. Anything else the
 * comparison does not know is the same only if it is the same object, so two states are never
 * taken for one when they could differ.
 */
import type { KdumpContext } from '../model/kernel/context.ts';
import { OBSERVATION_LOG } from '../model/kernel/observation-log.ts';
import { RunRecord } from '../model/kernel/run-log.ts';

const mix = (h: number, x: number): number => Math.imul(h ^ x, 0x01000193) >>> 0;

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** What of a run record the comparison looks at. */
const recordParts = (r: RunRecord): readonly unknown[] => [r.stages, r.stop, r.halted, r.stepCount, r[OBSERVATION_LOG]];

const isPlain = (o: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
};

/** Hashes of the long arrays of states (memory's ranges, logs), which runs in one environment share. */
const arrayHashes = new WeakMap<readonly unknown[], number>();

/** A hash of a value's content: the same for values `same` calls the same. Functions and objects it does not know hash alike. */
function contentHash(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? mix(0x9e3779b9, v | 0) ^ mix(7, (v / 0x100000000) | 0) : stringHash(String(v));
    case 'string':
      return stringHash(v);
    case 'boolean':
      return v ? 0x51 : 0x52;
    case 'object': {
      if (v === null) return 0x55;
      if (v instanceof RunRecord) return contentHash(recordParts(v));
      if (Array.isArray(v)) {
        const known = v.length >= 8 ? arrayHashes.get(v) : undefined;
        if (known !== undefined) return known;
        let h = 0x58;
        for (let i = 0; i < v.length; i++) h = mix(h, contentHash(v[i]));
        if (v.length >= 8) arrayHashes.set(v, h);
        return h;
      }
      if (v instanceof Map || v instanceof Set) return mix(0x59, v.size);
      if (!isPlain(v)) return 0x5a;
      // In any order of the keys, as `same` compares objects.
      let h = 0x811c9dc5;
      for (const k in v) h = (h + mix(stringHash(k), contentHash((v as Record<string, unknown>)[k]))) >>> 0;
      return h;
    }
    default:
      return 0x53;
  }
}

/** How many enumerable keys an object has, without listing them. */
function keyCount(o: object): number {
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const k in o) n++;
  return n;
}

/** What recordParts gives, compared part by part. */
const sameRecords = (a: RunRecord, b: RunRecord): boolean =>
  a.halted === b.halted && a.stepCount === b.stepCount && same(a.stages, b.stages) && same(a.stop, b.stop) && same(a[OBSERVATION_LOG], b[OBSERVATION_LOG]);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof RunRecord || b instanceof RunRecord) return a instanceof RunRecord && b instanceof RunRecord && sameRecords(a, b);
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    const bs = [...b];
    return [...a].every(([k, x], i) => same(k, bs[i]![0]) && same(x, bs[i]![1]));
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
    const bs = [...b];
    return [...a].every((x, i) => same(x, bs[i]));
  }
  if (!isPlain(a) || !isPlain(b)) return false;
  // The same keys (in any order) with the same values, walked without listing the keys.
  let keys = 0;
  for (const k in a) {
    if (!Object.hasOwn(b, k) || !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    keys++;
  }
  return keys === keyCount(b);
}

/** Fields of a context the comparison takes first (where states that differ mostly differ), last (memory, the largest), or not at all. */
const FIRST = new Set(['run', 'gen']);
const LAST = new Set(['dram', 'oldMemory']);
const NOT_STATE = new Set(['env', 'design']);

/**
 * Are two contexts the same state: every field but the environment (one per exploration of it)
 * and the design; the run record and the small fields first, and DRAM last.
 */
function sameFields(a: KdumpContext, b: KdumpContext): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  if (!same(a.run, b.run) || a.gen !== b.gen) return false;
  let keys = 0;
  for (const k in x) {
    keys++;
    if (FIRST.has(k) || LAST.has(k) || NOT_STATE.has(k)) continue;
    if (!Object.hasOwn(y, k) || !same(x[k], y[k])) return false;
  }
  return keys === keyCount(y) && same(a.dram, b.dram) && same(a.oldMemory, b.oldMemory);
}

/**
 * Hashes of states of runs, for telling apart the states one step (an event, or an action of one)
 * made from one state (the parent; null: the initial states): equal for states `sameState` calls
 * the same. Only what the step can have changed costs anything: a field that a state shares with
 * the parent (the same object) is hashed once for all of them, the observation log past the
 * parent's length, and memory not at all (sameState compares it). Keep a hasher for the states one
 * step made.
 */
export function stateHasher(): (c: KdumpContext, parent: KdumpContext | null) => number {
  const parents = new Map<KdumpContext, Map<string, number>>();
  return (c, parent) => {
    const r = c.run;
    let h = mix(mix(mix(contentHash(r.stages), contentHash(r.stop)), r.halted ? 0x51 : 0x52), r.stepCount);
    const log = r[OBSERVATION_LOG];
    for (let i = parent === null ? 0 : parent.run[OBSERVATION_LOG].length; i < log.length; i++) h = mix(h, contentHash(log[i]));
    let known = parent === null ? undefined : parents.get(parent);
    if (parent !== null && known === undefined) parents.set(parent, (known = new Map<string, number>()));
    // The fields sameFields compares, but the run record (hashed above) and memory (left to the comparison).
    for (const k in c) {
      if (k === 'run' || LAST.has(k) || NOT_STATE.has(k)) continue;
      const v = (c as unknown as Record<string, unknown>)[k];
      if (known === undefined || v !== (parent as unknown as Record<string, unknown>)[k]) {
        h = mix(h, contentHash(v));
        continue;
      }
      let fh = known.get(k);
      if (fh === undefined) known.set(k, (fh = contentHash(v)));
      h = mix(h, fh);
    }
    return h;
  };
}

/** A hash of the state of a run, among the states one step made from `parent` (stateHasher). */
export const stateHash = (c: KdumpContext, parent: KdumpContext | null = null): number => stateHasher()(c, parent);

/** Are two runs of the same environment in the same state, but for their designs? */
export const sameState = (a: KdumpContext, b: KdumpContext): boolean => a.env === b.env && sameFields(a, b);
