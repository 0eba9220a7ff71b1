/** Writes the catalog and decision-point tables into README.md (`npm run docs:catalog`). */
import { catalogMarkdown, decisionPointsMarkdown } from '../properties/catalog-doc.ts';
import { writeBlocks } from './readme-blocks.ts';

writeBlocks({ catalog: catalogMarkdown(), 'decision-points': decisionPointsMarkdown() });
