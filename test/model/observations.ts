/** What the model tests pick out of a run's observations. */
import type { Observation, ReadKind } from '../../model/kernel/run.ts';

/** The observations of the given read kinds, in run order. */
export const ofKind = (obs: readonly Observation[], ...kinds: ReadKind[]): Observation[] => obs.filter((o) => kinds.includes(o.kind));
