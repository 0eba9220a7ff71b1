/**
 * Checking a design: run the catalog over generated environments and give each property a
 * verdict, with how many runs exercised it and, when broken, a shrunk counterexample.
 *
 * Runs go in batches of CHUNK, each a fast-check run with its own seed derived from the check's
 * seed, so that a long check can pause between batches (for progress, Ctrl-C and time limits)
 * and every counterexample carries the fast-check seed and path that replay it in one run.
 */
import fc from 'fast-check';
import { type Design, platformOfRow, type SupportRow } from '../model/design/design.ts';
import { type Environment, type Platform, PLATFORMS } from '../model/environment.ts';
import type { Observation, Run } from '../model/kernel/run.ts';
import { runKdump } from '../model/run.ts';
import { environmentArb } from './arbitraries/index.ts';
import { CATALOG } from './catalog/index.ts';
import { appliesOn, type Judgment, type Property } from './property.ts';
import { describeEnvironment, renderTrace } from './trace.ts';
import { runToEnd, runToEndAsync } from './steps.ts';

export const CHUNK = 250;

export type Verdict = 'holds' | 'violated' | 'unreached';

export interface Counterexample {
  readonly property: Property;
  readonly design: Design;
  readonly pairs: readonly SupportRow[];
  readonly environment: Environment;
  /** fast-check's seed and path: `fc.check(..., { seed, path })` replays the shrunk case in one run. */
  readonly seed: number;
  readonly path: string;
  readonly observation: Observation;
  readonly run: Run;
  readonly trace: readonly string[];
}

export interface PropertyResult {
  readonly property: Property;
  readonly verdict: Verdict;
  /** Runs in which the property was exercised. */
  readonly exercised: number;
  /** Does the property mean anything on the platforms checked (else it is met by being unreached)? */
  readonly applies: boolean;
  /** Did the verdict meet the property's expectation? */
  readonly met: boolean;
  readonly counterexample: Counterexample | null;
}

export interface CheckResult {
  readonly design: Design;
  readonly pairs: readonly SupportRow[];
  readonly seed: number;
  readonly runsRequested: number;
  readonly runs: number;
  readonly interrupted: boolean;
  readonly properties: readonly PropertyResult[];
  readonly ok: boolean;
}

export interface CheckOptions {
  readonly design: Design;
  readonly pairs: readonly SupportRow[];
  readonly runs: number;
  readonly seed: number;
  readonly properties?: readonly Property[];
  /** Asked between batches; true ends the check early with what was found so far. */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Look for shrunk counterexamples (default true); verdicts and counts do not depend on it. */
  readonly shrink?: boolean;
}

/**
 * Does a verdict meet an expectation, on the platforms checked? `holds` must hold; a known
 * limitation may be found or not arise, but must be reached; a property with no meaning on any of
 * the platforms must be unreached.
 */
export function meets(property: Property, verdict: Verdict, platforms: readonly Platform[] = PLATFORMS): boolean {
  if (!appliesOn(property, platforms)) return verdict === 'unreached';
  return property.expectation.kind === 'holds' ? verdict === 'holds' : verdict !== 'unreached';
}

/** The platforms a check's rows run on. */
export const platformsOf = (rows: readonly SupportRow[]): Platform[] => PLATFORMS.filter((p) => rows.some((r) => platformOfRow(r) === p));

export const batchSeed = (seed: number, batch: number): number => (seed ^ Math.imul(batch + 1, 0x9e3779b9)) | 0;

/** Run the model once and judge one property. */
export const judgeOne = (property: Property, env: Environment, design: Design): Judgment => property.judge(runKdump(env, design.decisions).run);

/** fast-check finds the first violating environment of a batch again and shrinks it. */
export function findCounterexample(property: Property, options: CheckOptions, seed: number, numRuns: number): Counterexample | null {
  const arb = environmentArb(options.pairs);
  const details = fc.check(fc.property(arb, (env) => judgeOne(property, env, options.design).status !== 'violated'), { seed, numRuns });
  if (!details.failed || details.counterexample === null) return null;
  const [environment] = details.counterexample;
  return counterexampleFor(property, options.design, options.pairs, environment, details.seed, details.counterexamplePath ?? '');
}

export function counterexampleFor(property: Property, design: Design, pairs: readonly SupportRow[], environment: Environment, seed: number, path: string): Counterexample | null {
  const { run } = runKdump(environment, design.decisions);
  const judgment = property.judge(run);
  if (judgment.status !== 'violated') return null;
  const trace = [...describeEnvironment(environment), ...renderTrace(run, judgment.observation)];
  return { property, design, pairs, environment, seed, path, observation: judgment.observation, run, trace };
}

interface Tally {
  exercised: number;
  /** The batch (seed, runs) in which the property was first broken. */
  firstViolation: { seed: number; runs: number } | null;
}

/** The check as a sequence of batches; yields the runs done after each. */
export function* checkBatches(options: CheckOptions): Generator<number, CheckResult> {
  const properties = options.properties ?? CATALOG;
  const tallies: Tally[] = properties.map(() => ({ exercised: 0, firstViolation: null }));
  const arb = environmentArb(options.pairs);
  let done = 0;
  let interrupted = false;
  for (let batch = 0; done < options.runs; batch++) {
    if (options.shouldStop?.() === true) {
      interrupted = true;
      break;
    }
    const numRuns = Math.min(CHUNK, options.runs - done);
    const seed = batchSeed(options.seed, batch);
    fc.check(fc.property(arb, (env) => {
      const { run } = runKdump(env, options.design.decisions);
      properties.forEach((p, i) => {
        const j = p.judge(run);
        const t = tallies[i]!;
        if (j.status !== 'unexercised') t.exercised++;
        if (j.status === 'violated' && t.firstViolation === null) t.firstViolation = { seed, runs: numRuns };
      });
      return true;
    }), { seed, numRuns });
    done += numRuns;
    options.onProgress?.(done, options.runs);
    yield done;
  }
  const platforms = platformsOf(options.pairs);
  const results = properties.map((property, i): PropertyResult => {
    const t = tallies[i]!;
    const verdict: Verdict = t.firstViolation !== null ? 'violated' : t.exercised > 0 ? 'holds' : 'unreached';
    const counterexample = t.firstViolation === null || options.shrink === false ? null : findCounterexample(property, options, t.firstViolation.seed, t.firstViolation.runs);
    return { property, verdict, exercised: t.exercised, applies: appliesOn(property, platforms), met: meets(property, verdict, platforms), counterexample };
  });
  return {
    design: options.design,
    pairs: options.pairs,
    seed: options.seed,
    runsRequested: options.runs,
    runs: done,
    interrupted,
    properties: results,
    ok: results.every((r) => r.met),
  };
}

/** Run a check to the end, synchronously. */
export const check = (options: CheckOptions): CheckResult => runToEnd(checkBatches(options));

/** Run a check, giving the event loop a turn between batches. */
export const checkAsync = (options: CheckOptions): Promise<CheckResult> => runToEndAsync(checkBatches(options));

/** The environments `check` generates for one pair: its batches, each with its own seed (check.ts `batchSeed`). */
export function checkEnvironments(pair: SupportRow, runs: number, seed: number): Environment[] {
  const arb = environmentArb([pair]);
  const envs: Environment[] = [];
  for (let batch = 0; envs.length < runs; batch++) {
    const numRuns = Math.min(CHUNK, runs - envs.length);
    fc.check(fc.property(arb, (env) => {
      envs.push(env);
      return true;
    }), { seed: batchSeed(seed, batch), numRuns });
  }
  return envs;
}
