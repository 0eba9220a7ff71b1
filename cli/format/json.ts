/**
 * Shared pieces of the JSON output. Output is stable: the same seed gives the same bytes, so
 * nothing here carries a time or a path that depends on where the command ran.
 */
import type { Design } from '../../model/design/design.ts';
import { DECISION_POINT_NAMES } from '../../model/design/registry.ts';

/** Two-space indented JSON with a final newline. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The design's decisions, in the registry's order of decision points (not the file's). */
export const decisionsJson = (decisions: Design['decisions']): Record<string, string> =>
  Object.fromEntries(DECISION_POINT_NAMES.map((p) => [p, decisions[p]]));

export const designJson = (design: Design) => ({
  name: design.name,
  supports: [...design.supports],
  decisions: decisionsJson(design.decisions),
});
