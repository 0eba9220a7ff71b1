/**
 * A kernel design: an option at every decision point, and the SME pairs it claims to support.
 *
 * A design file is `{ "name", "extends"?, "supports"?, "decisions" }`. `extends` names another
 * design (a preset) whose decisions and claims this one starts from; an absent `supports` is
 * inherited, and a design without `extends` must give every decision and its `supports`.
 */
import { z } from 'zod';
import type { Platform } from '../environment.ts';
import { DECISION_POINT_NAMES, DECISION_POINTS, type DecisionPoint, type Decisions, decisionsProblem, isDecisionPoint, optionsOf } from './registry.ts';

/** (first kernel SME active, kdump kernel SME active), written "on/off". */
export const SME_PAIRS = ['on/on', 'on/off', 'off/on', 'off/off'] as const;
export type SmePair = (typeof SME_PAIRS)[number];

/**
 * The rows of the support table: the four SME pairs of an SME host, and "sev", an SEV guest (where
 * both kernels run with SEV whatever `mem_encrypt=` says, so there is one row, not four).
 */
export const SUPPORT_ROWS = [...SME_PAIRS, 'sev'] as const;
export type SupportRow = (typeof SUPPORT_ROWS)[number];

/** The platform a row's runs are on. */
export const platformOfRow = (row: SupportRow): Platform => (row === 'sev' ? 'sev-guest' : 'sme-host');

export const isSmePair = (row: SupportRow): row is SmePair => row !== 'sev';

export interface Design {
  readonly name: string;
  readonly supports: readonly SupportRow[];
  readonly decisions: Decisions;
}

export interface DesignFile {
  readonly name: string;
  readonly extends?: string | undefined;
  readonly supports?: readonly SupportRow[] | undefined;
  readonly decisions: Partial<Record<DecisionPoint, string>>;
}

/** A design that cannot be used, with a one-line reason. */
export class DesignError extends Error {
  override readonly name = 'DesignError';
}

const designFileSchema = z.strictObject({
  name: z.string().min(1),
  extends: z.string().min(1).optional(),
  supports: z.array(z.enum(SUPPORT_ROWS)).optional(),
  decisions: z.record(z.string(), z.string()),
});

const list = (xs: readonly string[]): string => xs.join(', ');

function describeIssue(issue: z.core.$ZodIssue, where: string): string {
  const path = issue.path.map(String).join('.');
  const at = path === '' ? where : `${where}: "${path}"`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${where}: unknown key "${issue.keys.join('", "')}" (valid keys: name, extends, supports, decisions)`;
    case 'invalid_value':
      return typeof issue.input === 'string'
        ? `${at}: "${issue.input}" is not a valid SME pair or platform row (valid: ${list(SUPPORT_ROWS)})`
        : `${at}: expected an SME pair or "sev" (valid: ${list(SUPPORT_ROWS)})`;
    case 'invalid_type':
      return `${at}: expected ${issue.expected}, got ${issue.input === null ? 'null' : Array.isArray(issue.input) ? 'array' : typeof issue.input}`;
    default:
      return `${at}: ${issue.message}`;
  }
}

/** Check the shape of a parsed design file; `where` names it in messages. */
export function parseDesignFile(json: unknown, where: string): DesignFile {
  const parsed = designFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new DesignError(describeIssue(parsed.error.issues[0]!, where));
  const file = parsed.data;
  // The raw object's own keys: a record schema quietly drops a "__proto__" key, which must be refused too.
  const raw = (json as { decisions: Record<string, unknown> }).decisions;
  for (const point of Object.keys(raw)) {
    if (!isDecisionPoint(point)) throw new DesignError(`${where}: unknown decision point "${point}" (valid: ${list(DECISION_POINT_NAMES)})`);
  }
  for (const [point, option] of Object.entries(file.decisions)) {
    if (!isDecisionPoint(point)) {
      throw new DesignError(`${where}: unknown decision point "${point}" (valid: ${list(DECISION_POINT_NAMES)})`);
    }
    if (!optionsOf(point).includes(option)) {
      throw new DesignError(`${where}: "${option}" is not an option of ${point} (valid: ${list(optionsOf(point))})`);
    }
  }
  return { ...file, decisions: file.decisions };
}

/** How deep `extends` may nest before it is refused. */
export const MAX_EXTENDS_DEPTH = 16;

/**
 * Resolve a design file against the designs `lookup` knows (the presets), following `extends`.
 * Throws DesignError for a missing or cyclic parent, or a design left incomplete.
 */
export function resolveDesign(file: DesignFile, lookup: (name: string) => DesignFile | undefined, where: string): Design {
  const chain: DesignFile[] = [file];
  // Preset names followed so far. A file may share a preset's name and extend it; it is cyclic
  // only when the chain comes back to a design already in it.
  const visited: string[] = [];
  for (let cur = file; cur.extends !== undefined; ) {
    const parentName: string = cur.extends;
    const parent = lookup(parentName);
    if (visited.includes(parentName) || parent === file) {
      throw new DesignError(`${where}: "extends" is cyclic (${[file.name, ...visited, parentName].join(' -> ')})`);
    }
    if (visited.length >= MAX_EXTENDS_DEPTH) throw new DesignError(`${where}: "extends" nests deeper than ${MAX_EXTENDS_DEPTH} designs`);
    if (parent === undefined) throw new DesignError(`${where}: "extends" names "${parentName}", which is not a preset`);
    visited.push(parentName);
    chain.push(parent);
    cur = parent;
  }
  const decisions: Partial<Record<DecisionPoint, string>> = {};
  let supports: readonly SupportRow[] | undefined;
  for (const d of chain.reverse()) {
    Object.assign(decisions, d.decisions);
    if (d.supports !== undefined) supports = d.supports;
  }
  const missing = DECISION_POINT_NAMES.filter((p) => decisions[p] === undefined);
  if (missing.length > 0) throw new DesignError(`${where}: no option for ${list(missing)} (give it, or "extends" a preset)`);
  const problem = decisionsProblem(decisions);
  if (problem !== null) throw new DesignError(`${where}: ${problem}`);
  if (supports === undefined) throw new DesignError(`${where}: "supports" is missing (give it, or "extends" a preset)`);
  return { name: file.name, supports: [...new Set(supports)], decisions: decisions as Decisions };
}

/**
 * Every design that picks any option at the points in `vary` (or, where `only` names the point,
 * one of those options) and `base`'s option everywhere else, in a fixed order (points in the
 * registry's order, the first varying slowest), less those `decisionsProblem` refuses. With no
 * `base`, `vary` must be every point.
 */
export function designSpace(vary: readonly DecisionPoint[] = DECISION_POINT_NAMES, base?: Decisions, only: Readonly<Partial<Record<DecisionPoint, readonly string[]>>> = {}): Decisions[] {
  if (base === undefined && DECISION_POINT_NAMES.some((p) => !vary.includes(p))) throw new DesignError('a design space that varies only some points needs a base design');
  let combos: Partial<Record<DecisionPoint, string>>[] = [{ ...base }];
  for (const point of DECISION_POINT_NAMES.filter((p) => vary.includes(p))) {
    combos = combos.flatMap((c) => (only[point] ?? DECISION_POINTS[point].options).map((o) => ({ ...c, [point]: o })));
  }
  // A reader that needs the first kernel's SME flag is no design without the hand-off.
  return combos.filter((c) => decisionsProblem(c) === null) as Decisions[];
}

/** How many designs the decision points allow. */
export const designCount = (): number => DECISION_POINT_NAMES.reduce((n, p) => n * DECISION_POINTS[p].options.length, 1);

/** The design at `index` (0 to designCount() - 1) in `designSpace()`'s order: each point a digit, the last point varying fastest. */
export function designAt(index: number): Decisions {
  const out: Partial<Record<DecisionPoint, string>> = {};
  let rest = index;
  for (let i = DECISION_POINT_NAMES.length - 1; i >= 0; i--) {
    const point = DECISION_POINT_NAMES[i]!;
    const options = DECISION_POINTS[point].options;
    out[point] = options[rest % options.length];
    rest = Math.floor(rest / options.length);
  }
  return out as Decisions;
}

/** Every combination of options the decision points allow, one at a time (there are tens of millions), those `decisionsProblem` refuses among them. */
export function* allDecisionCombinations(): Generator<Decisions> {
  const n = designCount();
  for (let i = 0; i < n; i++) yield designAt(i);
}

export const pairOf = (firstKernelSme: boolean, kdumpKernelSme: boolean): SmePair =>
  `${firstKernelSme ? 'on' : 'off'}/${kdumpKernelSme ? 'on' : 'off'}`;
