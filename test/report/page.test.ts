/**
 * The report page, without a browser: hostile text stays text, the page loads nothing, and every
 * section a reader needs is there.
 */
import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../cli/report/page.ts';
import { DECISION_POINT_NAMES } from '../../model/design/registry.ts';
import { escapeHtml } from '../../cli/report/html.ts';
import { HOSTILE_NAME, hostileReportInput } from './fixture.ts';

const page = (): string => reportHtml(hostileReportInput());

/** Every tag of the markup, with its attributes (escaped text holds no `<`, so this finds only real tags). */
function tags(text: string): { name: string; attrs: Map<string, string> }[] {
  return [...text.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].map(([, name, attrs]) => ({
    name: name!.toLowerCase(),
    attrs: new Map([...(attrs ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k!.toLowerCase(), v ?? ''])),
  }));
}

describe('report page', () => {
  it('shows a hostile design name as text, never as markup', () => {
    const text = page();
    expect(text).toContain(escapeHtml(HOSTILE_NAME));
    expect(text).not.toMatch(/<script|<img/i);
    const handlers = tags(text).flatMap((t) => [...t.attrs.keys()].filter((k) => k.startsWith('on')));
    expect(handlers).toEqual([]);
  });

  it('is self-contained: no URL, no external src or href, no link, no import', () => {
    const text = page();
    expect(text).not.toMatch(/https?:/i);
    expect(text).not.toMatch(/<link|@import|<iframe|<object|<embed|<script/i);
    const all = tags(text);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((t) => t.attrs.has('src') || t.attrs.has('srcset') || t.attrs.has('xlink:href'))).toEqual([]);
    for (const t of all) if (t.attrs.has('href')) expect(t.attrs.get('href')).toMatch(/^#[\w-]+$/);
    for (const [, target] of text.matchAll(/url\(([^)]*)\)/g)) expect(target).toMatch(/^#/);
  });

  it('lists every decision point with its kernel site, every matrix pair and every property', () => {
    const input = hostileReportInput();
    const text = page();
    for (const point of DECISION_POINT_NAMES) expect(text).toContain(`data-point="${point}"`);
    for (const row of input.matrix) expect(text).toContain(`data-pair="${row.pair}"`);
    for (const p of input.check.properties) expect(text).toContain(`data-property="${p.property.id}" data-verdict="${p.verdict}"`);
  });

  it('has a section, a timeline and a memory map for each counterexample, and links to it', () => {
    const input = hostileReportInput();
    const broken = input.check.properties.filter((p) => p.counterexample !== null).map((p) => p.property.id);
    expect(broken.length).toBeGreaterThanOrEqual(2);
    const whole = page();
    // The design's own counterexamples; the claims' come after, in their own section.
    const text = whole.slice(whole.indexOf('<h2 id="counterexamples">'), whole.indexOf('<h2 id="claims">'));
    expect(text.match(/<section class="counterexample"/g)).toHaveLength(broken.length);
    expect(text.match(/<svg class="memory-map"/g)).toHaveLength(broken.length);
    expect(text.match(/<ol class="timeline">/g)).toHaveLength(broken.length);
    for (const id of broken) expect(whole).toContain(`href="#cx-${id}"`);
  });

  it('has the claims: a row each with its verdict and checks, each counterexample shown once and linked', () => {
    const input = hostileReportInput();
    const text = page();
    const claims = text.slice(text.indexOf('<h2 id="claims">'));
    expect([...claims.matchAll(/<tr data-claim="([^"]+)" data-verdict="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['1c confirmed', '4 refuted', '6b out of model']);
    expect(claims).toContain('kdump-sme matrix --design sme-kdump-v7-sme-flag --platform sme-host: off/on not supported (CACHE-NO-STALE-WRITEBACK violated), claimed off/on supported');
    const links = [...claims.matchAll(/href="#(claim-cx-[^"]+)"/g)].map((m) => m[1]!);
    const evidence = input.claims.flatMap((o) => o.checks.filter((k) => k.counterexample !== null));
    expect(links).toHaveLength(evidence.length);
    for (const anchor of new Set(links)) expect(claims.match(new RegExp(`<section class="counterexample" id="${anchor}"`, 'g'))).toHaveLength(1);
    expect(claims.match(/<section class="counterexample"/g)).toHaveLength(new Set(links).size);
    expect(claims).toContain('CACHE-NO-STALE-WRITEBACK: counterexample (sme-kdump-v7-sme-flag, SME off/on)');
  });

  it('is the same bytes for the same input', () => {
    expect(reportHtml(hostileReportInput())).toBe(page());
  });
});
