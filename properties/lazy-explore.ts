/**
 * Exploring the design space by what runs read. A run is given a design whose varied points are
 * unset until the model consults one (model/design/recorder.ts); there the run splits, one way for
 * each option some design it stands for picks, and each way stands for the designs picking that
 * option. A point a run never consults does not split it, so a run stands for a cube of designs
 * (the points it read, fixed; every other varied point, free), and all of them share its verdicts.
 *
 * A row is explored over the environments `check` would generate for it, as enumeration does
 * (properties/explore.ts). The designs still in play are a list of live cubes, each with the
 * properties its runs have exercised: at first the whole space. Each environment runs them all as
 * one tree (exploreEnvironment): splits are run again from the state before the event that read
 * the point, not from the start; runs that come to the same state go on as one; a run whose
 * observations already break the row stops. Afterwards a live cube no run broke or taught anything
 * stays as it was; others are cut to the pieces that live on. At the end the live cubes that
 * exercised every property expected to hold are the supported designs. Designs that are not
 * designs (decisionsProblem) are counted out of every cube.
 */
import { platformOfRow, type SupportRow } from '../model/design/design.ts';
import { recordingDesign } from '../model/design/recorder.ts';
import { CONSTRAINED_POINTS, type DecisionPoint, type Decisions } from '../model/design/registry.ts';
import type { Environment } from '../model/environment.ts';
import type { Run } from '../model/kernel/run.ts';
import type { KdumpContext } from '../model/kernel/context.ts';
import { kdumpDriver } from '../model/run.ts';
import type { Driven } from '../model/drive.ts';
import { CATALOG } from './catalog/index.ts';
import { checkEnvironments } from './check.ts';
import { type Cube, cubeSize, mergeAlike, type Space, variedPoints } from './cubes.ts';
import { lastOf } from '../model/memo.ts';
import { appliesOn } from './property.ts';
import { addMember, allMembers, beyond, both, either, type Members, meets, membersOf, noMembers, someMember } from './member-set.ts';
import { sameState, stateHash } from './same-state.ts';

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

/** Designs still in play in a row: a cube, how many designs it holds, and which properties expected to hold its runs have exercised so far. */
export interface LiveCube {
  readonly cube: Cube;
  readonly size: number;
  readonly exercised: readonly boolean[];
}

/**
 * Some of a row's live cubes, under a constraint: the designs of `members` (live cubes, by their
 * place in the list) that pick the options `fixed` names. `members` are exactly the live cubes
 * that hold such designs; they are not cut to the constraint until the environment is done with
 * them, so that runs which split at a point and meet again in one state give back what they split.
 */
interface Part {
  readonly fixed: Cube;
  readonly members: Members;
}

/**
 * Runs of one environment in one state, standing for the designs of `parts`: the state before
 * an event (null: the machine not yet started). `agreed`: points every design of the group
 * picks alike, and the option.
 */
interface Group {
  readonly at: Driven<KdumpContext> | null;
  readonly parts: readonly Part[];
  readonly agreed: Readonly<Partial<Record<DecisionPoint, string>>>;
}

/** What a row's live cubes are, as sets: for each varied point and option, the cubes holding designs that pick it; for each property, the cubes that have exercised it. */
interface LiveIndex {
  readonly live: readonly LiveCube[];
  readonly picking: ReadonlyMap<DecisionPoint, ReadonlyMap<string, Members>>;
  readonly exercised: readonly Members[];
  readonly all: Members;
}

function liveIndex(live: readonly LiveCube[], space: Space): LiveIndex {
  const picking = new Map<DecisionPoint, Map<string, Members>>();
  for (const p of variedPoints(space)) picking.set(p, new Map(space[p]!.map((o) => [o, noMembers(live.length)])));
  const exercised = HOLDS.map(() => noMembers(live.length));
  live.forEach((m, i) => {
    for (const [p, byOption] of picking) {
      const at = m.cube[p];
      for (const [o, bits] of byOption) if (at === undefined || at === o) addMember(bits, i);
    }
    m.exercised.forEach((e, k) => e && addMember(exercised[k]!, i));
  });
  return { live, picking, exercised, all: allMembers(live.length) };
}

/** The index of the live cubes an environment starts from: the last one serves while they are the same list (nothing split them). */
const indexOf = lastOf((live: readonly LiveCube[]) => lastOf((space: Space) => liveIndex(live, space)));

/**
 * The designs of `parts` by the option they pick at `point`: for each option some of them pick,
 * in the space's order, the parts holding them (none that holds no design). A part whose designs
 * all pick one option is kept as it is.
 */
function byOption(parts: readonly Part[], point: DecisionPoint, index: LiveIndex, space: Space, base: Decisions): { option: string; parts: Part[] }[] {
  const options = space[point]!;
  const picking = options.map((o) => index.picking.get(point)!.get(o)!);
  const out = options.map(() => [] as Part[]);
  const constrained = CONSTRAINED_POINTS.includes(point);
  for (const part of parts) {
    const at = part.fixed[point];
    if (at !== undefined) {
      out[options.indexOf(at)]!.push(part);
      continue;
    }
    const held = picking.map((bits) => meets(part.members, bits));
    if (held.filter(Boolean).length === 1 && !constrained) {
      out[held.indexOf(true)]!.push(part);
      continue;
    }
    options.forEach((option, k) => {
      if (!held[k]) return;
      const members = both(part.members, picking[k]!);
      const fixed = { ...part.fixed, [point]: option };
      // Fixing an unconstrained point leaves designs in every member that agrees.
      if (!constrained || someMember(members, (i) => cutSize(index.live[i]!, fixed, space, base) > 0)) out[k]!.push({ fixed, members });
    });
  }
  return options.map((option, k) => ({ option, parts: out[k]! })).filter((h) => h.parts.length > 0);
}

/** How many designs of live cube `m` pick the options `fixed` names (it holds some, or none when a constraint between points rules them out). */
function cutSize(m: LiveCube, fixed: Cube, space: Space, base: Decisions): number {
  let size = m.size;
  let constrained = false;
  for (const p in fixed) {
    if (m.cube[p as DecisionPoint] !== undefined) continue;
    if (CONSTRAINED_POINTS.includes(p as DecisionPoint)) constrained = true;
    // An unconstrained free point multiplies a cube's designs by its options.
    else size /= space[p as DecisionPoint]!.length;
  }
  return constrained ? cubeSize({ ...m.cube, ...fixed }, space, base) : size;
}

/** The same designs in fewer parts (mergeAlike): a part free at a point has every live cube of the parts it joins. */
const mergeParts = (parts: readonly Part[], space: Space): Part[] =>
  mergeAlike(parts, space, (p) => p.fixed, () => '', (group, fixed) => ({ fixed, members: either(group.map((g) => g.members)) }));

/** What one environment did to a row's live cubes. */
export interface EnvironmentResult {
  /** The cubes still in play: the live cubes, split where runs said different things of their designs, less the broken designs. The same list when nothing split them. */
  readonly live: readonly LiveCube[];
  /** Runs of the model made: paths from the start to a run's end or to the event that broke it, runs in the same state counted once from there. */
  readonly runs: number;
}

/**
 * One environment under every live cube of a row, event by event. The runs start as one, standing
 * for every live design. When a run reads a free point that its designs do not all pick alike, it
 * takes the first option one of them picks, and the event is made again, from the state before
 * it, for each other option some of them pick, standing for those: that state is the same under
 * every option there (the point was not read before that event) and contexts are values, so the
 * run goes on as a run from the start under that option would. After each event, runs in the same
 * state (properties/same-state.ts) go on as one, standing for all their designs: from there they
 * differ only in the points they read, and those split them again. A run whose observations
 * already break the row (a property violated, or exercised where it means nothing) stops there:
 * judgments only ever gain observations, so every design it stands for is broken.
 * `applies[i]`: does HOLDS[i] mean anything on the row's platform.
 */
export function exploreEnvironment(env: Environment, live: readonly LiveCube[], space: Space, base: Decisions, applies: readonly boolean[]): EnvironmentResult {
  const driver = kdumpDriver();
  const index = indexOf(live)(space);
  let runs = 0;
  /** The group being run, its parts and agreed points as the run's reads narrow them, and the groups its other options make. */
  let group: Group = { at: null, parts: [{ fixed: {}, members: index.all }], agreed: {} };
  let parts: readonly Part[] = group.parts;
  let agreed: Partial<Record<DecisionPoint, string>> = {};
  let split: Group[] = [];
  const design = recordingDesign((p) => {
    const options = space[p];
    if (options === undefined) return base[p];
    const have = agreed[p];
    if (have !== undefined) return have;
    // The options some design of the group picks (one at least), in the registry's order.
    const held = byOption(parts, p, index, space, base);
    for (const h of held.slice(1)) split.push({ at: group.at, parts: h.parts, agreed: { ...agreed, [p]: h.option } });
    parts = held[0]!.parts;
    return (agreed[p] = held[0]!.option);
  });
  /** The finished runs: the parts each stood for, and what it said of them. */
  const finished: { parts: readonly Part[]; judged: RunJudgment }[] = [];
  let level: Group[] = [group];
  // The groups of a level are all before the same event: -1 for the machine's start.
  for (let event = -1; level.length > 0; event++) {
    const reached: { at: Driven<KdumpContext>; parts: Part[]; agreed: Partial<Record<DecisionPoint, string>> }[] = [];
    const work = [...level];
    while (work.length > 0) {
      group = work.pop()!;
      parts = group.parts;
      agreed = { ...group.agreed };
      split = [];
      const at = group.at === null ? driver.initial({ env, design }) : driver.transition(group.at, env.events[event]!);
      work.push(...split);
      const judged = judgeHolds(at.context.run.frozen(), applies);
      if (judged.broken || at.done || event + 1 >= env.events.length) {
        runs++;
        finished.push({ parts, judged });
      } else reached.push({ at, parts: [...parts], agreed });
    }
    level = sameStates(reached).map((g) => ({ at: g.at, parts: g.parts.length === 1 ? g.parts : mergeParts(g.parts, space), agreed: g.agreed }));
  }
  return { live: settle(index, finished, space, base), runs };
}

/**
 * The live cubes after an environment's runs, which partition their designs: a cube no run broke
 * or taught a property it had not exercised stays as it was (the same list, if that is every
 * cube); the others are cut into the pieces the runs stood for, less the broken ones, merged where
 * they can be.
 */
function settle(index: LiveIndex, finished: readonly { parts: readonly Part[]; judged: RunJudgment }[], space: Space, base: Decisions): readonly LiveCube[] {
  const changes = (members: Members, judged: RunJudgment): boolean => judged.broken || judged.exercised.some((e, i) => e && beyond(members, index.exercised[i]!));
  const touched = either([noMembers(index.live.length), ...finished.flatMap(({ parts, judged }) => parts.filter((p) => changes(p.members, judged)).map((p) => p.members))]);
  if (!meets(touched)) return index.live;
  const cuts = new Map<number, { fixed: Cube; judged: RunJudgment }[]>();
  for (const { parts, judged } of finished) {
    for (const { fixed, members } of parts) {
      for (const i of membersOf(both(members, touched))) {
        const list = cuts.get(i);
        if (list === undefined) cuts.set(i, [{ fixed, judged }]);
        else list.push({ fixed, judged });
      }
    }
  }
  const next: LiveCube[] = [];
  const pieces: LiveCube[] = [];
  index.live.forEach((m, i) => {
    const list = cuts.get(i);
    if (list === undefined) {
      next.push(m);
      return;
    }
    const cut = list.map(({ fixed, judged }) => ({ cube: { ...m.cube, ...fixed }, size: cutSize(m, fixed, space, base), exercised: judged.broken ? null : exercisedAfter(m.exercised, judged.exercised) })).filter((c) => c.size > 0);
    const total = cut.reduce((n, c) => n + c.size, 0);
    if (total !== m.size) throw new Error(`explore: the runs stood for ${total} of a live cube's ${m.size} designs`);
    const kept = cut.filter((c): c is LiveCube => c.exercised !== null);
    const first = kept[0];
    if (kept.length === cut.length && first !== undefined && kept.every((c) => sameBits(c.exercised, first.exercised))) next.push({ cube: m.cube, size: m.size, exercised: first.exercised });
    else pieces.push(...kept);
  });
  return [...next, ...mergeLive(pieces, space)];
}

const exercisedAfter = (before: readonly boolean[], run: readonly boolean[]): readonly boolean[] => (run.some((e, i) => e && !before[i]) ? before.map((e, i) => e || run[i]!) : before);
const sameBits = (a: readonly boolean[], b: readonly boolean[]): boolean => a === b || a.every((e, i) => e === b[i]);

/** Runs in the same state, as one: their parts together, and the points all of them agree on. */
function sameStates<G extends { readonly at: Driven<KdumpContext>; parts: Part[]; agreed: Partial<Record<DecisionPoint, string>> }>(reached: readonly G[]): G[] {
  if (reached.length < 2) return [...reached];
  const byHash = new Map<number, G[]>();
  const out: G[] = [];
  for (const g of reached) {
    const hash = stateHash(g.at.context);
    const same = byHash.get(hash) ?? [];
    const twin = same.find((t) => sameState(t.at.context, g.at.context));
    if (twin === undefined) {
      same.push(g);
      byHash.set(hash, same);
      out.push(g);
    } else {
      twin.parts.push(...g.parts);
      twin.agreed = sharedAgreed(twin.agreed, g.agreed);
    }
  }
  return out;
}

/** The points two groups both fix alike. */
const sharedAgreed = (a: Readonly<Partial<Record<DecisionPoint, string>>>, b: Readonly<Partial<Record<DecisionPoint, string>>>): Partial<Record<DecisionPoint, string>> =>
  Object.fromEntries(Object.entries(a).filter(([p, o]) => b[p as DecisionPoint] === o));

/** Live cubes in fewer cubes (mergeAlike): those with the same properties exercised. */
const mergeLive = (live: readonly LiveCube[], space: Space): LiveCube[] =>
  mergeAlike(live, space, (c) => c.cube, (c) => c.exercised.map((e) => (e ? '1' : '0')).join(''), (group, cube) => ({ cube, size: group.reduce((n, c) => n + c.size, 0), exercised: group[0]!.exercised }));

/**
 * One row, environment by environment (yielding after each); null when `shouldStop` ended it.
 * The environments are check's for the row; a row whose cubes are all broken stops early.
 */
export function* lazyRowSteps(pair: SupportRow, space: Space, base: Decisions, runs: number, seed: number, shouldStop?: () => boolean): Generator<number, LazyRow | null> {
  const applies = HOLDS.map((p) => appliesOn(p, [platformOfRow(pair)]));
  let live: readonly LiveCube[] = [{ cube: {}, size: cubeSize({}, space, base), exercised: applies.map((a) => !a) }];
  let made = 0;
  let covered = 0;
  let done = 0;
  for (const env of checkEnvironments(pair, runs, seed)) {
    if (shouldStop?.() === true) return null;
    const r = exploreEnvironment(env, live, space, base, applies);
    made += r.runs;
    covered += live.reduce((n, c) => n + c.size, 0);
    live = r.live;
    yield ++done;
    if (live.length === 0) break;
  }
  const supported = mergeLive(live.filter((c) => c.exercised.every(Boolean)), space);
  return { pair, supported: supported.map((c) => c.cube), supportedCount: supported.reduce((n, c) => n + c.size, 0), runs: made, covered };
}

