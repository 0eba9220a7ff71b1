/** Writes the ledger of the cover letter's claims and the rejected designs' table into README.md (`npm run docs:claims`). */
import { claimsMarkdown, rejectedDesignsBlock } from './claims-doc.ts';
import { writeBlocks } from './readme-blocks.ts';

writeBlocks({ claims: claimsMarkdown(), 'rejected-designs': await rejectedDesignsBlock() });
