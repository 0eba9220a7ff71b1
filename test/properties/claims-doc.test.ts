/** The documents' blocks derived by running commands are what the commands print now (npm run docs:write rewrites them). */
import { expect, it } from 'vitest';
import { claimsMarkdown, matrixBlock, rejectedDesignsBlock } from '../../scripts/claims-doc.ts';
import { doc, README, readBlock } from '../../scripts/doc-blocks.ts';

it('the README support matrix is what kdump-sme matrix derives', async () => {
  expect(readBlock(README, 'matrix')).toBe(await matrixBlock());
});

it('the ledger in docs/claims.md is what kdump-sme claims says', () => {
  expect(readBlock(doc('claims.md'), 'claims')).toBe(claimsMarkdown());
});

it('the table of the rejected designs in docs/claims.md is what kdump-sme explore --by prints', async () => {
  expect(readBlock(doc('claims.md'), 'rejected-designs')).toBe(await rejectedDesignsBlock());
});
