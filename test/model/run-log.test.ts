/**
 * The run a machine's context carries: steps and observations appended to shared logs, each
 * context seeing its own prefix, batches of alike reads expanded into one observation per site.
 */
import { describe, expect, it } from 'vitest';
import { data } from '../../model/hardware/index.ts';
import { batchMember, OBSERVATION_LOG, readBatch } from '../../model/kernel/observation-log.ts';
import { RunRecord } from '../../model/kernel/run-log.ts';
import type { Observation, Step } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const stepOf = (text: string): Step => ({ stage: 'first-kernel', site: 'sme_enable', text });

const read = (what: string, start: number, ok = true): Observation => ({
  step: 0, kind: 'notes-read', site: 'elfcorehdr_read_notes', what, usage: null, range: { start, end: start + 0x1000 },
  written: 'encrypted', read: 'encrypted', expected: data('crash_notes', 7, 0x840000000), got: data('crash_notes', 7, 0x840000000), ok,
});

/** Three CPUs' notes that read alike, logged as one batch of the sites 1..2 of `sites`. */
const sites = [0, 1, 2].map((cpu) => ({ what: `crash notes of CPU ${cpu}`, range: { start: 0x840000000 + cpu * 0x1000, end: 0x840001000 + cpu * 0x1000 } }));
const batchOfCpus1And2 = readBatch('notes-read', read('crash notes of CPU 1', 0x840001000), sites, 1, 3);

describe('RunRecord', () => {
  it('starts empty: no stages, no stop, not halted, no steps, no observations', () => {
    const r = RunRecord.start();
    expect(r.stages).toEqual([]);
    expect(r.stop).toBeNull();
    expect(r.halted).toBe(false);
    expect(r.steps).toEqual([]);
    expect(r.observations).toEqual([]);
  });

  it('gives its observations with every batch expanded, one per site, in log order', () => {
    const single = read('vmcoreinfo', 0x83fff0000);
    const r = RunRecord.start().withObservations([single, batchOfCpus1And2]);
    expect(r.observations.map((o) => [o.what, o.range.start])).toEqual([
      ['vmcoreinfo', 0x83fff0000],
      ['crash notes of CPU 1', 0x840001000],
      ['crash notes of CPU 2', 0x840002000],
    ]);
    expect(r.observations[2]).toMatchObject({ kind: 'notes-read', site: 'elfcorehdr_read_notes', read: 'encrypted', ok: true });
    // Asked for again, the same expansion.
    expect(r.observations).toBe(r.observations);
  });

  it('makes each member of a batch once: asked for again, a site gives the same object, and each site its own', () => {
    const batch = readBatch('notes-read', read('crash notes of CPU 1', 0x840001000), sites, 1, 3);
    const cpu2 = batchMember(batch, 2);
    expect(cpu2).toMatchObject({ what: 'crash notes of CPU 2', range: sites[2]!.range });
    expect(batchMember(batch, 2)).toBe(cpu2);
    expect(batchMember(batch, 1)).not.toBe(cpu2);
    expect(batchMember(batch, 1)).toBe(batchMember(batch, 1));
  });

  it('a record extended twice from one prefix gives each extension its own steps, and the prefix keeps its own', () => {
    const base = RunRecord.start().withStep(stepOf('a'));
    const left = base.withStep(stepOf('b'));
    const right = base.withStep(stepOf('c'));
    expect(left.steps.map((s) => s.text)).toEqual(['a', 'b']);
    expect(right.steps.map((s) => s.text)).toEqual(['a', 'c']);
    expect(base.steps.map((s) => s.text)).toEqual(['a']);
    expect(right.stepCount).toBe(2);
  });

  it('observations appended to two extensions of one prefix stay apart', () => {
    const base = RunRecord.start().withObservations([read('crash notes of CPU 0', 0x840000000)]);
    const left = base.withObservations([read('vmcoreinfo', 0x83fff0000)]);
    const right = base.withObservations([read('crash notes of CPU 1', 0x840001000, false)]);
    expect(left.observations.map((o) => o.what)).toEqual(['crash notes of CPU 0', 'vmcoreinfo']);
    expect(right.observations.map((o) => [o.what, o.ok])).toEqual([['crash notes of CPU 0', true], ['crash notes of CPU 1', false]]);
    expect(base.observations.map((o) => o.what)).toEqual(['crash notes of CPU 0']);
  });

  it('records each stage once, in the order first reached, and keeps the logs across stage, stop and halt', () => {
    const r = RunRecord.start().withStep(stepOf('a')).withStage('panic').withStage('relocation').withStage('panic')
      .withObservations([read('vmcoreinfo', 0x83fff0000)])
      .withStop({ stage: 'relocation', site: 'relocate_kernel', reason: 'the machine hangs' })
      .withHalted();
    expect(r.stages).toEqual(['panic', 'relocation']);
    expect(r.stop).toEqual({ stage: 'relocation', site: 'relocate_kernel', reason: 'the machine hangs' });
    expect(r.halted).toBe(true);
    expect(r.steps.map((s) => s.text)).toEqual(['a']);
    expect(r.observations.map((o) => o.what)).toEqual(['vmcoreinfo']);
  });

  it('frozen() is plain frozen data, observations included and enumerable, batches expanded', () => {
    const rec = RunRecord.start().withStage('vmcore-init').withStep(stepOf('a')).withObservations([batchOfCpus1And2]);
    const run = rec.frozen();
    expect(Object.isFrozen(run)).toBe(true);
    expect(Object.isFrozen(run.stages)).toBe(true);
    expect(Object.isFrozen(run.steps)).toBe(true);
    expect(Object.isFrozen(run.observations)).toBe(true);
    expect(Object.keys(run)).toEqual(['stages', 'stop', 'halted', 'steps', 'observations']);
    expect(run.observations.map((o) => o.what)).toEqual(['crash notes of CPU 1', 'crash notes of CPU 2']);
    expect(run.observations).toBe(run.observations);
    expect(run.observations).toEqual(rec.observations);
    expect(run).toEqual({ stages: ['vmcore-init'], stop: null, halted: false, steps: [stepOf('a')], observations: rec.observations });
  });

  it('frozen() keeps the log itself for the properties, batches unexpanded', () => {
    const run = RunRecord.start().withObservations([batchOfCpus1And2]).frozen() as unknown as Record<typeof OBSERVATION_LOG, { log: readonly unknown[] }>;
    expect(run[OBSERVATION_LOG].log).toEqual([batchOfCpus1And2]);
  });
});

it("a finished run's context carries the same observations as the run handed out", () => {
  const env = environmentOn(machineScenario('hp-dl385-gen10'), { firstKernel: true, kdumpKernel: true });
  const { run, context } = runKdump(env, preset('sme-kdump-v7').decisions);
  expect(run.observations.length).toBeGreaterThan(0);
  expect(context.run.observations).toEqual(run.observations);
  expect(context.run.steps).toEqual(run.steps);
});
