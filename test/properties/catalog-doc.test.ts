/** The README's catalog and decision-point tables are what the code generates. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { catalogMarkdown, decisionPointsMarkdown } from '../../properties/catalog-doc.ts';
import { README, readBlock } from '../../scripts/readme-blocks.ts';

const readme = readFileSync(README, 'utf8');

it('the README catalog matches properties/catalog (npm run docs:catalog rewrites it)', () => {
  expect(readBlock(readme, 'catalog')).toBe(catalogMarkdown());
});

it('the README decision points match model/design/registry.ts', () => {
  expect(readBlock(readme, 'decision-points')).toBe(decisionPointsMarkdown());
});
