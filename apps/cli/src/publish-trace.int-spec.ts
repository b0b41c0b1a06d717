import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { MeshEnv, startService, type ServiceHandle } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';

@Module({})
class NothingModule {}

const BIN = resolve(__dirname, '../../../tools/bin/jetway.js');
const REQUEST = resolve(__dirname, '../../../examples/pipelines/hello-deploy.yaml');

/** A request published by the `jetway` process itself carries its trace context: the run's trace starts at the command. */
describe('jetway publish, as its own process (real nats-server)', () => {
  let nats: NatsFixture;
  let provisioner: ServiceHandle;
  beforeAll(async () => {
    nats = await startNats();
    provisioner = await startService({ service: 'provisioner', env: MeshEnv.parse({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error' }), feature: NothingModule });
  });
  afterAll(async () => {
    await provisioner?.stop();
    await nats?.stop();
  });

  it('sends a traceparent with a real trace id, and the ce-subject is the request id, not the key', async () => {
    const sub = provisioner.mesh.nc.subscribe('jetway.pipeline.requested.v1', { max: 1 });
    const child = spawn(process.execPath, [BIN, 'publish', REQUEST, '--idempotency-key', 'trace-check-0001', '--nats', nats.url], { stdio: 'ignore' });
    try {
      for await (const msg of sub) {
        const traceparent = msg.headers?.get('traceparent') ?? '';
        expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
        expect(traceparent.split('-')[1]).not.toBe('0'.repeat(32));
        expect(msg.headers?.get('ce-subject')).toBe(msg.headers?.get('ce-id'));
        expect(msg.headers?.get('ce-subject')).toMatch(/^req\.[0-9a-f]{40}$/);
      }
    } finally {
      child.kill('SIGKILL'); // no planner here: it would wait for one to take the request
    }
  });
});
