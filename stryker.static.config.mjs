// `npm run mutation:static`: the default run with the static mutants as well (code run when a
// module is loaded). Incremental, so after `npm run mutation` only the static mutants are tested.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default { ...base, ignoreStatic: false };
