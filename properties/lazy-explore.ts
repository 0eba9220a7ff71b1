/**
 * Exploring the design space by what runs read. A run is given a design whose varied points are
 * unset until the model consults one (model/design/recorder.ts): then it takes the point's first
 * option and notes the choice, and after the run each other option of each choice is explored in
 * turn, with the choices before it kept. Every finished run covers a cube: the points it read,
 * fixed; every other varied point, free. All designs of the cube share the run's verdicts, since
 * the run never consulted the rest.
 *
 * A row is explored over the environments `check` would generate for it, as enumeration does
 * (properties/explore.ts): the live cubes start as the whole space and each environment splits
 * them by the points its runs read; a cube broken in one environment is dropped; at the end the
 * cubes that exercised every property expected to hold are the supported designs. Designs that
 * are not designs (decisionsProblem) are counted out of every cube.
 */
import { platformOfRow, type SupportRow } from '../model/design/design.ts';
import { recordingDesign } from '../model/design/recorder.ts';
import { CONSTRAINED_POINTS, DECISION_POINT_NAMES, DECISION_POINTS, type DecisionPoint, type Decisions, decisionsProblem } from '../model/design/registry.ts';
import type { Environment } from '../model/environment.ts';
import type { Run } from '../model/kernel/run.ts';
import type { KdumpContext } from '../model/kernel/context.ts';
import { resumeFrom, stepsSoFar } from '../model/kernel/run-log.ts';
import { kdumpDriver } from '../model/run.ts';
import type { Driven } from '../model/drive.ts';
import { CATALOG } from './catalog/index.ts';
import { checkEnvironments } from './check.ts';
import { appliesOn } from './property.ts';

/** The points varied, each with the options explored there. */
export type Space = Readonly<Partial<Record<DecisionPoint, readonly string[]>>>;

/** A set of designs: the varied points fixed here, every other varied point free. */
export type Cube = Readonly<Partial<Record<DecisionPoint, string>>>;

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
  /** The step of the run's first wrong read of a property expected to hold (Infinity if none). */
  readonly firstWrong: number;
  /** HOLDS[i] was exercised and held. */
  readonly exercised: readonly boolean[];
}

/** Judge a run by HOLDS; `applies[i]`: does HOLDS[i] mean anything on the row's platform (else exercising it at all breaks the design, as `meets` says). */
export function judgeHolds(run: Run, applies: readonly boolean[]): RunJudgment {
  let broken = false;
  let firstWrong = Infinity;
  const exercised = applies.map(() => false);
  for (let i = 0; i < HOLDS.length; i++) {
    const j = HOLDS[i]!.judge(run);
    if (j.status === 'violated') firstWrong = Math.min(firstWrong, j.observation.step);
    if (j.status === 'violated' || (j.status === 'holds' && !applies[i])) broken = true;
    else if (j.status === 'holds') exercised[i] = true;
  }
  return { broken, firstWrong, exercised };
}

const variedPoints = (space: Space): DecisionPoint[] => DECISION_POINT_NAMES.filter((p) => space[p] !== undefined);

/** How many designs (decisionsProblem passing) `cube` holds in `space`. */
export function cubeSize(cube: Cube, space: Space, base: Decisions): number {
  const free = variedPoints(space).filter((p) => cube[p] === undefined);
  const constrained = free.filter((p) => CONSTRAINED_POINTS.includes(p));
  let combos: Partial<Record<DecisionPoint, string>>[] = [{ ...base, ...cube }];
  for (const p of constrained) combos = combos.flatMap((c) => space[p]!.map((o) => ({ ...c, [p]: o })));
  const valid = combos.filter((c) => decisionsProblem(c) === null).length;
  return free.filter((p) => !constrained.includes(p)).reduce((n, p) => n * space[p]!.length, valid);
}

/** Every design of `cube`, in the order designSpace() lists them. */
export function cubeDesigns(cube: Cube, space: Space, base: Decisions): Decisions[] {
  let combos: Partial<Record<DecisionPoint, string>>[] = [{ ...base, ...cube }];
  for (const p of variedPoints(space).filter((q) => cube[q] === undefined)) combos = combos.flatMap((c) => space[p]!.map((o) => ({ ...c, [p]: o })));
  return combos.filter((c) => decisionsProblem(c) === null) as Decisions[];
}

/** What one run said of the properties expected to hold: broken, or which it exercised. */
interface Leaf {
  readonly cube: Cube;
  readonly broken: boolean;
  readonly exercised: readonly boolean[];
}

/** A run to make: from a state kept (null: from the start), under the options fixed so far. */
interface Branch {
  /** The state before event `next` (null: the machine not yet started). */
  readonly from: Driven<KdumpContext> | null;
  readonly next: number;
  readonly fixed: Cube;
}

/** A choice a run made at a free point: the option taken, the steps the run had then, and the state before the event that read it. */
interface Choice {
  readonly point: DecisionPoint;
  readonly option: string;
  readonly step: number;
  readonly from: Driven<KdumpContext> | null;
  readonly next: number;
}

/**
 * The runs of one environment over `cube`: one per leaf of the tree of the choices its runs make
 * at the free points they read. `applies[i]`: does HOLDS[i] mean anything on the row's platform.
 *
 * A run's other options at a choice are run from the state before the event that read it, not
 * from the start: that state is the same under every option there (the point was not read before
 * that event) and contexts are values, so the event is made again under the other option and the
 * run goes on from there, as a run from the start would.
 */
export function* leaves(env: Environment, cube: Cube, space: Space, base: Decisions, applies: readonly boolean[]): Generator<Leaf> {
  const driver = kdumpDriver();
  const stack: Branch[] = [{ from: null, next: 0, fixed: cube }];
  let assigned: Partial<Record<DecisionPoint, string>> = {};
  let chosen: Choice[] = [];
  let before: Driven<KdumpContext> | null = null;
  let index = 0;
  const design = recordingDesign((p) => {
    const options = space[p];
    if (options === undefined) return base[p];
    const have = assigned[p];
    if (have !== undefined) return have;
    chosen.push({ point: p, option: options[0]!, step: stepsSoFar(), from: before, next: index });
    return (assigned[p] = options[0]!);
  });
  while (stack.length > 0) {
    const branch = stack.pop()!;
    assigned = { ...branch.fixed };
    chosen = [];
    before = branch.from;
    index = branch.next;
    let at: Driven<KdumpContext>;
    if (branch.from === null) {
      at = driver.initial({ env, design });
    } else {
      resumeFrom(branch.from.context.run);
      at = branch.from;
    }
    for (; index < env.events.length && !at.done; index++) {
      before = at;
      at = driver.transition(at, env.events[index]!);
    }
    const { broken, firstWrong, exercised } = judgeHolds(at.context.run.frozen(), applies);
    // A choice read once the run had two steps past its first wrong read cannot change that read
    // (a step's reads are made at the latest just after the step is logged): every other option
    // there breaks the design the same way, so the leaf covers them all and they are not run.
    const kept = chosen.findIndex((c) => c.step >= firstWrong + 2);
    const decisive = kept < 0 ? chosen : chosen.slice(0, kept);
    const cubeOf: Partial<Record<DecisionPoint, string>> = { ...branch.fixed };
    for (const c of decisive) cubeOf[c.point] = c.option;
    yield { cube: kept < 0 ? assigned : cubeOf, broken, exercised };
    // Each other option of each choice that can matter, with the choices before it kept; none
    // that holds no design.
    const prefix: Partial<Record<DecisionPoint, string>> = { ...branch.fixed };
    for (const c of decisive) {
      for (const o of space[c.point]!) {
        if (o === c.option) continue;
        const fixed = { ...prefix, [c.point]: o };
        if (cubeSize(fixed, space, base) > 0) stack.push({ from: c.from, next: c.next, fixed });
      }
      prefix[c.point] = c.option;
    }
  }
}

/**
 * The same designs in fewer cubes: cubes alike but at one point, which between them take every
 * option of it, become one cube free there; again until none merge.
 */
export function mergeCubes(cubes: readonly Cube[], space: Space): Cube[] {
  let out = [...cubes];
  for (let merged = true; merged;) {
    merged = false;
    for (const p of variedPoints(space)) {
      const groups = new Map<string, Cube[]>();
      for (const c of out) {
        if (c[p] === undefined) continue;
        const rest = variedPoints(space).map((q) => (q === p ? '' : (c[q] ?? '*'))).join('\u0000');
        groups.set(rest, [...(groups.get(rest) ?? []), c]);
      }
      for (const group of groups.values()) {
        if (group.length !== space[p]!.length || new Set(group.map((c) => c[p])).size !== group.length) continue;
        const { [p]: _, ...free } = group[0]!;
        out = [...out.filter((c) => !group.includes(c)), free];
        merged = true;
      }
    }
  }
  return out;
}

interface LiveCube {
  readonly cube: Cube;
  readonly exercised: readonly boolean[];
}

/**
 * One row, environment by environment (yielding after each); null when `shouldStop` ended it.
 * The environments are check's for the row; a row whose cubes are all broken stops early.
 */
export function* lazyRowSteps(pair: SupportRow, space: Space, base: Decisions, runs: number, seed: number, shouldStop?: () => boolean): Generator<number, LazyRow | null> {
  const applies = HOLDS.map((p) => appliesOn(p, [platformOfRow(pair)]));
  let live: LiveCube[] = [{ cube: {}, exercised: applies.map((a) => !a) }];
  let made = 0;
  let covered = 0;
  let done = 0;
  for (const env of checkEnvironments(pair, runs, seed)) {
    if (shouldStop?.() === true) return null;
    const next: LiveCube[] = [];
    for (const c of live) {
      for (const leaf of leaves(env, c.cube, space, base, applies)) {
        made++;
        const size = cubeSize(leaf.cube, space, base);
        covered += size;
        if (leaf.broken || size === 0) continue;
        next.push({ cube: leaf.cube, exercised: c.exercised.map((e, i) => e || leaf.exercised[i]!) });
      }
    }
    live = next;
    yield ++done;
    if (live.length === 0) break;
  }
  const supported = mergeCubes(live.filter((c) => c.exercised.every(Boolean)).map((c) => c.cube), space);
  return { pair, supported, supportedCount: supported.reduce((n, c) => n + cubeSize(c, space, base), 0), runs: made, covered };
}

/** The space `designSpace(vary, base, only)` explores, as points and options. */
export const spaceOf = (vary: readonly DecisionPoint[], only: Space = {}): Space =>
  Object.fromEntries(DECISION_POINT_NAMES.filter((p) => vary.includes(p)).map((p) => [p, [...(only[p] ?? DECISION_POINTS[p].options)]]));

