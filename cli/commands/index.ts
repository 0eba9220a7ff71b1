/** Every command of kdump-sme, by name. Each lives in its own file beside this one. */
import type { Command } from '../io.ts';
import { check } from './check.ts';
import { claims } from './claims.ts';
import { designs } from './designs.ts';
import { explore } from './explore.ts';
import { history } from './history.ts';
import { matrix } from './matrix.ts';
import { replay } from './replay.ts';
import { diagram } from './diagram.ts';
import { report } from './report.ts';

export const COMMANDS: readonly Command[] = [
  check,
  matrix,
  explore,
  replay,
  history,
  claims,
  designs,
  diagram,
  report,
];
