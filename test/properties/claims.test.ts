/**
 * The cover letter's claims (scenarios/claims): each file parses and is listed, the issue's
 * claims are all there, and each comes out of the model with the verdict recorded with it. A
 * claim's verdict follows its checks: change what a check asserts and the verdict turns.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Claim, ClaimError, checkClaim, claimOk, parseClaim } from '../../properties/claims.ts';
import { lookupPreset } from '../../scenarios/designs/index.ts';
import { CLAIMS_JSON, claims } from '../../scenarios/claims/index.ts';

const kept = claims();

it('every claim file in scenarios/claims is listed in its index, named after its id, ids unique', () => {
  const onDisk = readdirSync(new URL('../../scenarios/claims/', import.meta.url)).filter((f) => f.endsWith('.json')).sort();
  expect(Object.keys(CLAIMS_JSON).sort()).toEqual(onDisk);
  Object.entries(CLAIMS_JSON).forEach(([file, json]) => expect(file.startsWith(`${(json as { id: string }).id}-`)).toBe(true));
  expect(new Set(kept.map((c) => c.id)).size).toBe(kept.length);
});

it('the ledger has the support table (four SME rows and SEV), each patch, the kexec-tools note and the draft makedumpfile', () => {
  expect(kept.map((c) => c.id)).toEqual(expect.arrayContaining(['1a', '1b', '1c', '1d', '1e', '2', '3', '4', '5', '6a', '6b', '7']));
  const rows = kept.filter((c) => c.id.startsWith('1')).flatMap((c) => c.checks.map((k) => `${k.design.name} ${k.row}`));
  expect(rows).toEqual(['sme-kdump-v7 on/on', 'sme-kdump-v7 off/off', 'sme-kdump-v7 on/off', 'sme-kdump-v7 off/on', 'sme-kdump-v7 sev']);
  expect(kept.find((c) => c.id === '5')!.checks.map((k) => k.design.name)).toEqual([1, 2, 3, 4].map((n) => `sme-kdump-v7-without-patch-${n}`));
});

describe('each claim, by running the model, has the verdict recorded with it', () => {
  it.each(kept.map((c) => [c.id, c] as const))('claim %s', (_, claim) => {
    const o = checkClaim(claim, 300, 1);
    expect(o.verdict).toBe(claim.recorded);
    expect(claimOk(o)).toBe(true);
    // A refuted claim is refuted by a check that ran: what the model said is not what the claim says.
    if (o.verdict === 'refuted') expect(o.checks.some((c) => !c.agrees)).toBe(true);
    // Evidence of every violation the model reports: a shrunk counterexample of the failing property.
    for (const c of o.checks) if (c.failing.some((r) => r.verdict === 'violated')) expect(c.counterexample).not.toBeNull();
  });
});

describe('a claim turns when what it asserts is not what the model says', () => {
  const byId = (id: string): Claim => kept.find((c) => c.id === id)!;
  it('"on | on | yes" asserted of the series without patch 2/4 is refuted, with KEXEC-CONTROL\'s counterexample', () => {
    const c = byId('1a');
    const o = checkClaim({ ...c, checks: [{ ...c.checks[0]!, design: { ...c.checks[0]!.design, ...withoutPatch2() } }] }, 200, 1);
    expect(o.verdict).toBe('refuted');
    expect(claimOk(o)).toBe(false);
    expect(o.checks[0]!.counterexample?.property.id).toBe('KEXEC-CONTROL');
  });

  it('a row whose properties were not all exercised is not supported: with one run a claim can be refuted, never confirmed by default', () => {
    // One run a seed: some runs leave a property unexercised (IOMMU-DEVTABLE needs IOMMU translation on).
    const outcomes = Array.from({ length: 12 }, (_, seed) => checkClaim(byId('1a'), 1, seed));
    const short = outcomes.filter((o) => o.checks[0]!.said.endsWith('unreached)'));
    expect(short.length).toBeGreaterThan(0);
    for (const o of short) {
      expect(o.checks[0]!.said).toMatch(/^on\/on not supported \(\d+ unreached\)$/);
      expect(o.verdict).toBe('refuted');
    }
  });
});

function withoutPatch2() {
  const file = lookupPreset('sme-kdump-v7-without-patch-2')!;
  return { name: file.name, decisions: { ...lookupPreset('sme-kdump-v7')!.decisions, ...file.decisions } as Claim['checks'][number]['design']['decisions'] };
}

describe('a bad claim file is one ClaimError line naming the file and the key', () => {
  const good = CLAIMS_JSON['4-pass-the-sme-flag.json'] as Record<string, unknown>;
  const bad = (change: Record<string, unknown>): string => {
    try {
      parseClaim({ ...good, ...change }, 'mine.json', lookupPreset);
    } catch (e) {
      expect(e).toBeInstanceOf(ClaimError);
      return (e as Error).message;
    }
    throw new Error('parsed');
  };
  it.each([
    [{ verdict: 'maybe' }, /^mine.json: "verdict": /],
    [{ quote: 'x'.repeat(161) }, /^mine.json: "quote": quote the letter short/],
    [{ extra: 1 }, /^mine.json: .*extra/],
    [{ checks: [{ design: 'sme-kdump-v9', row: 'on/on', supported: true }] }, /^mine.json: "checks.0": design: no preset named "sme-kdump-v9"/],
    [{ checks: [{ design: 'sme-kdump-v7', row: 'on/on', property: 'VMCORE-NOPE', verdict: 'holds' }] }, /^mine.json: "checks.0": unknown property "VMCORE-NOPE"/],
    [{ checks: [] }, /^mine.json: a claim the model judges has checks and no "reason"/],
    [{ verdict: 'out of model' }, /^mine.json: a claim out of model has a "reason" and no checks/],
    [{ reason: 'because' }, /^mine.json: a claim the model judges has checks and no "reason"/],
  ])('%j', (change, message) => {
    const m = bad(change);
    expect(m).toMatch(message);
    expect(m.split('\n')).toHaveLength(1);
  });
});
