import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Controller, Inject, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import * as tar from 'tar';
import { ulid } from 'ulid';
import { generateCiInfrastructure } from '@jetway/builder';
import { artifactObjectName, CiCdSetupRequest, ScanTriggered, type AnalyzeTriggered, type CiInfrastructureSpec, type CloudProvider, type GenerateTriggered, type RunStatusView } from '@jetway/contracts';
import { ArtifactObjects, MeshEnv, startService, StepWorker, type MessageMeta, type ServiceHandle } from '@jetway/messaging';
import { scanArtifact } from '@jetway/scanner';
import { createCiFixture, runGit, type CiFixture } from '@jetway/testing';
import { startMesh, type Mesh } from './mesh.fixture';

// The CI/CD setup's infrastructure block: what the builder generates under infrastructure/ passes
// every IaC rule in the CI-setup scan, for each provider; a public artifact bucket or a runner with
// a public IP fails its rule there; and a ci_cd_setup run across the real services publishes it.

const PINNED_CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
const WORKFLOW = `name: ci\non: [push]\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${PINNED_CHECKOUT}\n      - run: npm test\n`;
const spec = (cloud_provider: CloudProvider): CiInfrastructureSpec => ({
  cloud_provider, ci_runners: { count: 2 }, artifact_storage: { retention_days: 30 }, container_registries: true, deployment_environments: ['development', 'staging', 'production'], owner: 'platform',
});

async function pack(files: Record<string, string>): Promise<{ digest: string; bytes: Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-ci-infra-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, 'tree', path)), { recursive: true });
      writeFileSync(join(dir, 'tree', path), content);
    }
    await tar.c({ gzip: true, portable: true, cwd: join(dir, 'tree'), file: join(dir, 'bundle.tar.gz') }, Object.keys(files));
    const bytes = readFileSync(join(dir, 'bundle.tar.gz'));
    return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CI bundle: a workflow and the generated infrastructure, the file at `edit.path` changed by `edit.change`. */
function ciBundle(provider: CloudProvider, edit?: { path: string; change: (text: string) => string }): Record<string, string> {
  const files: Record<string, string> = { '.github/workflows/ci.yml': WORKFLOW };
  for (const file of generateCiInfrastructure(spec(provider), 'shop')) files[file.path] = file.content;
  if (edit) {
    const before = files[edit.path] ?? '';
    files[edit.path] = edit.change(before);
    if (files[edit.path] === before) throw new Error(`the planted defect changed nothing in ${edit.path}`);
  }
  return files;
}

/** The scan step's use case on a bundle, as the scanner runs it for a ci_cd_setup run. */
async function ciSetupScan(files: Record<string, string>) {
  const { digest, bytes } = await pack(files);
  const trigger = ScanTriggered.parse({ run_id: '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D', step_id: 'scan', attempt: 1, application: 'shop', digest, fail_on_severity: 'high' });
  return scanArtifact(trigger, { reader: { get: async (name) => (name === artifactObjectName(digest) ? bytes : Promise.reject(new Error(name))) } });
}

const PUBLIC_BUCKET = {
  aws: { path: 'infrastructure/modules/artifacts/main.tf', change: (tf: string) => tf.replace('force_destroy = false', 'force_destroy = false\n  acl = "public-read"'), rule: 'IAC001' },
  azure: { path: 'infrastructure/modules/artifacts/main.tf', change: (tf: string) => tf.replace('allow_nested_items_to_be_public = false', 'allow_nested_items_to_be_public = true'), rule: 'IAC025' },
  gcp: { path: 'infrastructure/modules/artifacts/main.tf', change: (tf: string) => tf.replace('public_access_prevention = "enforced"', 'public_access_prevention = "inherited"'), rule: 'IAC045' },
} as const;
const PUBLIC_RUNNER = {
  aws: { path: 'infrastructure/modules/runners/main.tf', change: (tf: string) => tf.replace('associate_public_ip_address = false', 'associate_public_ip_address = true'), rule: 'IAC063' },
  azure: { path: 'infrastructure/modules/runners/main.tf', change: (tf: string) => tf.replace('subnet_id = var.app_subnet_id\n', 'subnet_id = var.app_subnet_id\n      public_ip_address {\n        name = "runner"\n      }\n'), rule: 'IAC063' },
  gcp: { path: 'infrastructure/modules/runners/main.tf', change: (tf: string) => tf.replace('subnetwork = var.app_subnet_id\n', 'subnetwork = var.app_subnet_id\n    access_config {\n    }\n'), rule: 'IAC060' },
} as const;

describe.each(['aws', 'azure', 'gcp'] as const)('the CI-setup scan of the generated CI infrastructure (%s)', (provider) => {
  it('finds nothing: every IaC rule passes in development, staging and production', async () => {
    const result = await ciSetupScan(ciBundle(provider));
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(result.outputs.verdict).toBe('pass');
    expect(result.report.reason).toMatch(/The Terraform in infrastructure\/ \(artifact\) went through \d+ IaC rules for development, staging, production, each with its tfvars\./);
  });

  it.each([
    ['a public artifact bucket', PUBLIC_BUCKET[provider]],
    ['a runner with a public IP', PUBLIC_RUNNER[provider]],
  ])('fails on %s, naming its rule, the file and the resource', async (_defect, defect) => {
    const result = await ciSetupScan(ciBundle(provider, defect));
    expect(result.findings.map((f) => [f.ruleId, f.file])).toEqual([[defect.rule, defect.path]]);
    expect(result.outputs.verdict).toBe('fail');
    expect(result.report.reason).toContain(`${defect.rule} ${defect.path}:`);
    const sarif = JSON.parse(result.sarif) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual([defect.rule]);
  });
});

const outputsOf = (run: RunStatusView, stepId: string) => run.steps.find((s) => s.step_id === stepId)?.outputs ?? {};

describe('a ci_cd_setup run with an infrastructure block across the services (real nats-server)', () => {
  let mesh: Mesh;
  let fixture: CiFixture | undefined;
  beforeAll(async () => {
    mesh = await startMesh();
  });
  afterAll(async () => {
    await mesh?.stop();
    fixture?.cleanup();
  });

  it('generates infrastructure/ beside the pipeline, scans it clean, and publishes it on the branch (the deploy script executable)', async () => {
    fixture = createCiFixture('node-app', { git: true });
    const head = runGit(fixture.path, 'rev-parse', 'HEAD');
    const request = CiCdSetupRequest.parse({
      kind: 'ci_cd_setup', idempotency_key: `e2e-ci-infra-${ulid()}`, project_path: fixture.path, ci_platform: 'github_actions', project_type: 'web_app',
      deployment_targets: [{ environment: 'staging', platform: 'kubernetes' }, { environment: 'production', platform: 'kubernetes' }],
      infrastructure: { cloud_provider: 'aws', ci_runners: { count: 2 } },
    });
    const run = await mesh.client.watch(await mesh.client.publishRequest(request), () => undefined, 200);
    expect({ status: run.status, reason: run.reason }).toEqual({ status: 'succeeded', reason: undefined });

    const generated = (outputsOf(run, 'generate')['files'] as Array<{ path: string }>).map((f) => f.path);
    expect(generated.filter((p) => p.startsWith('infrastructure/environments/'))).toEqual([
      'infrastructure/environments/staging/main.tf', 'infrastructure/environments/staging/terraform.tfvars', 'infrastructure/environments/production/main.tf', 'infrastructure/environments/production/terraform.tfvars',
    ]);
    expect(outputsOf(run, 'scan')).toMatchObject({ verdict: 'pass', counts: { critical: 0, high: 0, medium: 0, low: 0 }, top_findings: [] });

    const { branch, files } = outputsOf(run, 'publish') as { branch: string; files: string[] };
    expect(files).toEqual(expect.arrayContaining(['infrastructure/jetway-stack.json', 'infrastructure/modules/runners/main.tf', 'infrastructure/deploy.sh', 'docs/ci/README.md']));
    expect(runGit(fixture.path, 'ls-tree', branch, 'infrastructure/deploy.sh')).toMatch(/^100755 blob /);
    expect(runGit(fixture.path, 'show', `${branch}:docs/ci/README.md`)).toContain('## Infrastructure');
    expect(runGit(fixture.path, 'rev-parse', 'HEAD')).toBe(head);
  });
});

/** The builder's two steps before the scan, handing out the generated CI infrastructure with a runner given a public IP. */
let objects: ArtifactObjects;
@Controller()
class PlantingBuilder {
  constructor(@Inject(StepWorker) private readonly worker: StepWorker) {}

  private async store(files: Record<string, string>): Promise<string> {
    const { digest, bytes } = await pack(files);
    await objects.putBytes(artifactObjectName(digest), bytes);
    return digest;
  }

  @EventPattern('jetway.step.analyze.triggered.v1')
  async analyze(@Payload() trigger: AnalyzeTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('analyze', trigger, meta, async () => ({
      outcome: 'succeeded',
      outputs: { analysis: { languages: [{ name: 'javascript', files: 1 }], components: [], dockerfiles: [], existing_ci: [], notes: [] }, source_digest: await this.store({ 'index.js': '1\n' }) },
    }));
  }

  @EventPattern('jetway.step.generate.triggered.v1')
  async generate(@Payload() trigger: GenerateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('generate', trigger, meta, async () => {
      if (trigger.infrastructure?.cloud_provider !== 'aws') throw new Error('the trigger did not carry the request’s infrastructure block');
      const digest = await this.store(ciBundle('aws', PUBLIC_RUNNER.aws));
      return { outcome: 'succeeded', outputs: { digest, files: [{ path: '.github/workflows/ci.yml', platform: 'github_actions', sha256: 'planted' }], commands: [] } };
    });
  }
}

@Module({ controllers: [PlantingBuilder] })
class PlantingModule {}

describe('a ci_cd_setup run whose infrastructure gives a runner a public IP (real nats-server, real scanner and planner)', () => {
  let mesh: Mesh;
  let builder: ServiceHandle;
  beforeAll(async () => {
    mesh = await startMesh({ only: ['planner', 'scanner'] });
    builder = await startService({ service: 'builder', env: MeshEnv.parse({ JETWAY_NATS_URL: mesh.servers, JETWAY_LOG_LEVEL: 'error' }), feature: PlantingModule });
    objects = ArtifactObjects.of(builder.mesh);
  });
  afterAll(async () => {
    await builder?.stop();
    await mesh?.stop();
  });

  it('fails at the scan naming IAC063 and the runners module, and publishes nothing', async () => {
    const request = CiCdSetupRequest.parse({
      kind: 'ci_cd_setup', idempotency_key: `e2e-ci-infra-defect-${ulid()}`, project_path: '/nonexistent/by/design', ci_platform: 'github_actions', project_type: 'api',
      infrastructure: { cloud_provider: 'aws', deployment_environments: ['staging'] },
    });
    const run = await mesh.client.watch(await mesh.client.publishRequest(request), () => undefined, 200);
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/^step scan failed: 1 finding at or above high in the artifact:\n- high IAC063 infrastructure\/modules\/runners\/main\.tf:\d+ \(artifact\): aws_launch_template\.runner: a network interface has associate_public_ip_address = true/);
    expect(run.steps.find((s) => s.step_id === 'publish')?.status).toBe('pending');
  });
});
