/**
 * The cover letter's claims, as a ledger the model checks. Each claim quotes the letter short and
 * says what it asserts as checks the model can run: a row of the support table is (or is not)
 * supported under a design, or one property holds (or is violated) in a row. The model's verdict
 * is `confirmed` when every check comes out as the claim says and `refuted` when one does not;
 * a claim with no check is `out of model`, with the reason. Each claim file records the verdict
 * expected of it, so a change to the model or a design that turns a verdict shows.
 *
 * A claim file (scenarios/claims/<id>.json) names id, section, quote, the recorded verdict, a
 * note on what the model shows, the reason when out of model, and the checks; a check's design is
 * a preset, by name, so that the command that checks it can name it too.
 */
import { z } from 'zod';
import { type Design, DesignError, type DesignFile, resolveDesign, type SupportRow, SUPPORT_ROWS } from '../model/design/design.ts';
import { issueLine } from '../model/environment-json.ts';
import { CATALOG, propertyById } from './catalog/index.ts';
import { check, checkAsync, type CheckOptions, type CheckResult, type Counterexample, type PropertyResult } from './check.ts';
import { failingProperties } from './matrix.ts';
import type { Property } from './property.ts';

export const CLAIM_VERDICTS = ['confirmed', 'refuted', 'out of model'] as const;
export type ClaimVerdict = (typeof CLAIM_VERDICTS)[number];

const rowCheckSchema = z.strictObject({ design: z.string(), row: z.enum(SUPPORT_ROWS), supported: z.boolean() });
const propertyCheckSchema = z.strictObject({ design: z.string(), row: z.enum(SUPPORT_ROWS), property: z.string(), verdict: z.enum(['holds', 'violated']) });

const claimSchema = z.strictObject({
  id: z.string().regex(/^[0-9]+[a-z]?$/, 'expected a number, perhaps with a letter ("4", "5b")'),
  section: z.string().min(1),
  quote: z.string().min(1).max(160, 'quote the letter short: at most 160 characters'),
  verdict: z.enum(CLAIM_VERDICTS),
  note: z.string().min(1),
  reason: z.string().min(1).optional(),
  checks: z.array(z.union([rowCheckSchema, propertyCheckSchema])),
});

/** What a claim asserts of one row under one design. */
export type ClaimCheck =
  | { readonly kind: 'row'; readonly design: Design; readonly row: SupportRow; readonly supported: boolean }
  | { readonly kind: 'property'; readonly design: Design; readonly row: SupportRow; readonly property: Property; readonly verdict: 'holds' | 'violated' };

export interface Claim {
  readonly id: string;
  /** Where in the letter: "the support table", "case 1", "test tools". */
  readonly section: string;
  readonly quote: string;
  /** The verdict recorded with the claim: what the model is expected to say. */
  readonly recorded: ClaimVerdict;
  /** What the model shows, in a sentence or two. */
  readonly note: string;
  /** Why the model cannot judge the claim (out of model only). */
  readonly reason: string | null;
  readonly checks: readonly ClaimCheck[];
}

export class ClaimError extends Error {
  override readonly name = 'ClaimError';
}

function designOf(name: string, where: string, lookup: (name: string) => DesignFile | undefined): Design {
  const file = lookup(name);
  if (file === undefined) throw new ClaimError(`${where}: no preset named ${JSON.stringify(name)}`);
  try {
    return resolveDesign(file, lookup, where);
  } catch (e) {
    if (e instanceof DesignError) throw new ClaimError(e.message);
    throw e;
  }
}

/** A claim file, checked: every problem is one ClaimError line naming the file and the key. */
export function parseClaim(json: unknown, where: string, lookup: (name: string) => DesignFile | undefined): Claim {
  const parsed = claimSchema.safeParse(json);
  if (!parsed.success) throw new ClaimError(issueLine(parsed.error.issues[0]!, where));
  const c = parsed.data;
  if (c.verdict === 'out of model' && (c.checks.length > 0 || c.reason === undefined)) throw new ClaimError(`${where}: a claim out of model has a "reason" and no checks`);
  if (c.verdict !== 'out of model' && (c.checks.length === 0 || c.reason !== undefined)) throw new ClaimError(`${where}: a claim the model judges has checks and no "reason"`);
  const checks = c.checks.map((k, i): ClaimCheck => {
    const at = `${where}: "checks.${i}"`;
    const design = designOf(k.design, `${at}: design`, lookup);
    if ('supported' in k) return { kind: 'row', design, row: k.row, supported: k.supported };
    const property = propertyById(k.property);
    if (property === undefined) throw new ClaimError(`${at}: unknown property "${k.property}" (known: ${CATALOG.map((p) => p.id).join(', ')})`);
    return { kind: 'property', design, row: k.row, property, verdict: k.verdict };
  });
  return { id: c.id, section: c.section, quote: c.quote, recorded: c.verdict, note: c.note, reason: c.reason ?? null, checks };
}

export interface CheckOutcome {
  readonly check: ClaimCheck;
  /** Did the model say what the claim says? */
  readonly agrees: boolean;
  /** What the model said, in a few words ("off/on not supported (CACHE-NO-STALE-WRITEBACK)"). */
  readonly said: string;
  /** The properties expected to hold that failed in the row (a row check), or the property (if violated). */
  readonly failing: readonly PropertyResult[];
  /** The evidence of a violation: the first failing property's shrunk counterexample. */
  readonly counterexample: Counterexample | null;
}

export interface ClaimOutcome {
  readonly claim: Claim;
  readonly verdict: ClaimVerdict;
  readonly checks: readonly CheckOutcome[];
}

export const claimOk = (o: ClaimOutcome): boolean => o.verdict === o.claim.recorded;

/** The properties that failed a row, short: those violated by name, those never reached counted. */
function whyNot(failing: readonly PropertyResult[]): string {
  const violated = failing.filter((r) => r.verdict === 'violated').map((r) => r.property.id);
  const unreached = failing.length - violated.length;
  return [...(violated.length === 0 ? [] : [`${violated.join(', ')} violated`]), ...(unreached === 0 ? [] : [`${unreached} unreached`])].join('; ');
}

/** The check `check` runs for a claim's check: in its row, shrinking the counterexample that is its evidence. */
const checkOptions = (k: ClaimCheck, runs: number, seed: number): CheckOptions =>
  ({ design: { ...k.design, supports: [k.row] }, pairs: [k.row], runs, seed, properties: k.kind === 'property' ? [k.property] : CATALOG });

/** What the model said of a claim's check, from the check's result. */
function outcomeOf(k: ClaimCheck, result: CheckResult): CheckOutcome {
  if (k.kind === 'property') {
    const r = result.properties[0]!;
    const said = `${r.property.id} ${r.verdict}`;
    return { check: k, agrees: r.verdict === k.verdict, said, failing: r.verdict === 'violated' ? [r] : [], counterexample: r.counterexample };
  }
  const failing = failingProperties(result);
  const supported = failing.length === 0;
  const said = supported ? `${k.row} supported` : `${k.row} not supported (${whyNot(failing)})`;
  return { check: k, agrees: supported === k.supported, said, failing, counterexample: failing.find((r) => r.counterexample !== null)?.counterexample ?? null };
}

const verdictOf = (checks: readonly CheckOutcome[]): ClaimVerdict => (checks.length === 0 ? 'out of model' : checks.every((c) => c.agrees) ? 'confirmed' : 'refuted');

export function checkClaim(claim: Claim, runs: number, seed: number): ClaimOutcome {
  const checks = claim.checks.map((k) => outcomeOf(k, check(checkOptions(k, runs, seed))));
  return { claim, verdict: verdictOf(checks), checks };
}

/** A claim, giving the event loop a turn between batches; null when `shouldStop` ended it early. */
export async function checkClaimAsync(claim: Claim, runs: number, seed: number, shouldStop: () => boolean): Promise<ClaimOutcome | null> {
  const checks: CheckOutcome[] = [];
  for (const k of claim.checks) {
    const result = await checkAsync({ ...checkOptions(k, runs, seed), shouldStop });
    if (result.interrupted) return null;
    checks.push(outcomeOf(k, result));
  }
  return { claim, verdict: verdictOf(checks), checks };
}

/** What a check asserts, in words: "on/on supported", "VMCORE-OLDMEM violated in on/off". */
export const asserted = (k: ClaimCheck): string =>
  k.kind === 'row' ? `${k.row} ${k.supported ? 'supported' : 'not supported'}` : `${k.property.id} ${k.verdict} in ${k.row}`;
