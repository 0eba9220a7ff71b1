/**
 * The documented JSON formats (docs/commands.md, "JSON output"), as schemas: a test parses a command's output with
 * one of these, so a field added, dropped or retyped fails the test that owns the format.
 */
import { z } from 'zod';
import { environmentSchema } from '../../model/environment-json.ts';
import { DECISION_POINT_NAMES } from '../../model/design/registry.ts';

/** Each kernel's memory encryption in a row: SME on or off on a host, "sev" in an SEV guest. */
const onOff = z.enum(['on', 'off', 'sev']);
const platform = z.enum(['sme-host', 'sev-guest']);
const pair = z.enum(['on/on', 'on/off', 'off/on', 'off/off', 'sev']);
const decisions = z.strictObject(Object.fromEntries(DECISION_POINT_NAMES.map((p) => [p, z.string()])));
const design = z.strictObject({ name: z.string(), supports: z.array(pair), decisions });

export const checkShape = z.strictObject({
  design,
  pairs: z.array(pair).min(1),
  seed: z.int(),
  runs: z.int().min(0),
  interrupted: z.boolean(),
  timeLimited: z.boolean(),
  properties: z.array(z.strictObject({
    id: z.string(),
    claim: z.string().min(1),
    expectation: z.enum(['holds', 'known-limitation']),
    verdict: z.enum(['holds', 'violated', 'unreached']),
    exercised: z.int().min(0),
    applies: z.boolean(),
    met: z.boolean(),
    counterexample: z.strictObject({
      file: z.string().nullable(),
      environment: environmentSchema,
      seed: z.int(),
      path: z.string(),
      trace: z.array(z.string()).min(1),
    }).nullable(),
  })),
  ok: z.boolean(),
});

export const matrixShape = z.strictObject({
  design,
  seed: z.int(),
  runs: z.int(),
  interrupted: z.boolean(),
  rows: z.array(z.strictObject({
    platform,
    firstKernelSme: onOff,
    kdumpKernelSme: onOff,
    claimed: z.boolean(),
    supported: z.boolean(),
    violated: z.array(z.string()),
    unreached: z.array(z.string()),
    knownLimitations: z.array(z.string()),
    /** With --why: each property that broke the row, and the first wrong read of its counterexample. */
    why: z.array(z.strictObject({
      property: z.string(),
      verdict: z.enum(['violated', 'unreached', 'holds']),
      step: z.int().min(1).nullable(),
      stage: z.string().nullable(),
      read: z.string().min(1),
    })).optional(),
  })).min(1).max(5),
  ok: z.boolean(),
});

export const exploreShape = z.strictObject({
  decisionPoints: z.record(z.string(), z.array(z.string()).min(2)),
  fixed: z.record(z.string(), z.string()),
  designs: z.int(),
  seed: z.int(),
  runs: z.int(),
  runsMade: z.int().min(0).nullable(),
  designsPerRun: z.number().min(0).nullable(),
  interrupted: z.boolean(),
  by: z.array(z.string()),
  groups: z.array(z.strictObject({
    options: z.record(z.string(), z.string()),
    designs: z.int().min(1),
    supported: z.record(pair, z.int().min(0)),
    best: z.array(z.strictObject({ rows: z.array(pair).min(1), designs: z.int().min(1) })),
  })),
  pairs: z.array(z.strictObject({
    platform,
    firstKernelSme: onOff,
    kdumpKernelSme: onOff,
    supportedCount: z.int().min(0),
    supportedDesigns: z.array(decisions).nullable(),
    sharedBySupported: z.record(z.string(), z.string()),
    supportedCubes: z.array(z.record(z.string(), z.string())).nullable(),
  })).length(5),
});

export const designsShape = z.strictObject({
  default: z.string(),
  presets: z.array(z.strictObject({ name: z.string(), extends: z.string().nullable(), supports: z.array(pair), decisions })).min(1),
  decisionPoints: z.array(z.strictObject({
    name: z.string(),
    site: z.string().min(1),
    question: z.string().min(1),
    options: z.array(z.strictObject({ name: z.string(), meaning: z.string().min(1) })).min(2),
  })),
});

export const claimsShape = z.strictObject({
  runs: z.int(),
  seed: z.int(),
  interrupted: z.boolean(),
  ok: z.boolean(),
  claims: z.array(z.strictObject({
    id: z.string(),
    section: z.string().min(1),
    quote: z.string().min(1),
    recorded: z.enum(['confirmed', 'refuted', 'out of model']),
    verdict: z.enum(['confirmed', 'refuted', 'out of model']),
    ok: z.boolean(),
    note: z.string().min(1),
    reason: z.string().nullable(),
    checks: z.array(z.strictObject({
      command: z.string().startsWith('kdump-sme '),
      design: z.string(),
      platform,
      firstKernelSme: onOff,
      kdumpKernelSme: onOff,
      claim: z.union([z.strictObject({ supported: z.boolean() }), z.strictObject({ property: z.string(), verdict: z.enum(['holds', 'violated']) })]),
      said: z.string().min(1),
      agrees: z.boolean(),
      failing: z.array(z.strictObject({ property: z.string(), verdict: z.enum(['holds', 'violated', 'unreached']) })),
      counterexample: z.string().nullable(),
    })),
  })),
});
