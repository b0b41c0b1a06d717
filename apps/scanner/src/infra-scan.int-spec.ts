import type { Msg, Subscription } from 'nats';
import { ulid } from 'ulid';
import type { z } from 'zod';
import { artifactObjectName, InfraScanFinished, sarifObjectName, type Digest, type InfraScanTriggered } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, EventPublisher, type BundleFile, type ServiceHandle } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { loadScannerConfig, startScanner } from './index';
import { INFRA_SPEC, manifestFile, packInfraBundle, terraformBundle } from './use-cases/infra-bundle.testing';
import { sarifSchemaErrors } from './use-cases/sarif-schema.testing';

type Finished = z.infer<typeof InfraScanFinished>;

describe('infra-scan step on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  const finished: Msg[] = [];
  let sub: Subscription;

  beforeAll(async () => {
    nats = await startNats();
    const logger = new JsonLogger('scanner', {}, 'info', () => undefined);
    handle = await startScanner({ ...loadScannerConfig({}), JETWAY_NATS_URL: nats.url }, { logger });
    sub = handle.mesh.nc.subscribe('jetway.step.infra-scan.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(msg);
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
  });

  /** Stores the bundle as the generate step does, triggers the scan, returns the finished event. */
  async function scan(files: readonly BundleFile[], spec: Partial<InfraScanTriggered['spec']> = {}): Promise<{ event: Finished; digest: Digest }> {
    const { digest, bytes } = packInfraBundle(files);
    await handle.mesh.artifacts.putBlob({ name: artifactObjectName(digest) }, bytes);
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'scan', attempt: 1, stack: 'shop', digest, spec: { ...INFRA_SPEC, ...spec } };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.infra-scan.triggered.v1', trigger, { runId, stepId: 'scan', attempt: 1 });
    const msg = await waitFor(() => finished.find((m) => (m.json() as { run_id: string }).run_id === runId), { message: 'step.infra-scan.finished' });
    return { event: InfraScanFinished.parse(msg.json()), digest: digest as Digest };
  }

  const verdictOf = (digest: Digest) => new AttestationStore(handle.mesh).scanVerdict(digest);
  const storedSarif = async (digest: Digest) => {
    const objects = ArtifactObjects.of(handle.mesh);
    if (!(await objects.has(sarifObjectName(digest)))) return undefined;
    return (JSON.parse((await objects.getBytes(sarifObjectName(digest))).toString('utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> });
  };

  it('fails a stack with a single-AZ production database: IAC007 named, SARIF stored, attestation fail', async () => {
    const { event, digest } = await scan(terraformBundle({ multiAz: { production: false } }));
    expect(event.outcome).toBe('failed');
    expect(event.reason).toMatch(/^1 finding at or above medium in the Terraform of staging, production \(\d+ rules\):\n- medium IAC007 Production database in one availability zone at modules\/app\/main\.tf:\d+: .*\(in production only\) — fix: Set multi_az = true/);
    expect(event.outputs?.findings.map((f) => f.rule_id)).toEqual(['IAC007']);
    expect(event.outputs?.sarif_object).toBe(sarifObjectName(digest));
    const sarif = await storedSarif(digest);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif?.runs[0]?.results.map((r) => r.ruleId)).toEqual(['IAC007']);
    expect(await verdictOf(digest)).toBe('fail');
  });

  it('passes a clean stack within budget, with its cost, and attests pass', async () => {
    const { event, digest } = await scan(terraformBundle());
    expect(event.outcome).toBe('succeeded');
    expect(event.outputs).toMatchObject({ findings: [], cost: { monthly_usd: 199.5, limit_usd: 500, largest: expect.arrayContaining([{ address: 'aws_db_instance.orders', monthly_usd: 109.72 }]) } });
    expect(event.outputs?.rules_run).toBeGreaterThanOrEqual(20);
    expect(await verdictOf(digest)).toBe('pass');
  });

  it('fails the same clean stack over budget, and attests fail', async () => {
    const { event, digest } = await scan(terraformBundle({ multiAz: { staging: false } }), { budget_constraints: { monthly_limit: 150, optimization_priority: 'cost' } });
    expect(event.outcome).toBe('failed');
    expect(event.reason).toMatch(/^cost \(production\): estimated \$199\.50\/month is over the budget of \$150\.00: the largest items are aws_db_instance\.orders \$109\.72/);
    expect(await verdictOf(digest)).toBe('fail');
  });

  it('passes a messaging-only stack saying nothing was scanned, and attests pass', async () => {
    const files = [manifestFile({ cloud_provider: undefined, environments: ['staging'], has_messaging: true }), { path: 'messaging/declaration.json', content: '{}\n' }];
    const { event, digest } = await scan(files, { application_requirements: undefined, cloud_provider: undefined, budget_constraints: undefined });
    expect(event).toMatchObject({ outcome: 'succeeded', reason: 'no Terraform in this stack: the messaging declaration was checked by its schema at the request', outputs: { rules_run: 0, findings: [] } });
    expect(await storedSarif(digest)).toBeUndefined();
    expect(await verdictOf(digest)).toBe('pass');
  });

  it('finishes failed, without an attestation, when the bundle is another stack’s', async () => {
    const files = terraformBundle().map((f) => (f.path === 'jetway-stack.json' ? manifestFile({ stack: 'billing' }) : f));
    const { event, digest } = await scan(files);
    expect(event.outcome).toBe('failed');
    expect(event.reason).toContain("is stack billing's, but the trigger scans stack shop");
    expect(await verdictOf(digest)).toBeUndefined();
  });
});
