// One purpose: validate generated CI configuration with each platform's own validator (or the
// strongest that runs offline). Used by the scanner's validate step and by the builder's
// generator tests. One folder per platform.
export type { CiFile, ValidatorFinding, ValidatorVerdict } from './types';
export { validateCiFiles } from './validate';
export { ciPlatformOf } from './classify';
export { closeGithubValidators } from './github/github.validator';
