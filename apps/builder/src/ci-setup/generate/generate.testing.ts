import type { BranchingStrategy, CiPlatform, GenerateTriggered, ProjectAnalysis } from '@jetway/contracts';
import type { CiFile } from '@jetway/ci-validators';
import { CI_FIXTURE_NAMES, ciFixtureFiles, type CiFixtureName } from '@jetway/testing';
import { parse } from 'yaml';
import { analyzeTree } from '../analyze/analyze-tree';
import { TempTrees } from '../analyze/tree.testing';
import { ungstr } from './jenkins/groovy';
import type { GeneratedCiFile } from './model/pipeline-model';

/** Test helpers (not a spec): the fixture projects as the analyze step sees them, and readers of generated files. */

export const ALL_PLATFORMS: readonly CiPlatform[] = ['github_actions', 'gitlab_ci', 'circleci', 'azure_devops', 'jenkins'];
export const STRATEGIES: readonly BranchingStrategy[] = ['github_flow', 'gitflow', 'gitlab_flow', 'trunk_based'];

/** Each fixture project (libs/testing) analysed by the real analyzer. */
export async function fixtureAnalyses(): Promise<Record<CiFixtureName, ProjectAnalysis>> {
  const trees = new TempTrees();
  try {
    const entries = await Promise.all(CI_FIXTURE_NAMES.map(async (name) => [name, analyzeTree(await trees.tree(ciFixtureFiles(name)), name).analysis] as const));
    return Object.fromEntries(entries) as Record<CiFixtureName, ProjectAnalysis>;
  } finally {
    trees.cleanup();
  }
}

/** A generate trigger with every environment on Kubernetes, the defaults of the request contract otherwise. */
export function generateTrigger(analysis: ProjectAnalysis, overrides: Partial<GenerateTriggered> = {}): GenerateTriggered {
  return {
    run_id: '01JCISETUP0000000000000000',
    step_id: 'generate',
    attempt: 1,
    application: 'shop',
    source_digest: `sha256:${'a'.repeat(64)}`,
    analysis,
    platforms: [...ALL_PLATFORMS],
    project_type: 'web_app',
    deployment_targets: [
      { environment: 'production', platform: 'kubernetes' },
      { environment: 'development', platform: 'kubernetes' },
      { environment: 'staging', platform: 'kubernetes' },
    ],
    quality_gates: { test_coverage_threshold: 80, security_scan_required: true, performance_benchmarks: false, fail_on_severity: 'high' },
    branching_strategy: 'github_flow',
    ...overrides,
  };
}

export function ciFiles(files: readonly GeneratedCiFile[]): CiFile[] {
  return files.flatMap((file) => (file.platform ? [{ path: file.path, platform: file.platform, content: file.content }] : []));
}

export function fileOf(files: readonly GeneratedCiFile[], platform: CiPlatform): GeneratedCiFile {
  const file = files.find((candidate) => candidate.platform === platform);
  if (!file) throw new Error(`no ${platform} file generated`);
  return file;
}

type Tree = { [key: string]: unknown };

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Tree)) {
      visit(key, child);
      walk(child, visit);
    }
  }
}

/** Every shell script a generated file runs (GitHub `run:`, GitLab `script:`, CircleCI `command:`, Azure `script:`, Jenkins `sh`). */
export function scriptsOf(file: Pick<GeneratedCiFile, 'platform' | 'content'>): string[] {
  if (file.platform === 'jenkins') {
    return [...file.content.matchAll(/script: ('''[\s\S]*?(?<!\\)'''|'(?:[^'\\]|\\.)*')\)/g)].map((match) => ungstr(match[1] ?? ''));
  }
  const keys: Record<string, string[]> = { github_actions: ['run'], gitlab_ci: ['script', 'before_script'], circleci: ['command'], azure_devops: ['script'] };
  const wanted = keys[file.platform ?? ''] ?? [];
  const scripts: string[] = [];
  walk(parse(file.content), (key, value) => {
    if (!wanted.includes(key)) return;
    if (typeof value === 'string') scripts.push(value);
    if (Array.isArray(value)) scripts.push(...value.filter((line): line is string => typeof line === 'string'));
  });
  return scripts;
}

export function yamlOf(file: GeneratedCiFile): Tree {
  return parse(file.content) as Tree;
}
