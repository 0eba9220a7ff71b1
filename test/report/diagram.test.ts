/**
 * The diagram generator: the block of docs/machines.md is what it generates now, and the diagrams hold
 * every state, event and guard of the machine, found here by walking the machine independently.
 */
import { readFileSync } from 'node:fs';
import type { AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { transitionLabel } from '../../cli/diagram/chart.ts';
import { dotDiagram } from '../../cli/diagram/dot.ts';
import { mermaidDiagram, mermaidId } from '../../cli/diagram/mermaid.ts';
import { committedBlock, diagramsBlock, withDiagrams } from '../../cli/diagram/readme.ts';
import { machineNames, viewOf } from '../../cli/diagram/view.ts';
import { kdumpMachine } from '../../model/kernel/system.ts';
import { captureIo } from './io.ts';

const nodes = (n: AnyStateNode): AnyStateNode[] => [n, ...Object.values(n.states).flatMap(nodes)];
const machineNodes = nodes(kdumpMachine.root).filter((n) => n !== kdumpMachine.root);
const events = [...new Set(machineNodes.flatMap((n) => [...n.transitions.keys()]))];
const guards = Object.keys(kdumpMachine.implementations.guards);

describe('docs/machines.md diagrams', () => {
  it('the committed block is what `npm run diagrams:write` would write', () => {
    const readme = readFileSync(new URL('../../docs/machines.md', import.meta.url), 'utf8');
    expect(committedBlock(readme), 'docs/machines.md diagrams are stale: run `npm run diagrams:write`').toBe(diagramsBlock());
  });

  it('rewriting touches nothing outside the markers', () => {
    const readme = 'before\n<!-- diagrams:start -->\nold\n<!-- diagrams:end -->\nafter\n';
    const out = withDiagrams(readme);
    expect(out.startsWith('before\n<!-- diagrams:start -->')).toBe(true);
    expect(out.endsWith('<!-- diagrams:end -->\nafter\n')).toBe(true);
    expect(withDiagrams(out)).toBe(out);
  });
});

describe('mermaid diagrams', () => {
  it('there is a machine per top-level stage with states, and one for the system', () => {
    expect(machineNames()).toEqual(['system', 'firstKernel', 'crash', 'kdumpKernel']);
  });

  it('the system diagram declares every state, event and guard of the machine', () => {
    const text = mermaidDiagram(viewOf('system'));
    for (const n of machineNodes) expect(text).toContain(`state "${n.key}" as ${mermaidId(n.path.join('.'))}`);
    for (const e of events) expect(text).toContain(e);
    for (const g of guards) expect(text).toContain(`[${g}]`);
  });

  it('a stage diagram declares its own states and draws the states it leaves for as elsewhere', () => {
    const text = mermaidDiagram(viewOf('crash'));
    for (const key of ['panic', 'relocation', 'purgatory']) expect(text).toContain(`as crash_${key}`);
    expect(text).not.toContain('kdumpKernel_earlyBoot');
    expect(text).toContain('crash_relocation --> stopped : always [relocationFetchedGarbage]');
    expect(text).toContain('class kdumpKernel elsewhere');
  });

  it('an eventless transition without a guard, after a guarded one, reads [else]', () => {
    expect(mermaidDiagram(viewOf('kdumpKernel'))).toContain('kdumpKernel_earlyBoot --> kdumpKernel_smeEncryptKernel : always [else]');
  });
});

describe('dot diagrams', () => {
  it('draw every transition from the state that has it, parallel ones as one labelled arrow', () => {
    const view = viewOf('system');
    const text = dotDiagram(view);
    for (const t of view.transitions) expect(text).toContain(transitionLabel(t));
    expect(text).toContain('"firstKernel.running" -> "crash.panic" [label="PANIC [crashKernelLoaded]", lhead="cluster_crash"];');
    expect(text).toContain('"crash.relocation" -> "stopped" [label="always [relocationFetchedGarbage]"];');
    expect(text).toContain('"kdumpKernel.vmcoreReady" -> "kdumpKernel.dumpTool.vmcoreinfo" [label="READ_VMCORE / readVmcore, startDumpTool(read)\\nMMAP_VMCORE / mmapVmcore, startDumpTool(mmap)", lhead="cluster_kdumpKernel.dumpTool"];');
  });
});

describe('kdump-sme diagram', () => {
  it('prints every machine by default, deterministically', async () => {
    const a = captureIo();
    const b = captureIo();
    expect(await main(['diagram'], a.io)).toBe(0);
    expect(await main(['diagram'], b.io)).toBe(0);
    expect(a.out()).toBe(b.out());
    for (const name of machineNames()) expect(a.out()).toContain(`%% kdump-sme diagram --machine ${name}`);
  });

  it('prints one machine as DOT', async () => {
    const c = captureIo();
    expect(await main(['diagram', '--machine', 'crash', '--format', 'dot'], c.io)).toBe(0);
    expect(c.out()).toBe(dotDiagram(viewOf('crash')));
  });

  it('refuses an unknown machine or format in one line', async () => {
    for (const args of [['--machine', 'panic'], ['--format', 'svg']]) {
      const c = captureIo();
      expect(await main(['diagram', ...args], c.io)).toBe(2);
      expect(c.err().trim().split('\n')).toHaveLength(1);
    }
  });
});
