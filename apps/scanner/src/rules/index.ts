import { awsAccessKeyRule } from './aws-access-key.rule';
import { ciMissingPermissionsRule, ciWriteAllPermissionsRule } from './ci-permissions.rules';
import { ciPipeToShellRule } from './ci-pipe-to-shell.rule';
import { ciPullRequestTargetCheckoutRule } from './ci-pull-request-target-checkout.rule';
import { ciScriptInjectionRule } from './ci-script-injection.rule';
import { ciUnpinnedActionRule } from './ci-unpinned-action.rule';
import { dockerfilePipeToShellRule } from './dockerfile-pipe-to-shell.rule';
import { dockerfileRemoteAddRule } from './dockerfile-remote-add.rule';
import { dockerfileRootUserRule } from './dockerfile-root-user.rule';
import { dockerfileSecretEnvRule } from './dockerfile-secret-env.rule';
import { dockerfileUnpinnedBaseRule } from './dockerfile-unpinned-base.rule';
import { githubTokenRule } from './github-token.rule';
import { highEntropySecretRule } from './high-entropy-secret.rule';
import { packageInstallScriptRule } from './package-install-script.rule';
import { packageMissingLockfileRule } from './package-missing-lockfile.rule';
import { packageUnpinnedDependencyRule } from './package-unpinned-dependency.rule';
import { privateKeyRule } from './private-key.rule';
import type { Rule } from './rule.model';
import { slackTokenRule } from './slack-token.rule';

/** Every rule the scanner runs, in the order SARIF lists them (results refer to this index). */
export const RULES: readonly Rule[] = [
  privateKeyRule,
  awsAccessKeyRule,
  githubTokenRule,
  slackTokenRule,
  highEntropySecretRule,
  packageUnpinnedDependencyRule,
  packageInstallScriptRule,
  packageMissingLockfileRule,
  dockerfileUnpinnedBaseRule,
  dockerfileRootUserRule,
  dockerfileRemoteAddRule,
  dockerfilePipeToShellRule,
  dockerfileSecretEnvRule,
  ciPullRequestTargetCheckoutRule,
  ciScriptInjectionRule,
  ciUnpinnedActionRule,
  ciWriteAllPermissionsRule,
  ciMissingPermissionsRule,
  ciPipeToShellRule,
];

export { SEVERITIES, severityRank, redact, type Finding, type ScanTarget, type Rule, type RuleMatch, type ScanContext, type TextFile } from './rule.model';
