/**
 * A JUnit XML report of a check, for CI systems that show test results: one testcase per
 * property, a failure where it did not meet its expectation. No timings, so reports compare.
 * Escaping is a few lines here rather than a dependency: text and attribute values are all
 * this writer emits.
 */
import type { CheckResult, PropertyResult } from '../../properties/check.ts';
import { failureLine } from './check.ts';

/** How a report this command wrote begins (a file that does not is never replaced). */
export const JUNIT_MARK = '<testsuites name="kdump-sme"';

/** Escape for XML text and attribute values; characters XML 1.0 cannot hold become U+FFFD. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- XML 1.0 cannot hold these control characters: matching them is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(p: PropertyResult, runs: number, file: string | null, suite: string): string[] {
  const open = `    <testcase classname="${xmlEscape(suite)}" name="${xmlEscape(p.property.id)}">`;
  const out = [`claim: ${p.property.claim}`, `verdict: ${p.verdict}; exercised in ${p.exercised} of ${runs} runs`];
  if (p.property.expectation.kind === 'known-limitation') out.push(`known limitation: ${p.property.expectation.reason}`);
  if (file !== null) out.push(`counterexample: ${file}`);
  const failure = p.met ? [] : [
    `      <failure type="${p.verdict}" message="${xmlEscape(failureLine(p, runs))}">${xmlEscape((p.counterexample?.trace ?? []).join('\n'))}</failure>`,
  ];
  return [open, ...failure, `      <system-out>${xmlEscape(out.join('\n'))}</system-out>`, '    </testcase>'];
}

export function junitXml(result: CheckResult, files: readonly (string | null)[]): string {
  const suite = `kdump-sme.${result.design.name}`;
  const failures = result.properties.filter((p) => !p.met).length;
  const counts = `tests="${result.properties.length}" failures="${failures}" errors="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${JUNIT_MARK} ${counts}>`,
    `  <testsuite name="${xmlEscape(`${suite} (${result.pairs.join(', ')})`)}" ${counts} skipped="0">`,
    '    <properties>',
    `      <property name="seed" value="${result.seed}"/>`,
    `      <property name="runs" value="${result.runs}"/>`,
    `      <property name="pairs" value="${xmlEscape(result.pairs.join(' '))}"/>`,
    '    </properties>',
    ...result.properties.flatMap((p, i) => testcase(p, result.runs, files[i] ?? null, suite)),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
