import { verdict } from '../common/verdict';
import type { CiFile, ValidatorVerdict } from '../types';
import { jenkinsfileFindings } from './jenkinsfile-rules';

/** No validator of Jenkinsfiles runs without a Jenkins controller: this one is ours, and says so. */
export const JENKINS_STRUCTURE = 'Jetway structural check of the declarative Jenkinsfile (no offline Jenkins validator exists)';

export async function validateJenkinsfile(file: CiFile): Promise<ValidatorVerdict[]> {
  return [verdict(file, JENKINS_STRUCTURE, jenkinsfileFindings(file.content))];
}
