/**
 * One directory for the scratch directories the tests make (test/scratch.ts), removed when the
 * run ends, so that a test run leaves nothing behind in the system's temporary directory. Set
 * before vitest starts its workers, which inherit the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kdump-sme-tests-'));
  process.env.KDUMP_SME_TEST_TMP = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
