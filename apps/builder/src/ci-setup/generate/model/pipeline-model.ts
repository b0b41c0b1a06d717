import type { CiPlatform, DeploymentTarget, Environment, ProjectComponent, Severity } from '@jetway/contracts';

/**
 * The platform-neutral pipeline every generator renders: what runs, in which order, with which
 * commands. Generators decide only how their platform spells it (jobs, stages, steps), never what
 * runs — so the five configurations of one request run the same commands, and the `commands` the
 * prove step runs are the strings every configuration contains.
 */
export interface PipelineModel {
  readonly application: string;
  readonly components: readonly ComponentPlan[];
  readonly security: SecurityPlan | undefined;
  /** Components with a Dockerfile: built, pushed and scanned as images (empty: no package stage). */
  readonly images: readonly ImagePlan[];
  /** In promotion order (development → staging → production). */
  readonly deploys: readonly DeployPlan[];
  readonly triggers: Triggers;
  readonly notify: NotifyPlan;
  readonly coverageThreshold: number;
  /** What was generated and why, in words: the step log and the README. */
  readonly notes: readonly string[];
}

export type ToolchainFamily = 'node' | 'python' | 'go' | 'java' | 'rust' | 'dotnet';

/** Where dependencies are cached and what the cache is keyed on. */
export interface CacheSpec {
  /** Files whose content keys the cache (paths relative to the project root): the lockfile. */
  readonly keyFiles: readonly string[];
  /** Cache directories in the user's home (GitHub Actions, CircleCI, Azure Pipelines). */
  readonly homePaths: readonly string[];
  /** The same cache inside the project directory (GitLab CI and Jenkins can cache only there). */
  readonly projectPath: string;
  /** Environment variables pointing the tool at `projectPath`; `{root}` stands for the project directory. */
  readonly projectEnv: Readonly<Record<string, string>>;
  /** A short name for cache keys (`npm`, `pip`, `go` …). */
  readonly name: string;
}

/** The commands of one component, each run in the component's directory (an install elsewhere `cd`s there itself). */
export interface ComponentCommands {
  readonly install?: string;
  readonly build?: string;
  /** Runs the tests and fails when line coverage is below the threshold. */
  readonly test: string;
}

export interface ComponentPlan {
  /** A job-name-safe id, unique in the pipeline (`app`, `api`, `web`). */
  readonly id: string;
  readonly source: ProjectComponent;
  readonly family: ToolchainFamily;
  /** Runtime versions to build on (a matrix when several), ascending. */
  readonly versions: readonly string[];
  /** The version the test (coverage) job runs on. */
  readonly testVersion: string;
  readonly cache: CacheSpec | undefined;
  readonly commands: ComponentCommands;
}

/** A tool run in its own pinned image (secrets, dependencies, SAST, container scan). */
export interface ToolRun {
  readonly id: string;
  readonly title: string;
  /** Image reference pinned by digest. */
  readonly image: string;
  readonly command: string;
  /** Environment variables the command reads (credentials come from the platform's secret store). */
  readonly env: readonly string[];
}

export interface SecurityPlan {
  readonly failOn: Severity;
  readonly secrets: ToolRun;
  readonly dependencies: ToolRun;
  readonly sast: ToolRun;
  /** CodeQL languages for GitHub's code scanning (alerts; the SAST gate is `sast`). */
  readonly codeqlLanguages: readonly string[];
}

export interface ImagePlan {
  readonly component: ComponentPlan;
  readonly dockerfile: string;
  readonly context: string;
  /** The image name under the registry (`<application>-<component>` or `<application>`). */
  readonly name: string;
  /** Shell lines: build and push `$IMAGE` (registry login is the platform's). */
  readonly build: string;
  /** Container scan of the pushed image, failing at the requested severity (none when security scans are off). */
  readonly scan: ToolRun | undefined;
}

/** A branch pattern: a name (`main`) or a prefix glob (`release/*`). */
export type BranchPattern = string;

export interface Triggers {
  /** Branches whose pushes run the pipeline; `['*']` is every branch. */
  readonly push: readonly BranchPattern[];
  /** Target branches of pull/merge requests that run the pipeline. */
  readonly pullRequest: readonly BranchPattern[];
  /** Environment branches the strategy promotes through, for the README. */
  readonly description: string;
}

export interface DeployPlan {
  readonly environment: Environment;
  readonly target: DeploymentTarget;
  /** Branches this environment deploys from. */
  readonly branches: readonly BranchPattern[];
  /** The environment deployed just before on the same branches (its smoke test must pass first). */
  readonly after: Environment | undefined;
  /** Behind the platform's manual approval (production). */
  readonly gated: boolean;
  /** Image the deploy, smoke and rollback commands run in (where the platform runs jobs in images). */
  readonly image: string;
  readonly deploy: string;
  readonly smoke: string;
  readonly rollback: string;
  /** Secrets/variables the commands read, configured per environment on the platform. */
  readonly env: readonly string[];
  /** Deploys the checked-out source with its full history (a git push) rather than the pushed image. */
  readonly fromSource: boolean;
}

export interface NotifyPlan {
  /** Reads `PIPELINE_STATUS` and `PIPELINE_URL`, posts to `$SLACK_WEBHOOK_URL` when it is set. */
  readonly command: string;
  readonly env: readonly string[];
}

/** A generated file before packing. */
export interface GeneratedCiFile {
  readonly path: string;
  readonly platform?: CiPlatform;
  readonly content: string;
}
