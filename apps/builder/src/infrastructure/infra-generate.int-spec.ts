import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import type { z } from 'zod';
import { artifactObjectName, InfraGenerateFinished, type InfrastructureSpec } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, unpackFiles, type ServiceHandle } from '@jetway/messaging';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { makeTempDir } from '../drivers/command/fixtures.testing';
import { loadBuilderConfig, startBuilder } from '../index';
import { INFRA_BUNDLE_FORMAT } from './infra-bundle';
import { infraSpec, infraTrigger, ORDERS_MESSAGING } from './infra-spec.testing';

type InfraGenerateFinished = z.infer<typeof InfraGenerateFinished>;

describe('the builder’s infra-generate step on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  const finished: InfraGenerateFinished[] = [];
  let sub: Subscription;

  beforeAll(async () => {
    nats = await startNats();
    tmp = makeTempDir('builder-infra-int');
    handle = await startBuilder({ ...loadBuilderConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_BUILDER_WORK_DIR: join(tmp.path, 'work'), JETWAY_LOG_LEVEL: 'warn' });
    sub = handle.mesh.nc.subscribe('jetway.step.infra-generate.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(InfraGenerateFinished.parse(msg.json()));
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
    tmp?.cleanup();
  });

  async function generate(spec: InfrastructureSpec): Promise<InfraGenerateFinished> {
    const trigger = infraTrigger(spec, ulid());
    const ids = { runId: trigger.run_id, stepId: trigger.step_id, attempt: trigger.attempt };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.infra-generate.triggered.v1', trigger, ids);
    return waitFor(() => finished.find((event) => event.run_id === trigger.run_id), { message: 'step.infra-generate.finished' });
  }

  async function storedFiles(digest: string): Promise<Map<string, string>> {
    const bytes = (await ArtifactObjects.of(handle.mesh).getBytes(artifactObjectName(digest)));
    return new Map(unpackFiles(INFRA_BUNDLE_FORMAT, bytes, digest).map((file) => [file.path, file.content]));
  }

  it('generates a stack with both parts, stores the bundle under its digest and finishes with what it holds', async () => {
    const event = await generate(infraSpec({ messaging: ORDERS_MESSAGING }));
    expect(event).toMatchObject({ outcome: 'succeeded', outputs: { tool: 'terraform', generate_only: false } });
    const outputs = event.outputs!;
    expect(outputs.files).toEqual(expect.arrayContaining(['jetway-stack.json', 'messaging/declaration.json', 'environments/staging/main.tf', 'environments/production/main.tf', 'packer/image.pkr.json', 'ansible/playbook.yml']));
    const files = await storedFiles(outputs.digest);
    expect([...files.keys()].sort()).toEqual(outputs.files);
    expect(JSON.parse(files.get('jetway-stack.json') ?? '')).toEqual({
      stack: 'shop',
      tool: 'terraform',
      environments: ['staging', 'production'],
      generate_only: false,
      cloud_provider: 'aws',
      has_messaging: true,
      has_configuration: false,
    });
    expect(JSON.parse(files.get('messaging/declaration.json') ?? '').streams[0].name).toBe('orders');
  });

  it('gives another run of the same spec the same digest (one object in the store)', async () => {
    const spec = infraSpec({ stack: 'repeat' }, 'containers');
    const first = await generate(spec);
    const second = await generate(spec);
    expect(second.run_id).not.toBe(first.run_id);
    expect(second.outputs?.digest).toBe(first.outputs?.digest);
    expect((await ArtifactObjects.of(handle.mesh).getBytes(artifactObjectName(first.outputs?.digest ?? ''))).length).toBeGreaterThan(0);
  });

  it('fails the step (not retried) with the reason naming configuration.playbook when the playbook is missing', async () => {
    const event = await generate(infraSpec({ configuration: { playbook: '/no/such/site.yml', inventory: 'localhost,' } }));
    expect(event.outcome).toBe('failed');
    expect(event.reason).toContain('configuration.playbook /no/such/site.yml: cannot read /no/such/site.yml (ENOENT)');
    expect(event.outputs).toBeUndefined();
  });
});
