/**
 * Counterexamples as files: the environment, the design, the property, the verdict found, and
 * fast-check's seed and path, so that a test or `kdump-sme replay` re-runs exactly the same run.
 * The file carries a format name and version; anything else is refused with a one-line reason.
 */
import { z } from 'zod';
import { type Design, DesignError, parseDesignFile, resolveDesign, SUPPORT_ROWS, type SupportRow } from '../model/design/design.ts';
import type { Environment } from '../model/environment.ts';
import { EnvironmentError, environmentFromJson, environmentSchema, environmentToJson, issueLine } from '../model/environment-json.ts';
import { runKdump } from '../model/run.ts';
import type { Run } from '../model/kernel/run.ts';
import { CATALOG, propertyById } from './catalog/index.ts';
import type { Counterexample, Verdict } from './check.ts';
import type { Property } from './property.ts';
import { describeEnvironment, renderTrace } from './trace.ts';

export const COUNTEREXAMPLE_FORMAT = 'kdump-sme-counterexample';
export const COUNTEREXAMPLE_VERSION = 4;

const fileSchema = z.strictObject({
  format: z.literal(COUNTEREXAMPLE_FORMAT),
  version: z.literal(COUNTEREXAMPLE_VERSION),
  property: z.string(),
  verdict: z.enum(['holds', 'violated', 'unreached']),
  design: z.strictObject({ name: z.string(), supports: z.array(z.enum(SUPPORT_ROWS)), decisions: z.record(z.string(), z.string()) }),
  pairs: z.array(z.enum(SUPPORT_ROWS)).min(1),
  seed: z.int(),
  path: z.string(),
  environment: environmentSchema,
  trace: z.array(z.string()),
});

export type CounterexampleJson = z.infer<typeof fileSchema>;

export function counterexampleToJson(cx: Counterexample): CounterexampleJson {
  return {
    format: COUNTEREXAMPLE_FORMAT,
    version: COUNTEREXAMPLE_VERSION,
    property: cx.property.id,
    verdict: 'violated',
    design: { name: cx.design.name, supports: [...cx.design.supports], decisions: { ...cx.design.decisions } },
    pairs: [...cx.pairs],
    seed: cx.seed,
    path: cx.path,
    environment: environmentToJson(cx.environment),
    trace: [...cx.trace],
  };
}

/** A counterexample file, checked and decoded. */
export interface SavedCounterexample {
  readonly property: Property;
  readonly verdict: Verdict;
  readonly design: Design;
  readonly pairs: readonly SupportRow[];
  readonly seed: number;
  readonly path: string;
  readonly environment: Environment;
}

export class CounterexampleError extends Error {
  override readonly name = 'CounterexampleError';
}

/** Why a file of our format cannot be read, by its version field (shown only if it is a plain number or short string). */
function versionProblem(version: unknown): string {
  if (version === undefined) return 'a counterexample file with no format version';
  const plain = typeof version === 'number' || (typeof version === 'string' && version.length <= 20);
  return plain ? `written by format version ${JSON.stringify(version)}` : 'a counterexample file with an unreadable format version';
}

/**
 * Points added within version 4, with the option a file that does not name them means: the one
 * every kernel had, under which its run is the run it records.
 */
const ADDED_IN_VERSION_4: Readonly<Record<string, string>> = { 'handoff.firstKernelSme': 'none', 'kdump.cbitSource': 'own-mask' };

export function counterexampleFromJson(json: unknown, where: string): SavedCounterexample {
  const version = typeof json === 'object' && json !== null && 'format' in json && json.format === COUNTEREXAMPLE_FORMAT ? (json as { version?: unknown }).version : COUNTEREXAMPLE_VERSION;
  if (version !== COUNTEREXAMPLE_VERSION) throw new CounterexampleError(`${where}: ${versionProblem(version)}; this kdump-sme reads version ${COUNTEREXAMPLE_VERSION}`);
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new CounterexampleError(issueLine(parsed.error.issues[0]!, `${where} is not a kdump-sme counterexample`));
  const j = parsed.data;
  const property = propertyById(j.property);
  if (property === undefined) throw new CounterexampleError(`${where}: unknown property "${j.property}" (known: ${CATALOG.map((p) => p.id).join(', ')})`);
  try {
    const file = parseDesignFile(j.design, `${where}: design`);
    const design = resolveDesign({ ...file, decisions: { ...ADDED_IN_VERSION_4, ...file.decisions } }, () => undefined, `${where}: design`);
    const environment = environmentFromJson(j.environment, `${where}: environment`);
    return { property, verdict: j.verdict, design, pairs: j.pairs, seed: j.seed, path: j.path, environment };
  } catch (e) {
    if (e instanceof DesignError || e instanceof EnvironmentError) throw new CounterexampleError(e.message);
    throw e;
  }
}

export interface Replay {
  readonly saved: SavedCounterexample;
  readonly run: Run;
  readonly verdict: Verdict;
  readonly trace: readonly string[];
  /** Does the run give the verdict the file recorded? */
  readonly reproduced: boolean;
}

/** Re-run a saved counterexample's environment under its design and judge its property again. */
export function replay(saved: SavedCounterexample): Replay {
  const { run } = runKdump(saved.environment, saved.design.decisions);
  const j = saved.property.judge(run);
  const verdict: Verdict = j.status === 'violated' ? 'violated' : j.status === 'holds' ? 'holds' : 'unreached';
  const trace = [...describeEnvironment(saved.environment), ...renderTrace(run, j.status === 'violated' ? j.observation : undefined)];
  return { saved, run, verdict, trace, reproduced: verdict === saved.verdict };
}
