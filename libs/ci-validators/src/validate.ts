import type { CiPlatform } from '@jetway/contracts';
import { validateAzurePipeline } from './azure/azure.validator';
import { validateCircleci } from './circleci/circleci.validator';
import { validateGithubWorkflows } from './github/github.validator';
import { validateGitlabCi } from './gitlab/gitlab.validator';
import { validateJenkinsfile } from './jenkins/jenkins.validator';
import { cannotRun } from './common/verdict';
import type { CiFile, ValidatorVerdict } from './types';

/** Validators of one file for the platforms that check a file on its own (the bundle is there for references). */
type FileValidator = (file: CiFile, bundle: readonly CiFile[]) => Promise<ValidatorVerdict[]>;

const BY_PLATFORM: Record<Exclude<CiPlatform, 'github_actions'>, FileValidator> = {
  gitlab_ci: validateGitlabCi,
  circleci: validateCircleci,
  azure_devops: validateAzurePipeline,
  jenkins: validateJenkinsfile,
};

/**
 * Every validator that applies to each file (several per platform where several exist: GitHub's
 * own parser and actionlint for a workflow). A validator that cannot run says so in a verdict with
 * `ok: false`, never by leaving the file unchecked. Verdicts come in the order of `files`.
 */
export async function validateCiFiles(files: readonly CiFile[]): Promise<ValidatorVerdict[]> {
  const github = files.filter((file) => file.platform === 'github_actions');
  const [githubVerdicts, ...others] = await Promise.all([
    validateGithubWorkflows(github),
    ...files.map((file) =>
      file.platform === 'github_actions'
        ? Promise.resolve([])
        : BY_PLATFORM[file.platform](file, files).catch((error: unknown) => [cannotRun(file, `${file.platform} validators`, error)]),
    ),
  ]);
  const order = new Map(files.map((file, i) => [file.path, i]));
  return [...(githubVerdicts ?? []), ...others.flat()].sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
}
