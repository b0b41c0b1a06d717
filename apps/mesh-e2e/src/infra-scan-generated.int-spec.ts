import type { Msg, Subscription } from 'nats';
import { ulid } from 'ulid';
import type { z } from 'zod';
import { generateInfrastructure, INFRA_BUNDLE_FORMAT } from '@jetway/builder';
import {
  artifactObjectName,
  environmentsOf,
  infrastructureSpecOf,
  InfrastructureRequest,
  InfraScanFinished,
  type Digest,
  type InfrastructureSpec,
} from '@jetway/contracts';
import { AttestationStore, EventPublisher, packFiles, unpackFiles, type BundleFile, type ServiceHandle } from '@jetway/messaging';
import { loadScannerConfig, startScanner } from '@jetway/scanner';
import { JsonLogger } from '@jetway/telemetry';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';

// The builder's infra-generate bundle through the scanner's infra-scan step on a real nats-server:
// what generate writes is what scan reads (bundle format, manifest, roots, tfvars).

type Finished = z.infer<typeof InfraScanFinished>;

const spec = (monthlyLimit: number): InfrastructureSpec =>
  infrastructureSpecOf(
    InfrastructureRequest.parse({
      kind: 'infrastructure',
      idempotency_key: 'shop-infra-0001',
      stack: 'shop',
      requested_by: 'platform',
      application_requirements: {
        compute: { type: 'containers' },
        storage: { types: ['object', 'relational_database', 'cache'], capacity: '100GB' },
        networking: { security_zones: ['public', 'private', 'data'], external_access: true },
      },
      cloud_provider: 'aws',
      environment_type: 'production',
      compliance_requirements: ['pci_dss', 'hipaa'],
      budget_constraints: { monthly_limit: monthlyLimit },
    }),
  );

/** The bundle the builder's infra-generate use case stores for the spec, unpacked (`edit` plants a defect). */
async function bundle(edit: (file: BundleFile) => BundleFile = (f) => f): Promise<BundleFile[]> {
  const stored = new Map<string, Buffer>();
  const trigger = { run_id: ulid(), step_id: 'generate', attempt: 1, spec: spec(2000), environments: environmentsOf('production') };
  const { digest } = await generateInfrastructure(trigger, { store: { put: async (d, bytes) => void stored.set(d, bytes) }, workingDir: process.cwd() });
  return unpackFiles(INFRA_BUNDLE_FORMAT, stored.get(digest)!, digest).map(edit);
}

describe('infra-scan of the builder’s generated Terraform (e2e)', () => {
  let nats: NatsFixture;
  let scanner: ServiceHandle;
  const finished: Msg[] = [];
  let sub: Subscription;

  beforeAll(async () => {
    nats = await startNats();
    scanner = await startScanner({ ...loadScannerConfig({}), JETWAY_NATS_URL: nats.url }, { logger: new JsonLogger('scanner', {}, 'info', () => undefined) });
    sub = scanner.mesh.nc.subscribe('jetway.step.infra-scan.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(msg);
    })();
    await scanner.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await scanner?.stop();
    await nats?.stop();
  });

  async function scan(files: readonly BundleFile[], monthlyLimit: number): Promise<{ event: Finished; digest: Digest }> {
    const { digest, bytes } = packFiles(INFRA_BUNDLE_FORMAT, files);
    await scanner.mesh.artifacts.putBlob({ name: artifactObjectName(digest) }, bytes);
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'scan', attempt: 1, stack: 'shop', digest, spec: spec(monthlyLimit) };
    await new EventPublisher(scanner.mesh.js, 'test').publish('jetway.step.infra-scan.triggered.v1', trigger, { runId, stepId: 'scan', attempt: 1 });
    const msg = await waitFor(() => finished.find((m) => (m.json() as { run_id: string }).run_id === runId), { message: 'step.infra-scan.finished' });
    return { event: InfraScanFinished.parse(msg.json()), digest: digest as Digest };
  }

  it('passes the generated stack within budget: no finding, costed in production, attested pass', async () => {
    const { event, digest } = await scan(await bundle(), 2000);
    expect(event.outputs?.findings).toEqual([]);
    expect(event.outcome).toBe('succeeded');
    expect(event.reason).toMatch(/^no finding at or above medium in the Terraform of staging, production \(\d+ rules\); nothing found\ncost \(production\): estimated \$[\d.]+\/month, within the budget of \$2000\.00/);
    expect(event.outputs?.cost?.largest[0]).toMatchObject({ address: 'aws_db_instance.main' });
    expect(await new AttestationStore(scanner.mesh).scanVerdict(digest)).toBe('pass');
  });

  it('fails the generated stack over budget, naming its largest items', async () => {
    const { event, digest } = await scan(await bundle(), 50);
    expect(event.outcome).toBe('failed');
    expect(event.reason).toMatch(/^cost \(production\): estimated \$[\d.]+\/month is over the budget of \$50\.00: the largest items are aws_db_instance\.main \$[\d.]+ \(db\.m5\.large × 2 \(multi-AZ: true\)/);
    expect(await new AttestationStore(scanner.mesh).scanVerdict(digest)).toBe('fail');
  });

  it('fails the generated stack with production’s database in one zone: IAC007, production only', async () => {
    const singleAz = (f: BundleFile) => (f.path === 'environments/production/terraform.tfvars' ? { ...f, content: f.content.replace(/multi_az\s*=\s*true/, 'multi_az = false') } : f);
    const files = await bundle(singleAz);
    expect(files.find((f) => f.path === 'environments/production/terraform.tfvars')?.content).toContain('multi_az = false');
    const { event, digest } = await scan(files, 2000);
    expect(event.outcome).toBe('failed');
    expect(event.outputs?.findings).toEqual([expect.objectContaining({ rule_id: 'IAC007', file: 'modules/data/main.tf', frameworks: ['hipaa'] })]);
    expect(event.reason).toContain('(in production only) — fix: Set multi_az = true');
    expect(await new AttestationStore(scanner.mesh).scanVerdict(digest)).toBe('fail');
  });
});
