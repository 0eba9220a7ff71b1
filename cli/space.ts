/**
 * The design space `explore` walks: `--vary P1,P2,...` names the points whose every option is
 * tried (default: the series' nine; `all`: every point, the whole grown space), `--fix P=option` (repeatable) pins a point, and every other
 * point keeps the option of `--design` (default sme-kdump-v7). Each problem is one usage line.
 */
import type { Design } from '../model/design/design.ts';
import { DECISION_POINT_NAMES, type DecisionPoint, type Decisions, isDecisionPoint, optionsOf, SERIES_OPTIONS, SERIES_POINTS } from '../model/design/registry.ts';
import { UsageError } from './io.ts';

export interface DesignSpaceChoice {
  readonly base: Decisions;
  readonly vary: readonly DecisionPoint[];
  /** The options explored at a varied point, where not all: the series' own without --vary. */
  readonly only: Readonly<Partial<Record<DecisionPoint, readonly string[]>>>;
}

function pointNamed(flag: string, name: string): DecisionPoint {
  if (!isDecisionPoint(name)) throw new UsageError(`--${flag}: unknown decision point ${JSON.stringify(name)} (valid: ${DECISION_POINT_NAMES.join(', ')})`);
  return name;
}

export function designSpaceOption(design: Design, vary: string | undefined, fix: readonly string[] = []): DesignSpaceChoice {
  const varied = vary === undefined ? [...SERIES_POINTS] : vary.trim() === 'all' ? [...DECISION_POINT_NAMES] : vary.split(',').map((p) => pointNamed('vary', p.trim()));
  if (vary !== undefined && varied.length !== new Set(varied).size) throw new UsageError(`--vary: a decision point is named twice in ${JSON.stringify(vary)}`);
  const base: Record<string, string> = { ...design.decisions };
  const fixed = new Set<DecisionPoint>();
  for (const f of fix) {
    const eq = f.indexOf('=');
    if (eq < 0) throw new UsageError(`--fix: ${JSON.stringify(f)} is not POINT=OPTION`);
    const point = pointNamed('fix', f.slice(0, eq).trim());
    const option = f.slice(eq + 1).trim();
    if (!optionsOf(point).includes(option)) throw new UsageError(`--fix: "${option}" is not an option of ${point} (valid: ${optionsOf(point).join(', ')})`);
    if (fixed.has(point)) throw new UsageError(`--fix: ${point} is fixed twice`);
    if (vary !== undefined && varied.includes(point)) throw new UsageError(`--fix: ${point} is also in --vary; a point is either varied or fixed`);
    fixed.add(point);
    base[point] = option;
  }
  return { base: base as Decisions, vary: varied.filter((p) => !fixed.has(p)), only: vary === undefined ? SERIES_OPTIONS : {} };
}

/** `--by P1,P2,...`: points to group the designs by, each one of those varied. */
export function groupByOption(by: string | undefined, vary: readonly DecisionPoint[]): DecisionPoint[] {
  if (by === undefined) return [];
  const points = by.split(',').map((p) => pointNamed('by', p.trim()));
  if (points.length !== new Set(points).size) throw new UsageError(`--by: a decision point is named twice in ${JSON.stringify(by)}`);
  const still = points.find((p) => !vary.includes(p));
  if (still !== undefined) throw new UsageError(`--by: ${still} is not varied, so every design has the same option there (varied: ${vary.join(', ')})`);
  return points;
}
