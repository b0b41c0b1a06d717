import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tar from 'tar';
import { artifactObjectName, GenerateFinished, type ProjectAnalysis } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { makeTempDir } from '../../drivers/command/fixtures.testing';
import { MemoryArtifactStore } from '../../use-cases/artifact-store.testing';
import { fixtureAnalyses, generateTrigger } from './generate.testing';
import { generateCi, type GenerateCiResult } from './generate-ci.use-case';

class MemoryStore extends MemoryArtifactStore {
  /** The step's log as `jetway logs` finds it: inline, or the object a large one is stored as. */
  logOf(result: GenerateCiResult): string {
    return 'log' in result ? result.log : (this.objects.get(result.log_object)?.toString('utf8') ?? '');
  }
}

function filesUnder(root: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return found;
}

describe('generateCi', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
    tmp = makeTempDir('generate');
  });
  afterAll(() => tmp.cleanup());

  it('stores one deterministic bundle under its digest whose files are the outputs, with the commands prove runs', async () => {
    const store = new MemoryStore();
    const trigger = generateTrigger(fixtures['node-monorepo']);
    const result = await generateCi(trigger, { workRoot: join(tmp.path, 'work'), store });
    if (!result.ok) throw new Error(result.reason);
    expect(GenerateFinished.shape.outputs.parse(result.outputs)).toEqual(result.outputs);
    const bytes = store.objects.get(artifactObjectName(result.outputs.digest));
    expect(`sha256:${createHash('sha256').update(bytes ?? Buffer.alloc(0)).digest('hex')}`).toBe(result.outputs.digest);
    const out = join(tmp.path, 'extracted');
    mkdirSync(out);
    writeFileSync(join(tmp.path, 'bundle.tgz'), bytes ?? Buffer.alloc(0));
    await tar.x({ file: join(tmp.path, 'bundle.tgz'), cwd: out });
    const extracted = filesUnder(out);
    expect(Object.keys(extracted).sort()).toEqual(result.outputs.files.map((file) => file.path).sort());
    for (const file of result.outputs.files) expect(createHash('sha256').update(extracted[file.path] ?? '').digest('hex')).toBe(file.sha256);
    expect(result.outputs.files.map((file) => file.platform)).toEqual(['github_actions', 'gitlab_ci', 'circleci', 'azure_devops', 'jenkins', undefined, undefined]);
    expect(result.outputs.commands).toEqual([
      { component: 'services/api', install: 'cd ../.. && npm ci', build: 'npm run build', test: 'node --test --experimental-test-coverage --test-coverage-lines=80' },
      { component: 'services/web', install: 'cd ../.. && npm ci', test: 'node --test --experimental-test-coverage --test-coverage-lines=80' },
    ]);
    const again = await generateCi({ ...trigger, run_id: '01JCISETUP0000000000000001' }, { workRoot: join(tmp.path, 'work'), store });
    expect(again.ok && again.outputs.digest).toBe(result.outputs.digest);
  });

  it('logs what it generated and why, existing CI included', async () => {
    const store = new MemoryStore();
    const trigger = generateTrigger(fixtures['node-app'], { platforms: ['github_actions'] });
    const result = await generateCi(trigger, { workRoot: join(tmp.path, 'work'), store });
    const log = store.logOf(result);
    expect(log).toMatch(/^generated CI\/CD configuration for shop \(github_actions; github_flow; coverage >= 80%\)\n {2}\.github\/workflows\/ci-cd\.yml \(github_actions\): \d+ bytes, sha256 [0-9a-f]{64}\n {2}dashboards\/quality\.json: \d+ bytes, sha256 [0-9a-f]{64}\n {2}docs\/ci\/README\.md: /);
    expect(log).toContain('    test: node --test --experimental-test-coverage --test-coverage-lines=80\n');
    expect(log).toContain('  - deploy production to kubernetes from main after staging, behind a manual approval\n');
    expect(log).toContain('existing CI .github/workflows/old.yml: kept; review it and remove it once the new pipeline runs\n');
    expect(log).toMatch(/bundle: sha256:[0-9a-f]{64}\n$/);
    const python = await generateCi(generateTrigger(fixtures['python-app']), { workRoot: join(tmp.path, 'work'), store });
    expect(store.logOf(python)).toContain('  - no Dockerfile: no package or container-scan stage\n');
  });

  it('adds the infrastructure block’s Terraform under infrastructure/ to the bundle, and says so in the README and the log', async () => {
    const store = new MemoryStore();
    const infrastructure = { cloud_provider: 'gcp' as const, ci_runners: { count: 3 }, artifact_storage: { retention_days: 14 }, container_registries: false, deployment_environments: ['staging' as const, 'production' as const], owner: 'alice' };
    const trigger = generateTrigger(fixtures['node-app'], { platforms: ['github_actions'], infrastructure });
    const result = await generateCi(trigger, { workRoot: join(tmp.path, 'work'), store });
    if (!result.ok) throw new Error(result.reason);
    const paths = result.outputs.files.map((file) => file.path);
    expect(paths.filter((path) => path.startsWith('infrastructure/'))).toEqual([
      'infrastructure/jetway-stack.json',
      ...['network', 'security', 'egress', 'artifacts', 'runners', 'observability'].map((m) => `infrastructure/modules/${m}/main.tf`),
      ...['staging', 'production'].flatMap((e) => [`infrastructure/environments/${e}/main.tf`, `infrastructure/environments/${e}/terraform.tfvars`]),
      'infrastructure/deploy.sh',
    ]);
    expect(paths.at(-1)).toBe('docs/ci/README.md');
    const modes = new Map<string, number>();
    writeFileSync(join(tmp.path, 'infra-bundle.tgz'), store.objects.get(artifactObjectName(result.outputs.digest)) ?? Buffer.alloc(0));
    await tar.t({ file: join(tmp.path, 'infra-bundle.tgz'), onReadEntry: (entry) => void modes.set(entry.path.replace(/^\.\//, ''), entry.mode ?? 0) });
    expect({ script: (modes.get('infrastructure/deploy.sh') ?? 0) & 0o777, tfvars: (modes.get('infrastructure/environments/staging/terraform.tfvars') ?? 0) & 0o777 }).toEqual({ script: 0o755, tfvars: 0o644 });
    const readme = result.files.find((file) => file.path === 'docs/ci/README.md')?.content ?? '';
    expect(readme).toContain('## Infrastructure\n\n`infrastructure/` is Terraform (gcp) for this pipeline\'s own infrastructure in staging, production');
    expect(readme).toContain('| `runners` | regional managed instance group: no external IP');
    expect(readme).not.toContain('| `registry` |');
    expect(readme).toContain('- **Runners**: 3 per environment');
    expect(readme).toContain('- **Artifacts** are kept 14 days (`artifact_retention_days`).');
    expect(store.logOf(result)).toContain('  - infrastructure: Terraform for gcp under infrastructure/, one root per environment (staging, production): 3 runners, artifacts kept 14 days, no container registry (container_registries: false)\n');
    const without = await generateCi(generateTrigger(fixtures['node-app'], { platforms: ['github_actions'] }), { workRoot: join(tmp.path, 'work'), store });
    if (!without.ok) throw new Error(without.reason);
    expect(without.outputs.files.some((file) => file.path.startsWith('infrastructure/'))).toBe(false);
    expect(without.files.find((file) => file.path === 'docs/ci/README.md')?.content).not.toContain('## Infrastructure');
  });

  it('fails, with the reason in the log, when the analysis has no component', async () => {
    const store = new MemoryStore();
    const empty: ProjectAnalysis = { languages: [], components: [], dockerfiles: [], existing_ci: [], notes: [] };
    const result = await generateCi(generateTrigger(empty), { workRoot: join(tmp.path, 'work'), store });
    // A one-line log travels inline: nothing is stored at all.
    expect(result).toEqual({ ok: false, reason: 'the analysis found no component to build and test: nothing to generate', log: 'the analysis found no component to build and test: nothing to generate\n' });
    expect([...store.objects.keys()]).toEqual([]);
  });
});
