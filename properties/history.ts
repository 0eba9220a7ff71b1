/**
 * Fixes from the history of the kernel and its tools, each a case the model must tell apart: the
 * design before the fix breaks the named property in the pair where the bug was seen, and the
 * same design after it holds there. Both verdicts come from `check`, so a case passes only if the
 * model, run as for any design, catches the bug and clears the fix.
 *
 * A case file (scenarios/history/<project>-<commit, 12 digits>.json) names the project, the
 * commit, its subject line, what was seen, the property and pair, and the two designs as design
 * files (usually `extends` a preset and sets the points the fix changed).
 *
 * A commit that changed a mechanism without fixing a bug the model can show (an optimisation, a
 * refactoring ahead of other work) is a case of kind "refinement": both sides must hold, so the
 * model checks that the change broke nothing.
 */
import { z } from 'zod';
import { type Design, DesignError, type DesignFile, parseDesignFile, resolveDesign, type SupportRow, SUPPORT_ROWS } from '../model/design/design.ts';
import { DECISION_POINT_NAMES } from '../model/design/registry.ts';
import { issueLine } from '../model/environment-json.ts';
import { CATALOG, propertyById } from './catalog/index.ts';
import { check, type CheckResult, type PropertyResult } from './check.ts';
import type { Property } from './property.ts';

export const HISTORY_PROJECTS = ['linux', 'kexec-tools', 'makedumpfile'] as const;

const caseSchema = z.strictObject({
  project: z.enum(HISTORY_PROJECTS),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'expected the commit\'s full 40-digit hash'),
  subject: z.string().min(1),
  seen: z.string().min(1),
  property: z.string(),
  pair: z.enum(SUPPORT_ROWS),
  kind: z.enum(['fix', 'refinement']).optional(),
  before: z.unknown(),
  after: z.unknown(),
});

export interface HistoryCase {
  readonly project: (typeof HISTORY_PROJECTS)[number];
  readonly commit: string;
  readonly subject: string;
  readonly seen: string;
  readonly property: Property;
  readonly pair: SupportRow;
  /** A fix: the design before it breaks the property. A refinement: it holds before as after. */
  readonly kind: 'fix' | 'refinement';
  readonly before: Design;
  readonly after: Design;
}

export class HistoryError extends Error {
  override readonly name = 'HistoryError';
}

/** The file name a case must have: the project and the commit's first 12 digits. */
export const historyFileName = (c: Pick<HistoryCase, 'project' | 'commit'>): string => `${c.project}-${c.commit.slice(0, 12)}.json`;

/** A case file, checked: every problem is one HistoryError line naming the file and the key. */
export function parseHistoryCase(json: unknown, where: string, lookup: (name: string) => DesignFile | undefined): HistoryCase {
  const parsed = caseSchema.safeParse(json);
  if (!parsed.success) throw new HistoryError(issueLine(parsed.error.issues[0]!, where));
  const c = parsed.data;
  const property = propertyById(c.property);
  if (property === undefined) throw new HistoryError(`${where}: unknown property "${c.property}" (known: ${CATALOG.map((p) => p.id).join(', ')})`);
  const design = (side: 'before' | 'after'): Design => {
    try {
      return resolveDesign(parseDesignFile(c[side], `${where}: ${side}`), lookup, `${where}: ${side}`);
    } catch (e) {
      if (e instanceof DesignError) throw new HistoryError(e.message);
      throw e;
    }
  };
  const before = design('before');
  const after = design('after');
  if (DECISION_POINT_NAMES.every((p) => before.decisions[p] === after.decisions[p])) throw new HistoryError(`${where}: "before" and "after" pick the same option at every decision point`);
  return { project: c.project, commit: c.commit, subject: c.subject, seen: c.seen, property, pair: c.pair, kind: c.kind ?? 'fix', before, after };
}

export interface HistoryOutcome {
  readonly case: HistoryCase;
  readonly before: PropertyResult;
  readonly after: PropertyResult;
  /** The whole checks, for their counterexamples. */
  readonly checks: { readonly before: CheckResult; readonly after: CheckResult };
  /** The design before the fix breaks the property (for a refinement: holds, as after). */
  readonly caught: boolean;
  /** The design after it holds: exercised, never broken. */
  readonly cleared: boolean;
}

export const historyOk = (o: HistoryOutcome): boolean => o.caught && o.cleared;

/** Check both sides of a case in its pair, with `check`'s generation and shrinking. */
export function checkHistoryCase(c: HistoryCase, runs: number, seed: number): HistoryOutcome {
  const side = (design: Design) => check({ design: { ...design, supports: [c.pair] }, pairs: [c.pair], runs, seed });
  const checks = { before: side(c.before), after: side(c.after) };
  const result = (r: CheckResult): PropertyResult => r.properties.find((p) => p.property === c.property)!;
  const before = result(checks.before);
  const after = result(checks.after);
  const caught = c.kind === 'fix' ? before.verdict === 'violated' : before.verdict === 'holds';
  return { case: c, before, after, checks, caught, cleared: after.verdict === 'holds' };
}
