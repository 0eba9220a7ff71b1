/** A fresh scratch directory, inside the test run's own (test/global-setup.ts) when there is one. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const scratchDirNamed = (prefix: string): string => mkdtempSync(join(process.env.KDUMP_SME_TEST_TMP ?? tmpdir(), prefix));
