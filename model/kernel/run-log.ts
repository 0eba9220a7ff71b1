/**
 * The run being recorded, as the machine's context carries it: steps and observations go into
 * append-only logs shared by the contexts of one run, so recording a step costs one push rather
 * than a copy of everything recorded so far.
 *
 * Each context sees its own prefix of a log (the log array and a length). Appending to the
 * longest prefix pushes in place; appending to a shorter one (a context that something else has
 * already extended, as when xstate/graph explores two events from one snapshot) copies its prefix
 * first. So what a context sees never changes, and contexts stay values, as the machine requires.
 * `steps` and `observations` are materialised (and cached) when read; `frozen()` gives the plain,
 * frozen Run a finished run hands out.
 *
 * A step's text may be recorded as a function that writes it: formatting addresses costs more
 * than the rest of a step, and most runs are judged without anyone reading their steps, so the
 * text is written when `steps` is first read.
 */
import { expand, type LogEntry, OBSERVATION_LOG } from './observation-log.ts';
import type { Observation, Run, Stage, Step, Stop } from './run.ts';

/** `items` if a record seeing its first `length` items sees all of it (so pushing is safe), else a copy of what it sees. */
const forAppend = <T>(items: T[], length: number): T[] => (items.length === length ? items : items.slice(0, length));

const materialise = <T>(items: readonly T[], length: number): readonly T[] => Object.freeze(items.slice(0, length));

/** A step as recorded: its text, or a function that writes it. */
export interface RecordedStep {
  readonly stage: Stage;
  readonly site: string;
  readonly text: string | (() => string);
}

const written = (s: RecordedStep): Step => (typeof s.text === 'string' ? (s as Step) : { stage: s.stage, site: s.site, text: s.text() });

export class RunRecord implements Run {
  #steps: readonly Step[] | undefined;
  #entries: readonly LogEntry[] | undefined;
  #observations: readonly Observation[] | undefined;

  private constructor(
    readonly stages: readonly Stage[],
    readonly stop: Stop | null,
    readonly halted: boolean,
    private readonly stepItems: RecordedStep[],
    readonly stepCount: number,
    private readonly entryItems: LogEntry[],
    private readonly entryCount: number,
  ) {}

  /** A new, empty run with logs of its own. */
  static start(): RunRecord {
    return new RunRecord([], null, false, [], 0, [], 0);
  }

  get steps(): readonly Step[] {
    return (this.#steps ??= writtenSteps(this.stepItems, this.stepCount));
  }

  /** The observation log: observations and batches of them (see observation-log.ts). */
  get [OBSERVATION_LOG](): readonly LogEntry[] {
    return (this.#entries ??= materialise(this.entryItems, this.entryCount));
  }

  get observations(): readonly Observation[] {
    return (this.#observations ??= Object.freeze(expand(this[OBSERVATION_LOG])));
  }

  withStep(s: RecordedStep): RunRecord {
    const items = forAppend(this.stepItems, this.stepCount);
    items.push(s);
    return new RunRecord(this.stages, this.stop, this.halted, items, this.stepCount + 1, this.entryItems, this.entryCount);
  }

  withObservations(entries: readonly LogEntry[]): RunRecord {
    if (entries.length === 0) return this;
    const items = forAppend(this.entryItems, this.entryCount);
    for (const e of entries) items.push(e);
    return new RunRecord(this.stages, this.stop, this.halted, this.stepItems, this.stepCount, items, this.entryCount + entries.length);
  }

  withStage(stage: Stage): RunRecord {
    if (this.stages.includes(stage)) return this;
    return new RunRecord([...this.stages, stage], this.stop, this.halted, this.stepItems, this.stepCount, this.entryItems, this.entryCount);
  }

  withStop(stop: Stop): RunRecord {
    return new RunRecord(this.stages, stop, this.halted, this.stepItems, this.stepCount, this.entryItems, this.entryCount);
  }

  withHalted(): RunRecord {
    return new RunRecord(this.stages, this.stop, true, this.stepItems, this.stepCount, this.entryItems, this.entryCount);
  }

  /**
   * The run as plain, frozen data. Its `steps` and `observations` are own, enumerable accessors
   * that write the steps and expand the log on first use (so a caller that only judges the run
   * never formats a step or builds every observation); one getter function of each serves every
   * run, so that V8 gives all runs one shape.
   */
  frozen(): Run {
    const run = { stages: Object.freeze(this.stages), stop: this.stop, halted: this.halted };
    const holder: LogHolder = { log: this[OBSERVATION_LOG], observations: null, stepItems: this.stepItems, stepCount: this.stepCount, steps: this.#steps ?? null };
    Object.defineProperty(run, 'steps', { get: frozenSteps, enumerable: true });
    Object.defineProperty(run, 'observations', { get: expandedObservations, enumerable: true });
    Object.defineProperty(run, OBSERVATION_LOG, { value: holder });
    return Object.freeze(run) as unknown as Run;
  }
}

const writtenSteps = (items: readonly RecordedStep[], count: number): readonly Step[] => Object.freeze(items.slice(0, count).map(written));

interface LogHolder {
  readonly log: readonly LogEntry[];
  observations: readonly Observation[] | null;
  readonly stepItems: readonly RecordedStep[];
  readonly stepCount: number;
  steps: readonly Step[] | null;
}

function frozenSteps(this: { readonly [OBSERVATION_LOG]: LogHolder }): readonly Step[] {
  const holder = this[OBSERVATION_LOG];
  return (holder.steps ??= writtenSteps(holder.stepItems, holder.stepCount));
}

function expandedObservations(this: { readonly [OBSERVATION_LOG]: LogHolder }): readonly Observation[] {
  const holder = this[OBSERVATION_LOG];
  return (holder.observations ??= Object.freeze(expand(holder.log)));
}
