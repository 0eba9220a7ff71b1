/** Every command of kdump-sme, by name. Each lives in its own file beside this one. */
import type { Command } from '../io.ts';

export const COMMANDS: readonly Command[] = [];
