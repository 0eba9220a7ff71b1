/**
 * The design space: every combination of the options of the points varied (by default the series'
 * nine, with the options of the series), the other points keeping a base design's option, checked
 * under each SME pair and in the SEV guest. For each pair, which designs are fully supported, and
 * which option of each decision point all of them share: the parts of a design that are
 * necessary, derived by running the model rather than asserted.
 *
 * Each cell (design, pair) gets the verdict `check({ design, pairs: [pair], runs, seed })` would
 * give it, from the same environments: generation does not depend on the design, so a pair's
 * environments are generated once, batch by batch exactly as `check` generates them.
 * `exploreSteps` runs each environment under cubes of designs, branching only on the points a run
 * reads (properties/lazy-explore.ts), so a run that stops early, or never consults a point, covers
 * every design that differs there at once. `enumerationSteps` runs every design on each
 * environment, and is the reference the first is checked against. Either way a design is
 * supported when every property expected to hold was exercised and held; once one is broken the
 * design is not, and its remaining runs are skipped.
 */
import { designSpace, platformOfRow, type SupportRow, SUPPORT_ROWS } from '../model/design/design.ts';
import { DECISION_POINT_NAMES, type DecisionPoint, type Decisions, SERIES_OPTIONS, SERIES_POINTS } from '../model/design/registry.ts';
import type { Environment } from '../model/environment.ts';
import { runKdump } from '../model/run.ts';
import { checkEnvironments } from './check.ts';
import { type Cube, cubeDesigns, cubeSize, holds, intersect, optionsIn, type Space, spaceOf, variedPoints } from './cubes.ts';
import { designCubes, HOLDS, judgeHolds, type LazyRow, lazyRowSteps } from './lazy-explore.ts';
import { appliesOn } from './property.ts';
import { runToEnd, runToEndAsync } from './steps.ts';
import type { RowMessage, RowTask } from './explore-worker.ts';
import { Worker } from 'node:worker_threads';

/** The most supported designs a pair's result lists one by one; past it, the cubes say which they are. */
export const LISTED_DESIGNS = 10_000;

export interface ExplorePair {
  readonly pair: SupportRow;
  readonly supportedCount: number;
  /** The supported designs, in the space's order; null when there are more than LISTED_DESIGNS (then `supportedCubes` says which). */
  readonly supportedDesigns: readonly Decisions[] | null;
  /** The option every supported design picks at a point, for the points where they agree. */
  readonly sharedBySupported: Partial<Record<DecisionPoint, string>>;
  /** The supported designs as disjoint cubes (the varied points that mattered, fixed; the rest any), when explored by reads. */
  readonly supportedCubes: readonly Cube[] | null;
}

/** The designs that pick one combination of the options of the `by` points, and how many of them each row supports. */
export interface ExploreGroup {
  readonly options: Readonly<Partial<Record<DecisionPoint, string>>>;
  readonly designs: number;
  /** Supported designs of the group, per row, in the order of `pairs`. */
  readonly supported: readonly number[];
  /** The most rows one design of the group supports: each set no other design's set contains, with how many designs support exactly it. */
  readonly best: readonly { readonly rows: readonly SupportRow[]; readonly designs: number }[];
}

export interface ExploreResult {
  /** The points varied, each with its options. */
  readonly decisionPoints: Readonly<Partial<Record<DecisionPoint, readonly string[]>>>;
  /** The option every design explored keeps at each point not varied. */
  readonly fixed: Readonly<Partial<Record<DecisionPoint, string>>>;
  readonly designs: number;
  readonly runsPerCell: number;
  readonly seed: number;
  readonly pairs: readonly ExplorePair[];
  /** The points the designs are grouped by (`by`), and the groups; empty without `by`. */
  readonly by: readonly DecisionPoint[];
  readonly groups: readonly ExploreGroup[];
  /** Runs of the model made (exploring by reads), or null (enumeration, which makes one per design and environment until a design breaks). */
  readonly runsMade: number | null;
  /** How many designs a run covered, on average (its cube's size), or null for enumeration (one). */
  readonly designsPerRun: number | null;
  readonly interrupted: boolean;
}

export interface ExploreOptions {
  /** The design whose options the points not varied keep. */
  readonly base: Decisions;
  /** The points whose every option is explored (default: the series' nine, SERIES_POINTS, with the options of the series, SERIES_OPTIONS). */
  readonly vary?: readonly DecisionPoint[];
  /** The options explored at a varied point, where not all of them (default: SERIES_OPTIONS when `vary` is not given, else none). */
  readonly only?: Readonly<Partial<Record<DecisionPoint, readonly string[]>>>;
  readonly runs: number;
  readonly seed: number;
  /** Group the designs by their options at these points (each varied): which rows each combination can support. */
  readonly by?: readonly DecisionPoint[];
  /** Cells (design x pair) decided so far, of all of them. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Asked between environments; true ends the exploration with what was decided. */
  readonly shouldStop?: () => boolean;
}

/** Is `design` (a design of the space explored) among a pair's supported designs? */
export const supportsDesign = (pair: ExplorePair, design: Decisions): boolean =>
  pair.supportedCubes !== null ? pair.supportedCubes.some((c) => holds(c, design)) : (pair.supportedDesigns ?? []).some((d) => DECISION_POINT_NAMES.every((p) => d[p] === design[p]));

/** The option every one of `designs` picks, at each of `points` where they agree. */
export function sharedOptions(designs: readonly Decisions[], points: readonly DecisionPoint[] = DECISION_POINT_NAMES): Partial<Record<DecisionPoint, string>> {
  const shared: Partial<Record<DecisionPoint, string>> = {};
  if (designs.length === 0) return shared;
  for (const point of DECISION_POINT_NAMES.filter((p) => points.includes(p))) {
    const first = designs[0]![point];
    if (designs.every((d) => d[point] === first)) shared[point] = first;
  }
  return shared;
}

/** One cell's verdict so far: broken, or which properties expected to hold have been exercised. */
interface Cell {
  readonly decisions: Decisions;
  broken: boolean;
  readonly exercised: boolean[];
}

/**
 * Run one design on one environment; true when the design is now known not to be supported.
 * `applies[i]`: does HOLDS[i] mean anything on the row's platform (else exercising it at all breaks the cell, as `meets` says).
 */
function runCell(cell: Cell, env: Environment, applies: readonly boolean[]): boolean {
  const j = judgeHolds(runKdump(env, cell.decisions).run, applies);
  if (j.broken) return (cell.broken = true);
  j.exercised.forEach((e, i) => (cell.exercised[i] ||= e));
  return false;
}

/** The sets of rows no other set contains, with how many designs support exactly each (rows in the order of `pairs`; the sets by their rows, the first row's lowest). */
function maximalRowSets(rowSets: readonly (readonly SupportRow[])[]): { rows: readonly SupportRow[]; designs: number }[] {
  const counts = new Map<string, { rows: readonly SupportRow[]; designs: number }>();
  for (const rows of rowSets) {
    if (rows.length === 0) continue;
    const entry = counts.get(rows.join(',')) ?? { rows, designs: 0 };
    entry.designs++;
    counts.set(rows.join(','), entry);
  }
  const sets = [...counts.values()];
  const within = (a: readonly SupportRow[], b: readonly SupportRow[]): boolean => a.length < b.length && a.every((r) => b.includes(r));
  const mask = (rows: readonly SupportRow[]): number => rows.reduce((m, r) => m | (1 << SUPPORT_ROWS.indexOf(r)), 0);
  return sets.filter((s) => !sets.some((t) => within(s.rows, t.rows))).sort((a, b) => mask(a.rows) - mask(b.rows));
}

/** The designs grouped by their options at `by`, in the order they were explored, with how many each row supports. */
export function exploreGroups(space: readonly Decisions[], pairs: readonly ExplorePair[], by: readonly DecisionPoint[]): ExploreGroup[] {
  if (by.length === 0) return [];
  const key = (d: Decisions): string => by.map((p) => d[p]).join('\u0000');
  const rowsOf = new Map<Decisions, SupportRow[]>(space.map((d) => [d, []]));
  for (const pair of pairs) for (const d of pair.supportedDesigns ?? []) rowsOf.get(d)?.push(pair.pair);
  const groups = new Map<string, { options: Partial<Record<DecisionPoint, string>>; members: Decisions[] }>();
  for (const d of space) {
    const g = groups.get(key(d)) ?? { options: Object.fromEntries(by.map((p) => [p, d[p]])), members: [] as Decisions[] };
    g.members.push(d);
    groups.set(key(d), g);
  }
  return [...groups.values()].map(({ options, members }) => ({
    options,
    designs: members.length,
    supported: pairs.map((p) => members.filter((d) => rowsOf.get(d)!.includes(p.pair)).length),
    best: maximalRowSets(members.map((d) => rowsOf.get(d)!)),
  }));
}

const fixedOptions = (vary: readonly DecisionPoint[], base: Decisions): Partial<Record<DecisionPoint, string>> =>
  Object.fromEntries(DECISION_POINT_NAMES.filter((p) => !vary.includes(p)).map((p) => [p, base[p]]));

/**
 * The exploration as a sequence of steps, one environment (run under every design still in play)
 * at a time; yields the number of cells decided so far. Stopped by `shouldStop`, a pair not
 * finished lists no supported design, and the result says it was interrupted.
 */
export function* enumerationSteps(options: ExploreOptions): Generator<number, ExploreResult> {
  const vary = options.vary ?? SERIES_POINTS;
  const only = options.only ?? (options.vary === undefined ? SERIES_OPTIONS : {});
  const combos = designSpace(vary, options.base, only);
  const total = combos.length * SUPPORT_ROWS.length;
  let decided = 0;
  let interrupted = false;
  const pairs: ExplorePair[] = [];
  for (const pair of SUPPORT_ROWS) {
    const applies = HOLDS.map((p) => appliesOn(p, [platformOfRow(pair)]));
    // A property with no meaning on the platform counts as exercised: it is never waited for.
    const cells: Cell[] = combos.map((decisions) => ({ decisions, broken: false, exercised: applies.map((a) => !a) }));
    let live = cells;
    for (const env of interrupted ? [] : checkEnvironments(pair, options.runs, options.seed)) {
      if (options.shouldStop?.() === true) {
        interrupted = true;
        break;
      }
      live = live.filter((cell) => !runCell(cell, env, applies));
      options.onProgress?.(decided + cells.length - live.length, total);
      yield decided + cells.length - live.length;
      if (live.length === 0) break;
    }
    const supportedDesigns = interrupted ? [] : cells.filter((c) => !c.broken && c.exercised.every(Boolean)).map((c) => c.decisions);
    if (!interrupted) options.onProgress?.((decided += cells.length), total);
    pairs.push({ pair, supportedCount: supportedDesigns.length, supportedDesigns, sharedBySupported: sharedOptions(supportedDesigns, vary), supportedCubes: null });
  }
  const by = DECISION_POINT_NAMES.filter((p) => options.by?.includes(p) === true);
  return { decisionPoints: spaceOf(vary, only), fixed: fixedOptions(vary, options.base), designs: combos.length, runsPerCell: options.runs, seed: options.seed, pairs, by, groups: exploreGroups(combos, pairs, by), runsMade: null, designsPerRun: null, interrupted };
}

/**
 * The exploration as runs of the model that branch on the points they read
 * (properties/lazy-explore.ts), row by row, environment by environment; yields the environments
 * done, of `runs` per row. The result is enumeration's (a test checks they agree), with the runs
 * made and the designs each covered, worked out from the supported cubes: the space is never
 * listed, and the supported designs only when there are at most LISTED_DESIGNS.
 */
export function* exploreSteps(options: ExploreOptions): Generator<number, ExploreResult> {
  const { space } = spaceOfOptions(options);
  const total = options.runs * SUPPORT_ROWS.length;
  const rows: (LazyRow | null)[] = [];
  let interrupted = false;
  for (const [i, pair] of SUPPORT_ROWS.entries()) {
    const steps = lazyRowSteps(pair, space, options.base, options.runs, options.seed, options.shouldStop);
    let row: LazyRow | null = null;
    while (!interrupted) {
      const r = steps.next();
      if (r.done === true) {
        row = r.value;
        interrupted = row === null;
        break;
      }
      options.onProgress?.(i * options.runs + r.value, total);
      yield i * options.runs + r.value;
    }
    rows.push(row);
  }
  if (!interrupted) options.onProgress?.(total, total);
  return resultOfRows(options, rows, interrupted);
}

/** The points varied and their options, as the options say. */
function spaceOfOptions(options: ExploreOptions): { vary: readonly DecisionPoint[]; space: Space } {
  const vary = options.vary ?? SERIES_POINTS;
  const only = options.only ?? (options.vary === undefined ? SERIES_OPTIONS : {});
  return { vary, space: spaceOf(vary, only) };
}

/** The result of exploring by reads, from each row of SUPPORT_ROWS explored (null: not finished). */
export function resultOfRows(options: ExploreOptions, rows: readonly (LazyRow | null)[], interrupted: boolean): ExploreResult {
  const { vary, space } = spaceOfOptions(options);
  const pairs = SUPPORT_ROWS.map((pair, i): ExplorePair => {
    const cubes = rows[i]?.supported ?? [];
    const count = rows[i]?.supportedCount ?? 0;
    const listed = count > LISTED_DESIGNS ? null : sortedDesigns(cubes.flatMap((c) => cubeDesigns(c, space, options.base)), space);
    return { pair, supportedCount: count, supportedDesigns: listed, sharedBySupported: sharedByCubes(cubes, space, options.base), supportedCubes: cubes };
  });
  const made = rows.reduce((n, r) => n + (r?.runs ?? 0), 0);
  const covered = rows.reduce((n, r) => n + (r?.covered ?? 0), 0);
  const by = DECISION_POINT_NAMES.filter((p) => options.by?.includes(p) === true);
  return { decisionPoints: space, fixed: fixedOptions(vary, options.base), designs: cubeSize({}, space, options.base), runsPerCell: options.runs, seed: options.seed, pairs, by, groups: groupsByCubes(space, options.base, pairs, by), runsMade: made, designsPerRun: made === 0 ? 0 : covered / made, interrupted };
}

/** Designs of `space` in the order designSpace() lists them: by each varied point's options, the registry's first point slowest. */
function sortedDesigns(designs: readonly Decisions[], space: Space): Decisions[] {
  const varied = variedPoints(space);
  return [...designs].sort((a, b) => {
    for (const p of varied) if (a[p] !== b[p]) return space[p]!.indexOf(a[p]) - space[p]!.indexOf(b[p]);
    return 0;
  });
}

/** The option every design of `cubes` picks, at each varied point where they agree. */
function sharedByCubes(cubes: readonly Cube[], space: Space, base: Decisions): Partial<Record<DecisionPoint, string>> {
  if (cubes.length === 0) return {};
  const shared: Partial<Record<DecisionPoint, string>> = {};
  for (const p of variedPoints(space)) {
    const held = new Set(cubes.flatMap((c) => optionsIn(c, p, space, base)));
    if (held.size === 1) shared[p] = [...held][0]!;
  }
  return shared;
}

/**
 * exploreGroups, from the supported cubes: for each combination of the `by` points' options, how
 * many designs it has and each row supports, and the most rows one of its designs supports. The
 * designs supported in exactly a set of rows are counted by inclusion and exclusion over the
 * intersections of the rows' cubes (each row's cubes are disjoint).
 */
function groupsByCubes(space: Space, base: Decisions, pairs: readonly ExplorePair[], by: readonly DecisionPoint[]): ExploreGroup[] {
  let combos: Cube[] = [{}];
  for (const p of by) combos = combos.flatMap((c) => space[p]!.map((o) => ({ ...c, [p]: o })));
  const sizeOf = (cubes: readonly Cube[]): number => cubes.reduce((n, c) => n + cubeSize(c, space, base), 0);
  return combos.filter((combo) => cubeSize(combo, space, base) > 0).map((combo) => {
    const rows = pairs.map((p) => (p.supportedCubes ?? []).flatMap((c) => intersect(c, combo) ?? []).filter((c) => cubeSize(c, space, base) > 0));
    // The designs supported in every row of a set (a bitmask over `pairs`), as cubes.
    const within = new Map<number, Cube[]>([[0, [combo]]]);
    const inAll = (set: number): Cube[] => {
      const known = within.get(set);
      if (known !== undefined) return known;
      const last = 31 - Math.clz32(set);
      const cubes = inAll(set & ~(1 << last)).flatMap((a) => rows[last]!.flatMap((b) => intersect(a, b) ?? [])).filter((c) => cubeSize(c, space, base) > 0);
      within.set(set, cubes);
      return cubes;
    };
    const sets = Array.from({ length: (1 << pairs.length) - 1 }, (_, k) => k + 1);
    const rowsIn = (set: number): number => pairs.filter((_, k) => (set & (1 << k)) !== 0).length;
    const sign = (extra: number): number => (extra % 2 === 0 ? 1 : -1);
    const exactly = new Map(sets.map((set) => [set, sets.filter((t) => (t & set) === set).reduce((n, t) => n + sign(rowsIn(t) - rowsIn(set)) * sizeOf(inAll(t)), 0)]));
    const held = sets.filter((set) => exactly.get(set)! > 0);
    const best = held.filter((set) => !held.some((t) => t !== set && (t & set) === set));
    return {
      options: combo,
      designs: cubeSize(combo, space, base),
      supported: rows.map(sizeOf),
      best: best.map((set) => ({ rows: pairs.filter((_, k) => (set & (1 << k)) !== 0).map((p) => p.pair), designs: exactly.get(set)! })),
    };
  });
}


/** Explore by running every design on every environment (the reference exploring by reads is checked against), synchronously. */
export const exploreByEnumeration = (options: ExploreOptions): ExploreResult => runToEnd(enumerationSteps(options));

/** Explore the design space, synchronously. */
export const explore = (options: ExploreOptions): ExploreResult => runToEnd(exploreSteps(options));

/** Designs a space needs for `exploreAsync` to spread its rows over worker threads: below, starting them costs more than it saves. */
export const PARALLEL_FROM = 100_000;

/**
 * Explore, giving the event loop a turn between environments; with `workers` above one and a
 * space of PARALLEL_FROM designs or more, the rows on that many worker threads (exploreOnWorkers).
 */
export function exploreAsync(options: ExploreOptions, workers = 1): Promise<ExploreResult> {
  const { space } = spaceOfOptions(options);
  return workers > 1 && cubeSize({}, space, options.base) >= PARALLEL_FROM ? exploreOnWorkers(options, workers) : runToEndAsync(exploreSteps(options));
}

/**
 * The point a row is explored in parts by, on worker threads: which system call loads the crash
 * kernel, read at the load, which nearly every run reaches. Runs before a row's split point is read
 * are made once per part: those that stop before the load (50 more of 207,854 on the grown space,
 * stepping by events; split by its first varied point, kexec.crashControlPages, the parts made
 * 1.66 times the runs).
 */
export const SPLIT_AT: DecisionPoint = 'kexec.syscall';

/**
 * The exploration by reads with its rows on `workers` worker threads (properties/explore-worker.ts).
 * Each row is explored in parts, one for each option of SPLIT_AT where it is varied (a design's
 * runs do not depend on what else is explored, so the parts are exact, and a row as long as on/on
 * is shared between threads; `runsMade` counts each part's runs): each thread takes the next part
 * not yet taken, rows in the order of SUPPORT_ROWS. A row's parts are put together as one row (the same cubes, from the same designs,
 * designCubes); the result is exploreSteps'. Progress counts the environments done in every part;
 * `shouldStop` is asked after each, as exploreSteps asks it, and ends the workers. `onRow` hears
 * of each row as it is done.
 */
export function exploreOnWorkers(options: ExploreOptions, workers: number, onRow?: (pair: SupportRow) => void): Promise<ExploreResult> {
  const { space } = spaceOfOptions(options);
  const url = new URL(import.meta.url.endsWith('.ts') ? './explore-worker-tsx.mjs' : './explore-worker.mjs', import.meta.url);
  const at = (space[SPLIT_AT]?.length ?? 0) > 1 ? SPLIT_AT : undefined;
  const parts: Space[] = at === undefined ? [space] : space[at]!.map((o) => ({ ...space, [at]: [o] }));
  const tasks: RowTask[] = SUPPORT_ROWS.flatMap((pair) => parts.map((part) => ({ pair, space: part, base: options.base, runs: options.runs, seed: options.seed }))).map((t, id) => ({ id, ...t }));
  const total = options.runs * SUPPORT_ROWS.length;
  const results = new Map<number, LazyRow>();
  const rows = new Map<SupportRow, LazyRow>();
  const done = tasks.map(() => 0);
  const queue = [...tasks];
  /** A row from its parts: their runs and covered designs added up, their cubes (each with its part's option) as one row's. */
  const rowOf = (pair: SupportRow): LazyRow => {
    const of = tasks.filter((t) => t.pair === pair).map((t) => results.get(t.id)!);
    const cubes = of.flatMap((r, i) => r.supported.map((c) => (at === undefined ? c : { ...c, [at]: parts[i]![at]![0]! })));
    const joined = designCubes(cubes, space, options.base);
    return { pair, supported: joined.cubes, supportedCount: joined.count, runs: of.reduce((n, r) => n + r.runs, 0), covered: of.reduce((n, r) => n + r.covered, 0) };
  };
  return new Promise((resolve, reject) => {
    const threads: Worker[] = [];
    let ended = false;
    const end = (then: () => void): void => {
      if (ended) return;
      ended = true;
      for (const t of threads) void t.terminate();
      then();
    };
    const finished = (interrupted: boolean): void => end(() => resolve(resultOfRows(options, SUPPORT_ROWS.map((p) => rows.get(p) ?? null), interrupted)));
    const stopAsked = (): boolean => {
      if (options.shouldStop?.() !== true) return false;
      finished(true);
      return true;
    };
    const next = (thread: Worker): void => {
      const task = queue.shift();
      if (task !== undefined) thread.postMessage(task);
      else if (rows.size === SUPPORT_ROWS.length) {
        options.onProgress?.(total, total);
        finished(false);
      }
    };
    for (let i = 0; i < Math.min(workers, tasks.length); i++) {
      const thread = new Worker(url);
      threads.push(thread);
      thread.on('error', (e) => end(() => reject(e)));
      thread.on('message', (m: RowMessage) => {
        if (ended) return;
        if (m.kind === 'error') return end(() => reject(new Error(m.message)));
        if (m.kind === 'progress') done[m.id] = m.done;
        else {
          results.set(m.id, m.row);
          done[m.id] = options.runs;
          const pair = tasks[m.id]!.pair;
          if (tasks.every((t) => t.pair !== pair || results.has(t.id))) {
            rows.set(pair, rowOf(pair));
            onRow?.(pair);
          }
        }
        options.onProgress?.(Math.min(Math.floor(done.reduce((n, d) => n + d, 0) / parts.length), total - 1), total);
        if (!stopAsked() && m.kind === 'row') next(thread);
      });
      next(thread);
    }
  });
}
