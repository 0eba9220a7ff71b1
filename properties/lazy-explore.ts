/**
 * Exploring the design space by what runs read. A run is given a design whose varied points are
 * unset until the model consults one (model/design/recorder.ts); there the run splits, one way for
 * each option some design it stands for picks, and each way stands for the designs picking that
 * option. A point a run never consults does not split it, so a run stands for a cube of designs
 * (the points it read, fixed; every other varied point, free), and all of them share its verdicts.
 *
 * A row is explored over the environments `check` would generate for it, as enumeration does
 * (properties/explore.ts). The designs still in play, each with the properties its runs have
 * exercised, are one decision diagram (properties/design-diagrams.ts): at first every design of
 * the space (decisionsProblem passing). Each environment runs them all as one tree
 * (exploreEnvironment), one action of the machine at a time: splits are run again from the state
 * before the action that read the point, not from the start; runs that come to the same state go
 * on as one; a run whose observations already break the row stops. Afterwards the live designs
 * are those of the runs that did not break, with what each run exercised. At the end the live designs that exercised every property
 * expected to hold are the supported designs, given as cubes.
 */
import { platformOfRow, type SupportRow } from '../model/design/design.ts';
import { recordingDesign } from '../model/design/recorder.ts';
import type { DecisionPoint, Decisions } from '../model/design/registry.ts';
import type { Environment } from '../model/environment.ts';
import type { Run } from '../model/kernel/run.ts';
import type { KdumpContext } from '../model/kernel/context.ts';
import { kdumpDriver } from '../model/run.ts';
import type { Driven, Partway } from '../model/drive.ts';
import { CATALOG } from './catalog/index.ts';
import { checkEnvironments } from './check.ts';
import { type Cube, cubeSize, mergeAlike, type Space } from './cubes.ts';
import { DesignDiagrams, type DesignSet, NO_DESIGNS } from './design-diagrams.ts';
import { appliesOn } from './property.ts';
import { sameState, stateHasher } from './same-state.ts';

export interface LazyRow {
  readonly pair: SupportRow;
  /** The supported designs, as disjoint cubes (each with at least one design). */
  readonly supported: readonly Cube[];
  readonly supportedCount: number;
  /** Runs of the model made for this row. */
  readonly runs: number;
  /** The designs the runs covered, added up (a design counts once for each run whose cube holds it). */
  readonly covered: number;
}

/** The properties expected to hold: a design is supported in a row when each that means something there was exercised and held. */
export const HOLDS = CATALOG.filter((p) => p.expectation.kind === 'holds');

/** What one run says of a design in a row, property by property of HOLDS. */
export interface RunJudgment {
  /** A property expected to hold is violated, or one with no meaning on the platform was exercised. */
  readonly broken: boolean;
  /** HOLDS[i] was exercised and held. */
  readonly exercised: readonly boolean[];
}

/** Judge a run by HOLDS; `applies[i]`: does HOLDS[i] mean anything on the row's platform (else exercising it at all breaks the design, as `meets` says). */
export function judgeHolds(run: Run, applies: readonly boolean[]): RunJudgment {
  let broken = false;
  const exercised = applies.map(() => false);
  for (let i = 0; i < HOLDS.length; i++) {
    const j = HOLDS[i]!.judge(run);
    if (j.status === 'violated' || (j.status === 'holds' && !applies[i])) broken = true;
    else if (j.status === 'holds') exercised[i] = true;
  }
  return { broken, exercised };
}

/**
 * Runs of one environment in one state, standing for the designs of `set`: a driven state, before
 * an event; partway through an event; or null, the machine not yet started. `agreed`: points every
 * design of the set picks alike, and the option.
 */
interface Group {
  readonly at: Driven<KdumpContext> | Partway<KdumpContext> | null;
  /** The event `at` is partway through, or (a driven state) the next one; -1 before the start. */
  readonly event: number;
  readonly set: DesignSet;
  readonly agreed: Readonly<Partial<Record<DecisionPoint, string>>>;
}

/** A run that a step took from state `from` to state `at` (the group it goes on as). */
interface Reached {
  readonly at: Driven<KdumpContext> | Partway<KdumpContext>;
  readonly from: Driven<KdumpContext> | Partway<KdumpContext> | null;
  set: DesignSet;
  agreed: Partial<Record<DecisionPoint, string>>;
}

/** What one environment did to a row's live designs. */
export interface EnvironmentResult {
  /** The designs still in play, each leaf with what they have exercised since: the same set, less the broken designs, and more exercised. */
  readonly live: DesignSet;
  /** Runs of the model made: paths from the start to a run's end or to the event that broke it, runs in the same state counted once from there. */
  readonly runs: number;
}

/**
 * One environment under every live design of a row, one step of the machine at a time: an action
 * or guard of an event's transition (model/drive.ts, `begin` and `step`), or the step that ends
 * it. The runs start as one, standing for every live design (`live`, a set of `diagrams` whose
 * leaves are the properties of HOLDS each design has exercised, as bits). When a run reads a
 * varied point that its designs do not all pick alike, it takes the first option one of them
 * picks, and the step is made again, from the state before it, for each other option some of them
 * pick, standing for those: that state is the same under every option there (the point was not
 * read before that step) and contexts are values, so the run goes on as a run from the start under
 * that option would. After each step, the runs it made that are at the same place of the machine
 * and in the same state (properties/same-state.ts) go on as one, standing for all their designs:
 * from there they differ only in the points they read, and those split them again. An event that
 * reads five points thus makes a run per option where it reads, not one per combination of them.
 * At the end of each event, a run whose observations already break the row (a property violated,
 * or exercised where it means nothing) stops there: judgments only ever gain observations, so
 * every design it stands for is broken. `applies[i]`: does HOLDS[i] mean anything on the row's
 * platform.
 */
export function exploreEnvironment(env: Environment, live: DesignSet, diagrams: DesignDiagrams, base: Decisions, applies: readonly boolean[]): EnvironmentResult {
  const driver = kdumpDriver();
  let runs = 0;
  /** The group being run, its set and agreed points as the run's reads narrow them, and the groups its other options make. */
  let group: Group = { at: null, event: -1, set: live, agreed: {} };
  let set = live;
  let agreed: Partial<Record<DecisionPoint, string>> = {};
  let split: Group[] = [];
  const design = recordingDesign((p) => {
    const level = diagrams.levelOf(p);
    if (level === undefined) return base[p];
    const have = agreed[p];
    if (have !== undefined) return have;
    // The options some design of the group picks (one at least), in the registry's order: the first goes on here.
    const picks = diagrams.picks(set, level);
    const first = 31 - Math.clz32(picks & -picks);
    for (let rest = picks & (picks - 1); rest !== 0; rest &= rest - 1) {
      const k = 31 - Math.clz32(rest & -rest);
      const option = diagrams.optionAt(level, k);
      split.push({ at: group.at, event: group.event, set: diagrams.restrict(set, level, k), agreed: { ...agreed, [p]: option } });
    }
    if (picks !== 1 << first) set = diagrams.restrict(set, level, first);
    return (agreed[p] = diagrams.optionAt(level, first));
  });
  /** One step of a group: the machine's start, or the next action (or guard) of its event. */
  const step = (g: Group): Driven<KdumpContext> | Partway<KdumpContext> =>
    g.at === null ? driver.initial({ env, design }) : driver.step('path' in g.at ? g.at : driver.begin(g.at, env.events[g.event]!));
  /** The finished runs: the designs each stood for, and what it said of them. */
  const finished: { set: DesignSet; judged: RunJudgment }[] = [];
  const work: Group[] = [group];
  while (work.length > 0) {
    const parent = work.pop()!;
    // The group's step, and the same step again for each other option its reads split off.
    const reached: Reached[] = [];
    const pending = [parent];
    while (pending.length > 0) {
      group = pending.pop()!;
      set = group.set;
      agreed = { ...group.agreed };
      split = [];
      const at = step(group);
      pending.push(...split);
      reached.push({ at, from: group.at, set, agreed });
    }
    for (const r of sameStates(reached, diagrams)) {
      if ('path' in r.at) {
        work.push({ at: r.at, event: parent.event, set: r.set, agreed: r.agreed });
        continue;
      }
      // An event is done (or the machine started): judged, and on to the next event unless the run ends here.
      const next = parent.at === null ? 0 : parent.event + 1;
      const judged = judgeHolds(r.at.context.run.frozen(), applies);
      if (judged.broken || r.at.done || next >= env.events.length) {
        runs++;
        finished.push({ set: r.set, judged });
      } else work.push({ at: r.at, event: next, set: r.set, agreed: r.agreed });
    }
  }
  return { live: settle(live, finished, diagrams), runs };
}

/**
 * The live designs after an environment's runs, which partition them: each run's designs, less
 * the broken ones, with what it exercised added to their leaves. Throws unless the runs stood for
 * every live design once.
 */
function settle(live: DesignSet, finished: readonly { set: DesignSet; judged: RunJudgment }[], diagrams: DesignDiagrams): DesignSet {
  let next = NO_DESIGNS;
  let total = 0;
  for (const { set, judged } of finished) {
    total += diagrams.count(set);
    if (!judged.broken) next = diagrams.union(next, diagrams.orLeaves(set, bitsOf(judged.exercised)));
  }
  if (total !== diagrams.count(live)) throw new Error(`explore: the runs stood for ${total} of ${diagrams.count(live)} live designs`);
  return next;
}

const bitsOf = (flags: readonly boolean[]): number => flags.reduce((bits, f, i) => (f ? bits | (1 << i) : bits), 0);

/**
 * Runs in the same state, as one: their designs together, and the points all of them agree on.
 * The runs are those one step took from one state (`from`, the same for all): runs that split at
 * a read and find the same state after it are what meet (runs from two states meeting after one
 * event were never seen in any row), and not looking further is sound, as it only leaves two runs
 * that could have been one. A few are compared with each other; past those, only runs of the same
 * hash.
 */
function sameStates(reached: readonly Reached[], diagrams: DesignDiagrams): Reached[] {
  if (reached.length < 2) return [...reached];
  const hash = stateHasher();
  const hashOf = (g: Reached): number => hash(g.at.context, g.from === null ? null : g.from.context);
  const distinct: Reached[] = [];
  let byHash: Map<number, Reached[]> | null = null;
  for (const g of reached) {
    if (byHash === null && distinct.length >= FEW_RUNS) {
      byHash = new Map();
      for (const d of distinct) addTo(byHash, hashOf(d), d);
    }
    const h = byHash === null ? 0 : hashOf(g);
    const candidates = byHash === null ? distinct : (byHash.get(h) ?? []);
    const twin = candidates.find((t) => samePlace(t.at, g.at) && sameState(t.at.context, g.at.context));
    if (twin === undefined) {
      distinct.push(g);
      if (byHash !== null) addTo(byHash, h, g);
    } else {
      twin.set = diagrams.union(twin.set, g.set);
      twin.agreed = sharedAgreed(twin.agreed, g.agreed);
    }
  }
  return distinct;
}

/** Two runs at the same place of the machine: partway through the same path at the same action, or in the same driven state. */
function samePlace(a: Driven<KdumpContext> | Partway<KdumpContext>, b: Driven<KdumpContext> | Partway<KdumpContext>): boolean {
  if (!('path' in a) || !('path' in b)) return !('path' in a) && !('path' in b) && a.state === b.state && a.done === b.done;
  return a.path === b.path && a.index === b.index && a.answers.length === b.answers.length && a.answers.every((x, i) => x === b.answers[i]);
}

/** Distinct runs from one state compared one by one before they are told apart by hash. */
const FEW_RUNS = 4;

function addTo<G>(byHash: Map<number, G[]>, h: number, g: G): void {
  const list = byHash.get(h);
  if (list === undefined) byHash.set(h, [g]);
  else list.push(g);
}

/** The points two groups both fix alike. */
const sharedAgreed = (a: Readonly<Partial<Record<DecisionPoint, string>>>, b: Readonly<Partial<Record<DecisionPoint, string>>>): Partial<Record<DecisionPoint, string>> =>
  Object.fromEntries(Object.entries(a).filter(([p, o]) => b[p as DecisionPoint] === o));

/** Nodes a row's store of sets may grow to before it forgets those the live designs do not need. */
const STORE_BOUND = 200_000;

/**
 * One row, environment by environment (yielding after each); null when `shouldStop` ended it.
 * The environments are check's for the row; a row whose cubes are all broken stops early.
 */
export function* lazyRowSteps(pair: SupportRow, space: Space, base: Decisions, runs: number, seed: number, shouldStop?: () => boolean): Generator<number, LazyRow | null> {
  const applies = HOLDS.map((p) => appliesOn(p, [platformOfRow(pair)]));
  const diagrams = new DesignDiagrams(space);
  // A property with no meaning on the platform counts as exercised from the start: it is never to be.
  let live = diagrams.designs(base, diagrams.leaf(bitsOf(applies.map((a) => !a))));
  let made = 0;
  let covered = 0;
  let done = 0;
  for (const env of checkEnvironments(pair, runs, seed)) {
    if (shouldStop?.() === true) return null;
    const r = exploreEnvironment(env, live, diagrams, base, applies);
    made += r.runs;
    covered += diagrams.count(live);
    // The store keeps every set the runs stood for; past a bound, only the live designs' nodes.
    live = diagrams.size > STORE_BOUND ? diagrams.keepOnly(r.live) : r.live;
    yield ++done;
    if (live === NO_DESIGNS) break;
  }
  const all = (1 << HOLDS.length) - 1;
  const supported = diagrams.select(live, (bits) => bits === all, diagrams.leaf(all));
  return { pair, supported: cubesOf(diagrams, supported, diagrams.leaf(all), base), supportedCount: diagrams.count(supported), runs: made, covered };
}

/**
 * The designs of `set` (in leaf `into`) as few disjoint cubes, each holding designs: its diagram
 * simplified where non-designs do not matter (cubeSize counts designs only), one cube per path,
 * merged where they can be. A set has one diagram, so the same designs give the same cubes.
 */
function cubesOf(diagrams: DesignDiagrams, set: DesignSet, into: DesignSet, base: Decisions): Cube[] {
  const space = diagrams.space;
  const simple = diagrams.simplify(set, diagrams.designs(base, into), into);
  return mergeAlike(diagrams.cubes(simple), space, (c) => c, () => '', (_, cube) => cube).filter((c) => cubeSize(c, space, base) > 0);
}

/**
 * The designs of disjoint cubes of `space` (each may hold non-designs), as lazyRowSteps gives a
 * row's supported designs: the same designs, the same cubes, however they were found (the rows
 * explored in parts, properties/explore.ts).
 */
export function designCubes(cubes: readonly Cube[], space: Space, base: Decisions): { cubes: Cube[]; count: number } {
  const diagrams = new DesignDiagrams(space);
  const into = diagrams.leaf(0);
  const set = diagrams.intersect(cubes.reduce((s, c) => diagrams.union(s, diagrams.cube(c, into)), NO_DESIGNS), diagrams.designs(base, into));
  return { cubes: cubesOf(diagrams, set, into, base), count: diagrams.count(set) };
}
