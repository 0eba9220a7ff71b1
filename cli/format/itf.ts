/**
 * Counterexamples as ITF traces (the Informal Trace Format of Apalache and Quint, ADR-015:
 * https://apalache-mc.org/docs/adr/015adr-trace.html), for the tools that read them.
 *
 * One state per step of the run. Its variables are what the model shows at that step: the step
 * (stage, kernel function, what it did), each kernel's memory encryption, the reads the step made
 * with the attribute each region was written with and the one it was read with, how many reads so
 * far got garbage, the property's verdict on the run up to this step, and, at the last state, how
 * the run ended (as the text trace ends). Every integer is a `#bigint`, as Quint writes them
 * (addresses need it). `#meta` carries the counterexample file itself, so that `kdump-sme replay`
 * re-runs an ITF trace as it re-runs the file.
 */
import { type Environment, smeWouldBeActive } from '../../model/environment.ts';
import { showValue } from '../../model/hardware/values.ts';
import { type Observation, type Run, STAGES } from '../../model/kernel/run.ts';
import type { CounterexampleJson } from '../../properties/counterexample-file.ts';
import type { Property } from '../../properties/property.ts';
import { runEnding } from '../../properties/trace.ts';
import { pairOfEnvironment } from '../pairs.ts';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/** The key of `#meta` under which the counterexample file rides along. */
export const ITF_COUNTEREXAMPLE_KEY = 'kdump-sme-counterexample';

export type ItfValue =
  | boolean
  | string
  | { readonly '#bigint': string }
  | { readonly '#tup': readonly ItfValue[] }
  | readonly ItfValue[]
  | { readonly [field: string]: ItfValue };

export const ITF_VARS = ['step', 'stage', 'site', 'action', 'firstKernel', 'kdumpKernel', 'reads', 'wrongReads', 'verdict', 'outcome'] as const;

export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly Readonly<Record<string, ItfValue | { readonly index: number }>>[];
}

const big = (n: number): ItfValue => ({ '#bigint': BigInt(n).toString() });

/** Which memory encryption a kernel runs with: its `mem_encrypt=`, and what is active (SME, SEV in a guest, or none). */
function kernelState(env: Environment, memEncrypt: boolean): Record<string, ItfValue> {
  const active = env.platform === 'sev-guest' ? 'sev' : smeWouldBeActive(env, memEncrypt) ? 'sme' : 'none';
  return { memEncrypt: memEncrypt ? 'on' : 'off', active };
}

/** The kdump kernel's memory encryption: none is active before it boots. */
const kdumpKernelState = (env: Environment, booted: boolean): Record<string, ItfValue> =>
  ({ booted, ...kernelState(env, env.kdumpKernelMemEncrypt), ...(booted ? {} : { active: 'none' }) });

function readOf(o: Observation): ItfValue {
  const got = o.got.kind === 'refused' ? `refused: ${o.got.why}` : showValue(o.got, o.range.start);
  return {
    kind: o.kind,
    site: o.site,
    what: o.what,
    range: { '#tup': [big(o.range.start), big(o.range.end)] },
    written: o.written ?? 'nothing read',
    read: o.read ?? 'nothing read',
    expected: showValue(o.expected, o.range.start),
    got,
    ok: o.ok,
  };
}

/** The run up to and including step `i`, as the property would see it had the run ended there. */
const prefix = (run: Run, i: number, last: boolean): Run => ({
  stages: run.stages,
  stop: last ? run.stop : null,
  halted: last && run.halted,
  steps: run.steps.slice(0, i + 1),
  observations: run.observations.filter((o) => o.step <= i),
});

export interface ItfInput {
  readonly property: Property;
  readonly environment: Environment;
  readonly run: Run;
  /** The counterexample file of the run, carried in `#meta`. */
  readonly file: CounterexampleJson;
}

export function itfTrace({ property, environment, run, file }: ItfInput): ItfTrace {
  const kdumpBoot = STAGES.indexOf('kdump-boot');
  let wrong = 0;
  const states = run.steps.map((s, i) => {
    const reads = run.observations.filter((o) => o.step === i);
    wrong += reads.filter((o) => !o.ok).length;
    const last = i === run.steps.length - 1;
    const verdict = property.judge(prefix(run, i, last)).status;
    const booted = STAGES.indexOf(s.stage) >= kdumpBoot;
    return {
      '#meta': { index: i },
      step: big(i + 1),
      stage: s.stage,
      site: s.site,
      action: s.text,
      firstKernel: kernelState(environment, environment.firstKernelMemEncrypt),
      kdumpKernel: kdumpKernelState(environment, booted),
      reads: reads.map(readOf),
      wrongReads: big(wrong),
      verdict: verdict === 'unexercised' ? 'not exercised yet' : verdict,
      outcome: last ? runEnding(run) : 'running',
    };
  });
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: 'kdump-sme-model',
      description: `kdump-sme: ${property.id} under design ${file.design.name} in ${pairOfEnvironment(environment)}; one state per step of the run`,
      [ITF_COUNTEREXAMPLE_KEY]: file,
    },
    vars: [...ITF_VARS],
    states,
  };
}

/** Is this JSON an ITF trace (by its `#meta.format`)? */
export const isItf = (json: unknown): boolean =>
  typeof json === 'object' && json !== null && '#meta' in json && (json as { '#meta'?: { format?: unknown } })['#meta']?.format === 'ITF';

/** The counterexample file an ITF trace of ours carries, or undefined. */
export const counterexampleOfItf = (json: unknown): unknown => ((json as { '#meta'?: Record<string, unknown> })['#meta'] ?? {})[ITF_COUNTEREXAMPLE_KEY];
