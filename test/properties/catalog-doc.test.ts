/** The docs' catalog and decision-point tables are what the code generates (npm run docs:write rewrites them). */
import { expect, it } from 'vitest';
import { catalogMarkdown, decisionPointsMarkdown } from '../../properties/catalog-doc.ts';
import { doc, readBlock } from '../../scripts/doc-blocks.ts';

it('docs/properties.md has the catalog of properties/catalog', () => {
  expect(readBlock(doc('properties.md'), 'catalog')).toBe(catalogMarkdown());
});

it('docs/decision-points.md has the decision points of model/design/registry.ts', () => {
  expect(readBlock(doc('decision-points.md'), 'decision-points')).toBe(decisionPointsMarkdown());
});
