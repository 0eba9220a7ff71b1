/**
 * One counterexample in the report: the wrong read, the run as a timeline beside its trace, and
 * the memory map of its layout, re-run from the counterexample's environment and design so the
 * map shows DRAM exactly as that run left it.
 */
import type { Decisions } from '../../model/design/registry.ts';
import type { Environment } from '../../model/environment.ts';
import type { Observation } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import type { Counterexample } from '../../properties/check.ts';
import { counterexampleToJson } from '../../properties/counterexample-file.ts';
import { describeObservation } from '../../properties/trace.ts';
import { pairOfEnvironment } from '../pairs.ts';
import { html, type Html } from './html.ts';
import { hypervisorMap, type MapSource, memoryMap } from './memory-map/regions.ts';
import { memoryMapSvg } from './memory-map/svg.ts';
import { timeline, traceBlock } from './timeline.ts';

/** The in-page anchor of a property's counterexample. */
export const counterexampleAnchor = (propertyId: string): string => `cx-${propertyId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Run the model for an environment and design, and take what a map needs from the end of the run. */
export function mapSourceOfRun(environment: Environment, decisions: Decisions, failing: Observation | null): MapSource {
  const { run, context } = runKdump(environment, decisions);
  return {
    layout: environment.layout,
    pageTables: environment.pageTables,
    kimage: context.loadedImages.at(-1) ?? null,
    memory: context.dram.memory,
    observations: run.observations,
    failing,
  };
}

export const mapSourceOf = (cx: Counterexample): MapSource => mapSourceOfRun(cx.environment, cx.design.decisions, cx.observation);

const swatch = (cls: string, label: string): Html =>
  html`<span><svg width="26" height="14" aria-hidden="true"><rect class="${cls}" x="1.5" y="1.5" width="23" height="11" data-legend="${cls}"/></svg>${label}</span>`;

/** What the colours and outlines mean (once per page). */
export function legend(): Html {
  return html`<div class="legend">
${swatch('attr-encrypted', 'written encrypted (C-bit)')}
${swatch('attr-plaintext', 'written as plaintext (decrypted)')}
${swatch('attr-unwritten', 'never written')}
${swatch('attr-hole', 'hole: no RAM')}
${swatch('misread', 'a reader used the other attribute')}
<span>Heights grow with the log of a region's size: a 4 KiB page is 16 px, every doubling adds 5 px.</span>
</div>`;
}

function mapBlock(cx: Counterexample): Html {
  const source = mapSourceOf(cx);
  const map = memoryMap(source);
  const outside = map.entries.some((e) => e.region.lane === 'read') ? '' : html`<p class="lead">The failing read went to ${describeObservation(cx.observation)}, outside the RAM this map shows.</p>`;
  const kernelView = html`<h4>Memory map</h4>${outside}<div class="map-wrap">${memoryMapSvg(map, `memory map of the counterexample to ${cx.property.id}`)}</div>`;
  if (cx.environment.platform !== 'sev-guest') return kernelView;
  const hv = hypervisorMap(source);
  return html`${kernelView}<h4>The hypervisor's view</h4><p class="lead">Guest memory as the hypervisor reads it, without the guest's key: plaintext stretches it can read, named by whose data they hold; the rest is ciphertext to it. Outlined: data that was private when the first kernel had booted.</p><div class="map-wrap" data-view="hypervisor">${memoryMapSvg(hv, `the hypervisor's view of the guest in the counterexample to ${cx.property.id}`)}</div>`;
}

const knownLimitation = (cx: Counterexample): Html | '' =>
  cx.property.expectation.kind === 'known-limitation' ? html` <span class="badge limitation">known limitation: expected</span>` : '';

/**
 * A counterexample's section: the failing read, the stages, the trace, the memory map and the file.
 * `anchor` and `of` (a design named in the heading) serve counterexamples of other designs than the report's.
 */
export function counterexampleSection(cx: Counterexample, anchor = counterexampleAnchor(cx.property.id), of = ''): Html {
  const json = `${JSON.stringify(counterexampleToJson(cx), null, 2)}\n`;
  return html`<section class="counterexample" id="${anchor}" data-property="${cx.property.id}">
<h3>${cx.property.id}: counterexample (${of === '' ? '' : `${of}, `}${cx.environment.platform === 'sev-guest' ? 'SEV guest' : `SME ${pairOfEnvironment(cx.environment)}`})${knownLimitation(cx)}</h3>
<p class="lead">${cx.property.claim}</p>
<div class="observation mono" data-failing-start="${`0x${cx.observation.range.start.toString(16)}`}">${describeObservation(cx.observation)}</div>
<div class="run"><div><h4>Stages</h4>${timeline(cx.run, cx.observation)}</div><div><h4>Trace</h4>${traceBlock(cx.trace)}</div></div>
${mapBlock(cx)}
<details><summary>Counterexample file (fast-check seed ${cx.seed}, path ${cx.path === '' ? '(none)' : cx.path}; save it and run kdump-sme replay)</summary><pre class="mono">${json}</pre></details>
</section>
`;
}
