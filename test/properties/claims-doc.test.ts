/** The README's ledger of the cover letter's claims and its table of the rejected designs are what running the model gives (npm run docs:claims rewrites them). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { claimsMarkdown, rejectedDesignsBlock } from '../../scripts/claims-doc.ts';
import { README, readBlock } from '../../scripts/readme-blocks.ts';

const readme = readFileSync(README, 'utf8');

it('the README ledger is what kdump-sme claims says', () => {
  expect(readBlock(readme, 'claims')).toBe(claimsMarkdown());
});

it('the README table of the rejected designs is what kdump-sme explore --by prints', async () => {
  expect(readBlock(readme, 'rejected-designs')).toBe(await rejectedDesignsBlock());
});
