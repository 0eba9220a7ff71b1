/**
 * The cover letter's claims, one file each, in the order of the ledger. Imported statically so
 * that a bundled CLI carries them; a test checks that every `*.json` file here is listed.
 */
import { type Claim, parseClaim } from '../../properties/claims.ts';
import { lookupPreset } from '../designs/index.ts';
import claim1aTableOnOn from './1a-table-on-on.json' with { type: 'json' };
import claim1bTableOffOff from './1b-table-off-off.json' with { type: 'json' };
import claim1cTableOnOff from './1c-table-on-off.json' with { type: 'json' };
import claim1dTableOffOn from './1d-table-off-on.json' with { type: 'json' };
import claim1eNoSev from './1e-no-sev.json' with { type: 'json' };
import claim2CannotDecrypt from './2-cannot-decrypt.json' with { type: 'json' };
import claim3DumpedAsUsual from './3-dumped-as-usual.json' with { type: 'json' };
import claim4PassTheSmeFlag from './4-pass-the-sme-flag.json' with { type: 'json' };
import claim5EachPatchNecessary from './5-each-patch-necessary.json' with { type: 'json' };
import claim6aKexecToolsFixNeeded from './6a-kexec-tools-fix-needed.json' with { type: 'json' };
import claim6bReplacesV6Patch from './6b-replaces-v6-patch.json' with { type: 'json' };
import claim7DraftMakedumpfile from './7-draft-makedumpfile.json' with { type: 'json' };
import claim8RemapWithTheMask from './8-remap-with-the-mask.json' with { type: 'json' };
import claim9WhichPartIsEncrypted from './9-which-part-is-encrypted.json' with { type: 'json' };
import claim10TheSecondMethodCosts from './10-the-second-method-costs.json' with { type: 'json' };
import claim11TheFirstMethod from './11-the-first-method.json' with { type: 'json' };
import claim12Dl385KexecHang from './12-dl385-kexec-hang.json' with { type: 'json' };

/** Every claim file, by file name. */
export const CLAIMS_JSON: Readonly<Record<string, unknown>> = {
  '1a-table-on-on.json': claim1aTableOnOn,
  '1b-table-off-off.json': claim1bTableOffOff,
  '1c-table-on-off.json': claim1cTableOnOff,
  '1d-table-off-on.json': claim1dTableOffOn,
  '1e-no-sev.json': claim1eNoSev,
  '2-cannot-decrypt.json': claim2CannotDecrypt,
  '3-dumped-as-usual.json': claim3DumpedAsUsual,
  '4-pass-the-sme-flag.json': claim4PassTheSmeFlag,
  '5-each-patch-necessary.json': claim5EachPatchNecessary,
  '6a-kexec-tools-fix-needed.json': claim6aKexecToolsFixNeeded,
  '6b-replaces-v6-patch.json': claim6bReplacesV6Patch,
  '7-draft-makedumpfile.json': claim7DraftMakedumpfile,
  '8-remap-with-the-mask.json': claim8RemapWithTheMask,
  '9-which-part-is-encrypted.json': claim9WhichPartIsEncrypted,
  '10-the-second-method-costs.json': claim10TheSecondMethodCosts,
  '11-the-first-method.json': claim11TheFirstMethod,
  '12-dl385-kexec-hang.json': claim12Dl385KexecHang,
};

export const CLAIMS_DIR = 'scenarios/claims';

export const claims = (): Claim[] => Object.entries(CLAIMS_JSON).map(([file, json]) => parseClaim(json, `${CLAIMS_DIR}/${file}`, lookupPreset));
