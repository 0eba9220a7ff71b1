/**
 * A design that says which of its points a run consulted. The stages receive the design as an
 * object and look up a point by name; a recording design is a Proxy whose every lookup of a point
 * goes through one function, so a point cannot be consulted without its read being seen: there is
 * no other way into the object. Listing its keys or copying it reads every point.
 */
import { DECISION_POINT_NAMES, type DecisionPoint, type Decisions, isDecisionPoint } from './registry.ts';

/** A design whose point `p` is `read(p)`, each time the model consults it. */
export function recordingDesign(read: (point: DecisionPoint) => string): Decisions {
  const target = {} as Decisions;
  return new Proxy(target, {
    get: (_, key) => (typeof key === 'string' && isDecisionPoint(key) ? read(key) : undefined),
    has: (_, key) => typeof key === 'string' && isDecisionPoint(key),
    ownKeys: () => [...DECISION_POINT_NAMES],
    getOwnPropertyDescriptor: (_, key) =>
      typeof key === 'string' && isDecisionPoint(key) ? { value: read(key), enumerable: true, configurable: true, writable: false } : undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** `decisions`, with the set of points the model read from it. */
export function recorded(decisions: Decisions): { design: Decisions; read: Set<DecisionPoint> } {
  const read = new Set<DecisionPoint>();
  return {
    read,
    design: recordingDesign((p) => {
      read.add(p);
      return decisions[p];
    }),
  };
}
