/**
 * The history cases: one file per fix, named by its project and commit. Imported statically so
 * that a bundled CLI carries them; a test checks that every `*.json` file here is listed.
 */
import { type HistoryCase, parseHistoryCase } from '../../properties/history.ts';
import { lookupPreset } from '../designs/index.ts';
import kexecTools1ac3e4a from './kexec-tools-1ac3e4a57000.json' with { type: 'json' };
import linux8d9ffb2 from './linux-8d9ffb2fe65a.json' with { type: 'json' };
import linux980621d from './linux-980621daf368.json' with { type: 'json' };
import linux65f750e from './linux-65f750e5457a.json' with { type: 'json' };
import linux75d1cc0 from './linux-75d1cc0e05af.json' with { type: 'json' };
import linux83214a7 from './linux-83214a775f33.json' with { type: 'json' };
import makedumpfileD222b01 from './makedumpfile-d222b01e516b.json' with { type: 'json' };
import linux1a79c1b from './linux-1a79c1b8a041.json' with { type: 'json' };
import linux85784d1 from './linux-85784d16c2cf.json' with { type: 'json' };
import linux4eb5fec from './linux-4eb5fec31e61.json' with { type: 'json' };

/** Every case file, by file name, in the order of the fixes. */
export const HISTORY_JSON: Readonly<Record<string, unknown>> = {
  'kexec-tools-1ac3e4a57000.json': kexecTools1ac3e4a,
  'linux-65f750e5457a.json': linux65f750e,
  'makedumpfile-d222b01e516b.json': makedumpfileD222b01,
  'linux-1a79c1b8a041.json': linux1a79c1b,
  'linux-85784d16c2cf.json': linux85784d1,
  'linux-4eb5fec31e61.json': linux4eb5fec,
  'linux-980621daf368.json': linux980621d,
  'linux-8d9ffb2fe65a.json': linux8d9ffb2,
  'linux-75d1cc0e05af.json': linux75d1cc0,
  'linux-83214a775f33.json': linux83214a7,
};

export const HISTORY_DIR = 'scenarios/history';

export const historyCases = (): { file: string; case: HistoryCase }[] =>
  Object.entries(HISTORY_JSON).map(([file, json]) => ({ file, case: parseHistoryCase(json, `${HISTORY_DIR}/${file}`, lookupPreset) }));
