/**
 * `npm run docs:write`: every generated block of the README and docs/ (the diagrams have their
 * own, `npm run diagrams:write`): the support matrix, the property catalog, the decision points,
 * the claims' ledger and the table of the rejected designs.
 */
import { catalogMarkdown, decisionPointsMarkdown } from '../properties/catalog-doc.ts';
import { claimsMarkdown, matrixBlock, rejectedDesignsBlock } from './claims-doc.ts';
import { doc, README, writeBlocks } from './doc-blocks.ts';

writeBlocks(README, { matrix: await matrixBlock() });
writeBlocks(doc('properties.md'), { catalog: catalogMarkdown() });
writeBlocks(doc('decision-points.md'), { 'decision-points': decisionPointsMarkdown() });
writeBlocks(doc('claims.md'), { claims: claimsMarkdown(), 'rejected-designs': await rejectedDesignsBlock() });
