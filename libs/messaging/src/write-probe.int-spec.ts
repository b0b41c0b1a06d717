import { Module } from '@nestjs/common';
import { connect, type JetStreamManager, type NatsConnection, type StreamConfig } from 'nats';
import { BUCKETS } from '@jetway/contracts';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { probeKey } from './write-probe';
import { startService, MeshEnv, type ServiceHandle } from './service-host';

@Module({})
class NothingModule {}

/** /health/ready against a real nats-server whose KV stream stops taking writes, then takes them again. */
describe('the write probe in /health/ready', () => {
  let nats: NatsFixture;
  let service: ServiceHandle;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const stream = `KV_${BUCKETS.runs.name}`;
  const ready = async () => {
    const response = await fetch(`http://127.0.0.1:${service.ops.port}/health/ready`);
    return { status: response.status, body: (await response.json()) as { status: string; detail?: string } };
  };
  const limitBytes = async (maxBytes: number) => {
    const { config } = await jsm.streams.info(stream);
    await jsm.streams.update(stream, { ...config, max_bytes: maxBytes } satisfies StreamConfig);
  };

  beforeAll(async () => {
    nats = await startNats();
    service = await startService({
      service: 'probed',
      env: MeshEnv.parse({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error' }),
      feature: NothingModule,
      writeProbe: { buckets: ['runs', 'idempotency'], intervalMs: 200 },
    });
    nc = await connect({ servers: nats.url });
    jsm = await nc.jetstreamManager();
  });
  afterAll(async () => {
    await nc?.close();
    await service?.stop();
    await nats?.stop();
  });

  it('answers 503 naming the bucket while its stream refuses writes, and 200 once it takes them again', async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    const entry = await service.mesh.kv('runs').get(probeKey('probed'));
    expect(entry?.json<{ service: string }>().service).toBe('probed');

    // Discard-new with a 1-byte limit: every put is refused ("maximum bytes exceeded"), reversibly.
    await limitBytes(1);
    const refused = await waitFor(async () => ((await ready()).status === 503 ? ready() : undefined), { message: '/health/ready to answer 503' });
    expect(refused.body.status).toBe('not_ready');
    expect(refused.body.detail).toMatch(/^cannot write to KV jetway-runs: maximum bytes exceeded$/);

    await limitBytes(-1);
    await waitFor(async () => (await ready()).status === 200, { message: '/health/ready to answer 200 again' });
    expect((await ready()).body).toEqual({ status: 'ready' });
  });
});
