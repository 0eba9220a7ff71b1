/**
 * Exhaustive where finite: every SME flag combination and every event order (up to the bound
 * below) on small canonical layouts, enumerated with xstate/graph, with every property judged
 * at every reached state.
 *
 * The bound is an abstraction of the state: two snapshots are the same state when they are in
 * the same machine state and agree on whether a crash image is loaded, how many loads there
 * were (0, 1, 2 or more), which kinds of device DMA happened, and which dump reads were made.
 * Repeating an event whose effect the abstraction already holds therefore adds no new state,
 * so simple paths cover each event order in which every such effect happens at most once.
 */
import { kernelMappings, STANDARD_MAPPINGS } from '../model/kernel-mappings.ts';
import type { SnapshotFrom } from 'xstate';
import { type AdjacencyValue, getAdjacencyMap } from 'xstate/graph';
import { type Design, pairOf, SME_PAIRS, type SmePair } from '../model/design/design.ts';
import { type Environment, type KdumpEvent, NO_EVICTIONS, smeWouldBeActive } from '../model/environment.ts';
import type { Cpu } from '../model/hardware/machine.ts';
import type { KdumpContext } from '../model/kernel/context.ts';
import { kdumpMachine } from '../model/kernel/system.ts';
import { stateName } from '../model/run.ts';
import { PACKED_SETUP_DATA } from '../model/setup-data.ts';
import { buildLayout, type LayoutShape, NON_SME_CPUS, SME_CPUS } from './arbitraries/index.ts';
import { CATALOG } from './catalog/index.ts';

export const EVENT_ALPHABET: readonly KdumpEvent[] = [
  { type: 'KEXEC_LOAD_CRASH' },
  { type: 'KEXEC_UNLOAD_CRASH' },
  { type: 'DEVICE_DMA', target: 'oldmem', slot: 7, pages: 2 },
  { type: 'DEVICE_DMA', target: 'swiotlb', slot: 3, pages: 1 },
  { type: 'PANIC' },
  { type: 'READ_VMCORE' },
  { type: 'MMAP_VMCORE' },
];

const SMALL: LayoutShape = { cpus: 2, crashkernelMiB: 64, crashkernelHigh: false, notesHigh: false, lowExtraPages: 98_304, lowGaps: [0, 0, 0, 0], decryptedPages: [1], highRanges: [] };
const SPLIT: LayoutShape = { ...SMALL, crashkernelHigh: true, notesHigh: true, highRanges: [{ holePages: 1, sizeLog2: 31, sizeFrac: 0 }] };

/** The canonical layouts: one low RAM range; and a low range plus one above 4 GiB holding crashkernel and notes. */
export const CANONICAL_LAYOUTS = { 'one-range': buildLayout(SMALL), 'two-ranges': buildLayout(SPLIT) } as const;

/** The first kernel's usual tables on each canonical layout. */
const CANONICAL_PAGE_TABLES = {
  'one-range': kernelMappings(CANONICAL_LAYOUTS['one-range'], STANDARD_MAPPINGS),
  'two-ranges': kernelMappings(CANONICAL_LAYOUTS['two-ranges'], STANDARD_MAPPINGS),
} as const;

/** Every CPU/firmware/mem_encrypt combination, with IOMMU translation on and off. */
export function flagCombinations(layoutName: keyof typeof CANONICAL_LAYOUTS): Environment[] {
  const out: Environment[] = [];
  for (const model of [SME_CPUS[0]!, NON_SME_CPUS[0]!]) {
    for (const firmwareSme of [true, false]) {
      for (const firstKernelMemEncrypt of [true, false]) {
        for (const kdumpKernelMemEncrypt of [true, false]) {
          for (const iommuTranslation of [true, false]) {
            const cpu: Cpu = { ...model, cpus: 2 };
            out.push({ platform: 'sme-host', cpu, firmwareSme, firstKernelMemEncrypt, kdumpKernelMemEncrypt, iommuTranslation, layout: CANONICAL_LAYOUTS[layoutName], setupData: PACKED_SETUP_DATA, pageTables: CANONICAL_PAGE_TABLES[layoutName], caches: NO_EVICTIONS, events: [] });
          }
        }
      }
    }
  }
  return out;
}

/** The abstraction of a state described in the header. */
export function abstractState(snapshot: { value: unknown; context: KdumpContext }): string {
  const c = snapshot.context;
  const sites = new Set<string>();
  for (const s of c.run.steps) sites.add(s.site);
  const loads = Math.min(2, c.loadedImages.length);
  const dma = ['phys_to_dma', 'swiotlb_tbl_map_single'].filter((site) => sites.has(site)).join('+');
  const dump = ['copy_oldmem_page', 'copy_oldmem_page_encrypted', 'remap_oldmem_pfn_range'].filter((site) => sites.has(site)).join('+');
  return `${stateName(snapshot.value)}|loaded=${c.kimage !== null}|loads=${loads}|dma=${dma}|dump=${dump}`;
}

type PropertyCounts = Record<string, { exercised: number; violated: number }>;

export interface PairCounts {
  readonly environments: number;
  readonly states: number;
  /** Per property: reached states where it was exercised, and where it was violated. */
  readonly properties: Readonly<PropertyCounts>;
}

export interface ExhaustiveCounts {
  readonly design: string;
  readonly layout: string;
  readonly environments: number;
  readonly states: number;
  readonly paths: number;
  readonly byPair: Readonly<Record<SmePair, PairCounts>>;
}

type Snapshot = SnapshotFrom<typeof kdumpMachine>;
type Adjacency = Record<string, AdjacencyValue<Snapshot, KdumpEvent>>;

/**
 * The number of simple paths from the initial state to every state (the empty path included),
 * counted over xstate/graph's adjacency map; the same number `getSimplePaths` returns, without
 * building each path.
 */
export function countSimplePaths(adjacency: Adjacency, initial: string, keyOf: (snapshot: Snapshot) => string = abstractState): number {
  // Each state's successors, worked out once: a state is visited once per simple path through it,
  // and abstracting a snapshot costs far more than a step of the walk.
  const successors = new Map<string, readonly string[]>();
  const next = (key: string): readonly string[] => {
    let out = successors.get(key);
    if (out === undefined) successors.set(key, (out = Object.values(adjacency[key]?.transitions ?? {}).map((t) => keyOf(t.state))));
    return out;
  };
  const onPath = new Set<string>();
  const visit = (key: string): number => {
    onPath.add(key);
    let n = 1;
    for (const s of next(key)) if (!onPath.has(s)) n += visit(s);
    onPath.delete(key);
    return n;
  };
  return visit(initial);
}

/** Enumerate every flag combination and event order on one canonical layout under a design. */
export function exhaustive(design: Design, layoutName: keyof typeof CANONICAL_LAYOUTS): ExhaustiveCounts {
  const emptyProps = (): PropertyCounts => Object.fromEntries(CATALOG.map((p) => [p.id, { exercised: 0, violated: 0 }]));
  const byPair = Object.fromEntries(SME_PAIRS.map((pair) => [pair, { environments: 0, states: 0, properties: emptyProps() }])) as Record<SmePair, { environments: number; states: number; properties: PropertyCounts }>;
  let states = 0;
  let paths = 0;
  const envs = flagCombinations(layoutName);
  for (const env of envs) {
    // xstate/graph abstracts every snapshot it reaches; counting the paths asks again for the same ones.
    const keys = new WeakMap<Snapshot, string>();
    const keyOf = (snapshot: Snapshot): string => {
      let key = keys.get(snapshot);
      if (key === undefined) keys.set(snapshot, (key = abstractState(snapshot)));
      return key;
    };
    const options = { input: { env, design: design.decisions }, events: EVENT_ALPHABET, serializeState: keyOf };
    const adjacency = getAdjacencyMap(kdumpMachine, options) as Adjacency;
    const stateKeys = Object.keys(adjacency);
    const cell = byPair[pairOf(smeWouldBeActive(env, env.firstKernelMemEncrypt), smeWouldBeActive(env, env.kdumpKernelMemEncrypt))];
    cell.environments++;
    cell.states += stateKeys.length;
    states += stateKeys.length;
    for (const key of stateKeys) {
      const { run } = adjacency[key]!.state.context;
      for (const p of CATALOG) {
        const j = p.judge(run);
        if (j.status !== 'unexercised') cell.properties[p.id]!.exercised++;
        if (j.status === 'violated') cell.properties[p.id]!.violated++;
      }
    }
    paths += countSimplePaths(adjacency, stateKeys[0]!, keyOf);
  }
  return { design: design.name, layout: layoutName, environments: envs.length, states, paths, byPair };
}
