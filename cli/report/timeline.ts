/**
 * A counterexample's run as a timeline of the kdump stages, from the first kernel to the dump,
 * with the step that made the failing read marked, and beside it the trace as `check` prints it.
 */
import { type Observation, type Run, STAGES, type Stage } from '../../model/kernel/run.ts';
import { html, type Html } from './html.ts';

/** What a stage was in the run: reached, where the failing read happened, or not reached. */
export type StageState = 'reached' | 'failing' | 'unreached';

const STAGE_NAMES: Readonly<Record<Stage, string>> = {
  'first-kernel': 'first kernel',
  'kexec-load': 'kexec load',
  panic: 'panic',
  relocation: 'relocation',
  purgatory: 'purgatory',
  'kdump-boot': 'kdump boot',
  'boot-data': 'boot data',
  'iommu-init': 'IOMMU init',
  'vmcore-init': 'vmcore init',
  dump: 'dump',
  'dump-tool': 'dump tool',
};

/** The stage of the failing step, and what each stage was. */
export function stageStates(run: Run, failing: Observation): Record<Stage, StageState> {
  const failingStage = run.steps[failing.step]?.stage ?? run.stop?.stage;
  const states = {} as Record<Stage, StageState>;
  for (const stage of STAGES) states[stage] = stage === failingStage ? 'failing' : run.stages.includes(stage) ? 'reached' : 'unreached';
  return states;
}

function stateText(state: StageState, stage: Stage, run: Run): string {
  if (state === 'failing') return run.stop?.stage === stage ? 'failed here, run stopped' : 'failing read here';
  return state === 'reached' ? 'reached' : 'not reached';
}

function stageItem(stage: Stage, state: StageState, run: Run, failing: Observation): Html {
  const steps = run.steps.map((s, i) => ({ ...s, i })).filter((s) => s.stage === stage);
  const items = steps.map((s) => {
    const mark = s.i === failing.step;
    return html`<li class="${mark ? 'failing-step' : 'step'}" data-step="${s.i + 1}">${mark ? '✗ ' : ''}${s.i + 1}. ${s.site}</li>`;
  });
  return html`<li class="${state}" data-stage="${stage}" data-state="${state}"><span class="stage">${STAGE_NAMES[stage]}</span><span class="stage-state">${stateText(state, stage, run)}</span>${steps.length === 0 ? '' : html`<ul class="steps">${items}</ul>`}</li>
`;
}

export function timeline(run: Run, failing: Observation): Html {
  const states = stageStates(run, failing);
  return html`<ol class="timeline">${STAGES.map((stage) => stageItem(stage, states[stage], run, failing))}</ol>`;
}

/** The trace lines, the failing read (`>>`) and the stop marked. */
export function traceBlock(trace: readonly string[]): Html {
  const lines = trace.map((line) => {
    if (line.trimStart().startsWith('>>')) return html`<span class="focus">${line}</span>`;
    if (/^(STOPPED|HALTED)/.test(line)) return html`<span class="stop">${line}</span>`;
    return html`${line}\n`;
  });
  return html`<pre class="trace">${lines}</pre>`;
}
