/** The escaping every piece of report text goes through. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../cli/report/html.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves no markup character in hostile strings', () => {
    const hostile = ['<script>alert(1)</script>', '"><svg onload=alert(1)>', "' onmouseover='x", '</style><script>', '<!--', ']]>'];
    for (const s of hostile) expect(escapeHtml(s)).not.toMatch(/[<>"']/);
  });
});

describe('html template', () => {
  it('escapes interpolated text, in text and in attributes', () => {
    const name = '<b onclick="x">';
    expect(html`<td title="${name}">${name}</td>`.text).toBe('<td title="&lt;b onclick=&quot;x&quot;&gt;">&lt;b onclick=&quot;x&quot;&gt;</td>');
  });

  it('inserts nested pieces and arrays whole, and drops null, undefined and booleans', () => {
    const items = ['<1>', '2'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.text).toBe('<ul><li>&lt;1&gt;</li><li>2</li></ul>');
    expect(html`${raw('<br>')}${3}${10}`.text).toBe('<br>310');
  });
});
