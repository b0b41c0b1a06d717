import { z } from 'zod';
import { AppName, Digest } from '../common';
import { BranchingStrategy, CiInfrastructureSpec, CiPlatform, CiQualityGates, DeploymentTarget, ProjectType } from '../pipeline/ci-setup-request.v1';
import { StepRef, stepFinished } from './lifecycle';

// The CI/CD setup pipeline's own steps: analyze → generate → (scan) → validate → prove → publish.

/** Where the project is: a directory, or a local git repository at a ref. */
export const ProjectSource = z.object({
  path: z.string().min(1),
  /** A git ref (when `path` is a repository); absent: the checked-out HEAD, or a plain directory. */
  ref: z.string().min(1).optional(),
});
export type ProjectSource = z.infer<typeof ProjectSource>;

/**
 * One buildable, testable unit of the project: the root of a single app, or one workspace of a
 * monorepo. Its commands run in its `path`; `lockfile`, `dockerfile` and paths elsewhere are
 * relative to the project root. `runtime_versions` reads "<runtime> <version as the file says it>"
 * (e.g. `node >=20`, `python >=3.9`, `go 1.22`, `java 17`).
 */
export const ProjectComponent = z.object({
  /** Directory relative to the project root, `.` for the root. */
  path: z.string().min(1),
  name: z.string().min(1),
  language: z.enum(['javascript', 'typescript', 'python', 'go', 'java', 'rust', 'csharp']),
  package_manager: z.enum(['npm', 'pnpm', 'yarn', 'pip', 'poetry', 'uv', 'go', 'maven', 'gradle', 'cargo', 'dotnet']),
  /** The lockfile found (relative to the project root), if any: the generated jobs cache on it. */
  lockfile: z.string().optional(),
  /** Runtime versions the project asks for (engines, .nvmrc, python_requires, go directive, …). */
  runtime_versions: z.array(z.string()).default([]),
  install_command: z.string().optional(),
  build_command: z.string().optional(),
  test_command: z.string().optional(),
  test_framework: z.string().optional(),
  /** How line coverage is measured (c8, coverage.py, go cover, jacoco…); absent: none found. */
  coverage_tool: z.string().optional(),
  dockerfile: z.string().optional(),
});
export type ProjectComponent = z.infer<typeof ProjectComponent>;

/** What the analyze step found in the files (never taken from the request). */
export const ProjectAnalysis = z.object({
  languages: z.array(z.object({ name: z.string(), files: z.number().int().min(0) })),
  components: z.array(ProjectComponent),
  /** Workspaces tool and member paths when the project is a monorepo. */
  monorepo: z.object({ tool: z.string(), members: z.array(z.string()) }).optional(),
  dockerfiles: z.array(z.string()),
  /** CI configuration already in the project (paths). */
  existing_ci: z.array(z.string()),
  /** What the analysis could not decide, in words (e.g. "no test command found in services/api"). */
  notes: z.array(z.string()).default([]),
});
export type ProjectAnalysis = z.infer<typeof ProjectAnalysis>;

export const AnalyzeTriggered = StepRef.extend({ application: AppName, project: ProjectSource });
export type AnalyzeTriggered = z.infer<typeof AnalyzeTriggered>;
export const AnalyzeFinished = stepFinished(
  z.object({
    analysis: ProjectAnalysis,
    /** The project tree as analysed (without .git), content-addressed like an artifact: what later steps work on. */
    source_digest: Digest,
    /** The commit analysed, when the project is a git repository. */
    commit: z.string().optional(),
  }),
);
export type AnalyzeFinished = z.infer<typeof AnalyzeFinished>;

export const GenerateTriggered = StepRef.extend({
  application: AppName,
  source_digest: Digest,
  analysis: ProjectAnalysis,
  platforms: z.array(CiPlatform).min(1),
  project_type: ProjectType,
  deployment_targets: z.array(DeploymentTarget),
  quality_gates: CiQualityGates,
  branching_strategy: BranchingStrategy,
  /** The request's infrastructure block, resolved (`ciInfrastructureOf`): Terraform under `infrastructure/` in the bundle. */
  infrastructure: CiInfrastructureSpec.optional(),
});
export type GenerateTriggered = z.infer<typeof GenerateTriggered>;

/** One generated file, relative to the project root (e.g. `.github/workflows/ci.yml`). */
export const GeneratedFile = z.object({ path: z.string().min(1), platform: CiPlatform.optional(), sha256: z.string() });

export const GenerateFinished = stepFinished(
  z.object({
    /** The bundle of generated files (a tar.gz, paths relative to the project root). */
    digest: Digest,
    files: z.array(GeneratedFile).min(1),
    /** The build and test commands the generated pipelines run, per component path: what prove runs. */
    commands: z.array(z.object({ component: z.string(), install: z.string().optional(), build: z.string().optional(), test: z.string().optional() })),
  }),
);
export type GenerateFinished = z.infer<typeof GenerateFinished>;

export const ValidateTriggered = StepRef.extend({ application: AppName, digest: Digest, platforms: z.array(CiPlatform).min(1) });
export type ValidateTriggered = z.infer<typeof ValidateTriggered>;

/** One validator's verdict on one file: which tool (`@actions/workflow-parser`, `actionlint`, a schema …) said what. */
export const ValidatorResult = z.object({
  file: z.string(),
  platform: CiPlatform,
  validator: z.string(),
  ok: z.boolean(),
  findings: z.array(z.object({ message: z.string(), line: z.number().int().min(0).optional() })).max(50),
});
export const ValidateFinished = stepFinished(z.object({ digest: Digest, results: z.array(ValidatorResult).min(1) }));
export type ValidateFinished = z.infer<typeof ValidateFinished>;

export const ProveTriggered = StepRef.extend({
  application: AppName,
  source_digest: Digest,
  bundle_digest: Digest,
  commands: GenerateFinished.shape.outputs.unwrap().shape.commands,
  coverage_threshold: z.number().min(0).max(100),
  timeout_seconds: z.number().int().positive().max(3600).default(900),
});
export type ProveTriggered = z.infer<typeof ProveTriggered>;
export const ProveFinished = stepFinished(
  z.object({
    ran: z.array(z.object({ component: z.string(), phase: z.enum(['install', 'build', 'test']), command: z.string(), exit_code: z.number().int(), duration_ms: z.number().int().min(0) })),
    /** Line coverage measured per component (percent), where a coverage tool ran. */
    coverage: z.array(z.object({ component: z.string(), percent: z.number().min(0).max(100) })).default([]),
    /** Components not proven and why (a toolchain missing here): never a silent pass. */
    skipped: z.array(z.object({ component: z.string(), reason: z.string() })).default([]),
  }),
);
export type ProveFinished = z.infer<typeof ProveFinished>;

export const PublishTriggered = StepRef.extend({
  application: AppName,
  project: ProjectSource,
  bundle_digest: Digest,
  /** The commit the analysis saw; the branch starts there. */
  base_commit: z.string().optional(),
  branch: z.string().regex(/^jetway\/ci-setup-[0-9A-Z]{26}$/),
});
export type PublishTriggered = z.infer<typeof PublishTriggered>;
export const PublishFinished = stepFinished(
  z.object({
    files: z.array(z.string()).min(1),
    branch: z.string().optional(),
    commit: z.string().optional(),
    /** For a directory that is not a git repository: the patch file written instead of a branch. */
    patch_file: z.string().optional(),
  }),
);
export type PublishFinished = z.infer<typeof PublishFinished>;
