/**
 * Counterexample files of a check: one JSON file per counterexample, in `--out`, named
 * `<design>-<PROPERTY>-<first>-<kdump>-seed<seed>.json` after the pair its environment realises.
 */
import { resolve } from 'node:path';
import type { CheckResult, Counterexample } from '../properties/check.ts';
import { counterexampleToJson } from '../properties/counterexample-file.ts';
import { checkOutputPath, displayPath, publishFile } from './files.ts';
import { type ItfTrace, itfTrace } from './format/itf.ts';
import { jsonText } from './format/json.ts';
import { UsageError } from './io.ts';
import { pairOfEnvironment } from './pairs.ts';

/** Where counterexamples go unless --out says otherwise (git-ignored in this repository). */
export const DEFAULT_OUT = 'counterexamples';

/** `--out DIR`: the folder counterexample files go to, refused before any work if it cannot be one. */
export function outOption(value: string | undefined, cwd: string): string {
  const out = value ?? DEFAULT_OUT;
  if (out === '') throw new UsageError('--out needs a folder');
  checkOutputPath(resolve(cwd, out), true, `--out ${out}`);
  return out;
}

const safe = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '_');

export function counterexampleFileName(cx: Counterexample, checkSeed: number): string {
  const pair = pairOfEnvironment(cx.environment).replace('/', '-');
  return `${safe(cx.design.name)}-${cx.property.id}-${pair}-seed${checkSeed}.json`;
}

/**
 * Write every counterexample of `result`; returns, per property (in the result's order), the
 * file as shown to the user, or null where there was none.
 */
export function writeCounterexamples(result: CheckResult, out: string, cwd: string): (string | null)[] {
  return result.properties.map(({ counterexample: cx }) => (cx === null ? null : writeCounterexample(cx, result.seed, out, cwd)));
}

/** Write one counterexample of a check with seed `checkSeed` into `out`; returns the file as shown to the user. */
export function writeCounterexample(cx: Counterexample, checkSeed: number, out: string, cwd: string): string {
  return displayPath(publishFile(resolve(cwd, out), counterexampleFileName(cx, checkSeed), jsonText(counterexampleToJson(cx))), cwd);
}

/** The ITF trace of a counterexample (format/itf.ts), carrying its counterexample file. */
export const counterexampleItf = (cx: Counterexample) => itfTrace({ property: cx.property, environment: cx.environment, run: cx.run, file: counterexampleToJson(cx) });

/** The ITF trace of each counterexample of `result`, per property, or null where there is none. */
export const itfTraces = (result: CheckResult): (ItfTrace | null)[] => result.properties.map(({ counterexample: cx }) => (cx === null ? null : counterexampleItf(cx)));

/** Write `traces` (itfTraces of `result`) beside the counterexample files (`*.itf.json`); per property, the file shown, or null. */
export function writeItfTraces(result: CheckResult, traces: readonly (ItfTrace | null)[], out: string, cwd: string): (string | null)[] {
  return result.properties.map(({ counterexample: cx }, i) => {
    const trace = traces[i];
    if (cx === null || trace === null || trace === undefined) return null;
    const name = counterexampleFileName(cx, result.seed).replace(/\.json$/, '.itf.json');
    return displayPath(publishFile(resolve(cwd, out), name, jsonText(trace)), cwd);
  });
}
