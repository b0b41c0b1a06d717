// One purpose: validate generated CI configuration with each platform's own validator (or the
// strongest that runs offline). Used by the scanner's validate step and by the builder's
// generator tests. API first; the validators land in ./<platform>/ folders.
export type { CiFile, ValidatorFinding, ValidatorVerdict } from './types';
export { validateCiFiles } from './validate';
