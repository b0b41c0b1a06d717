import type { CiPlatform, ValidateTriggered } from '@jetway/contracts';
import { ciPlatformOf, validateCiFiles, type CiFile, type ValidatorVerdict } from '@jetway/ci-validators';
import type { ArtifactReader } from './artifact-reader.port';
import { describeValidation, type ValidationReport } from './describe-validation.use-case';
import { readArchive, type ArchiveLimits } from './read-archive.use-case';
import { readVerified } from './read-verified.use-case';

export interface ValidateBundleDeps {
  reader: ArtifactReader;
  /** The validators (the real ones unless a spec needs another). */
  validate?: (files: readonly CiFile[]) => Promise<ValidatorVerdict[]>;
  limits?: Partial<ArchiveLimits>;
}

/** A verdict as `ValidateFinished` carries it (contracts: `ValidatorResult`). */
export type ValidatorResult = Omit<ValidatorVerdict, 'findings'> & { findings: Array<{ message: string; line?: number }> };

export interface ValidateBundleResult extends ValidationReport {
  /** `ValidateFinished` outputs: the bundle's digest and every validator's verdict. */
  outputs: { digest: string; results: ValidatorResult[] };
}

/** Where each platform's configuration is expected, for the verdict that says it is missing. */
const EXPECTED: Record<CiPlatform, string> = {
  github_actions: '.github/workflows/*.yml',
  gitlab_ci: '.gitlab-ci.yml',
  jenkins: 'Jenkinsfile',
  circleci: '.circleci/config.yml',
  azure_devops: 'azure-pipelines.yml',
};
export const BUNDLE_CHECK = 'Jetway bundle check (a configuration for every requested platform)';

/**
 * Validates the CI bundle with this digest: its bytes are hashed, unpacked, and every file a
 * requested platform reads (ciPlatformOf) goes through that platform's validators. A requested
 * platform with no file in the bundle is a failed verdict of its own; files of platforms not
 * requested are listed in the report, not validated.
 */
export async function validateBundle(trigger: ValidateTriggered, deps: ValidateBundleDeps): Promise<ValidateBundleResult> {
  const archive = await readArchive(await readVerified(trigger.digest, 'digest', deps.reader), deps.limits);
  const requested = new Set<CiPlatform>(trigger.platforms);
  const classified = archive.entries.map((entry) => ({ entry, platform: ciPlatformOf(entry.path) }));
  const files: CiFile[] = classified
    .flatMap(({ entry, platform }) => (platform && requested.has(platform) ? [{ path: entry.path, platform, content: entry.content.toString('utf8') }] : []))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const missing = [...requested]
    .filter((platform) => !files.some((file) => file.platform === platform))
    .map(
      (platform): ValidatorVerdict => ({
        file: EXPECTED[platform],
        platform,
        validator: BUNDLE_CHECK,
        ok: false,
        findings: [{ message: `the bundle has no ${platform} configuration (expected ${EXPECTED[platform]})` }],
      }),
    );
  const results = [...missing, ...(await (deps.validate ?? validateCiFiles)(files))];
  const ignored = classified.filter(({ platform }) => platform && !requested.has(platform)).map(({ entry }) => entry.path);
  const skipped = archive.skipped.map((entry) => `${entry.path} (${entry.reason})`);
  const outputs = { digest: trigger.digest, results: results.map((result) => ({ ...result, findings: [...result.findings] })) };
  return { outputs, ...describeValidation({ digest: trigger.digest, platforms: trigger.platforms, results, ignored, skipped }) };
}
