import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Controller, Inject, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import * as tar from 'tar';
import { ulid } from 'ulid';
import { artifactObjectName, CiCdSetupRequest, type AnalyzeTriggered, type GenerateTriggered } from '@jetway/contracts';
import { ArtifactObjects, MeshEnv, startService, StepWorker, type MessageMeta, type ServiceHandle } from '@jetway/messaging';
import { startMesh, type Mesh } from './mesh.fixture';

const PINNED_CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
/** The workflow the stand-in generator hands out next: each case plants one defect. */
let planted = '';
let objects: ArtifactObjects;

/** Packs files into a tar.gz, stores it under its digest like the builder does, returns the digest. */
async function storeBundle(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-bundle-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, 'tree', path)), { recursive: true });
      writeFileSync(join(dir, 'tree', path), content);
    }
    await tar.c({ gzip: true, portable: true, cwd: join(dir, 'tree'), file: join(dir, 'bundle.tar.gz') }, Object.keys(files));
    const bytes = readFileSync(join(dir, 'bundle.tar.gz'));
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    await objects.putBytes(artifactObjectName(digest), bytes);
    return digest;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stand-in builder for the two steps before the scan: the real scanner and planner judge what it hands out. */
@Controller()
class StandInBuilder {
  constructor(@Inject(StepWorker) private readonly worker: StepWorker) {}

  @EventPattern('jetway.step.analyze.triggered.v1')
  async analyze(@Payload() trigger: AnalyzeTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('analyze', trigger, meta, async () => ({
      outcome: 'succeeded',
      outputs: { analysis: { languages: [{ name: 'javascript', files: 1 }], components: [], dockerfiles: [], existing_ci: [], notes: [] }, source_digest: await storeBundle({ 'index.js': '1\n' }) },
    }));
  }

  @EventPattern('jetway.step.generate.triggered.v1')
  async generate(@Payload() trigger: GenerateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('generate', trigger, meta, async () => {
      const digest = await storeBundle({ '.github/workflows/ci.yml': planted });
      return { outcome: 'succeeded', outputs: { digest, files: [{ path: '.github/workflows/ci.yml', platform: 'github_actions', sha256: 'planted' }], commands: [] } };
    });
  }
}

@Module({ controllers: [StandInBuilder] })
class StandInModule {}

/** CI configuration with a planted defect fails the run at the scan or at validate, naming the rule. */
describe('the CI/CD setup pipeline refuses planted defects (real nats-server, real scanner and planner)', () => {
  let mesh: Mesh;
  let builder: ServiceHandle;

  beforeAll(async () => {
    mesh = await startMesh({ only: ['planner', 'scanner'] });
    builder = await startService({ service: 'builder', env: MeshEnv.parse({ JETWAY_NATS_URL: mesh.servers, JETWAY_LOG_LEVEL: 'error' }), feature: StandInModule });
    objects = ArtifactObjects.of(builder.mesh);
  });
  afterAll(async () => {
    await builder?.stop();
    await mesh?.stop();
  });

  const run = async (workflow: string) => {
    planted = workflow;
    const request = CiCdSetupRequest.parse({ kind: 'ci_cd_setup', idempotency_key: `e2e-defect-${ulid()}`, project_path: '/nonexistent/by/design', ci_platform: 'github_actions', project_type: 'api' });
    return mesh.client.watch(await mesh.client.publishRequest(request), () => undefined, 200);
  };
  const job = (steps: string, extra = '    runs-on: ubuntu-24.04\n') => `name: ci\non: [push]\npermissions:\n  contents: read\njobs:\n  test:\n${extra}    steps:\n${steps}`;

  it.each([
    ['an unpinned action', job('      - uses: actions/checkout@v4\n'), /^step scan failed: .*ci\/github-unpinned-action/s],
    ['a script injection', job(`      - uses: ${PINNED_CHECKOUT}\n      - run: echo "\${{ github.event.head_commit.message }}"\n`), /^step scan failed: .*ci\/github-script-injection/s],
    ['a missing runs-on', job(`      - uses: ${PINNED_CHECKOUT}\n      - run: npm test\n`, ''), /^step validate failed: .*runs-on/s],
  ])('fails the run on %s, naming the rule, and publishes nothing', async (_defect, workflow, reason) => {
    const finished = await run(workflow);
    expect(finished.status).toBe('failed');
    expect(finished.reason).toMatch(reason);
    expect(finished.steps.find((s) => s.step_id === 'publish')?.status).toBe('pending');
  });
});
