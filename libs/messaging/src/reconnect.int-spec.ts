import { Controller, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ulid } from 'ulid';
import type { ApprovalDecided } from '@jetway/contracts';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { EventPublisher } from './publisher';
import { startService, MeshEnv, type ServiceHandle } from './service-host';

const received: string[] = [];

@Controller()
class Recorder {
  @EventPattern('jetway.approval.decided.v1')
  async record(@Payload() payload: ApprovalDecided): Promise<void> {
    received.push(payload.run_id);
  }
}

@Module({ controllers: [Recorder] })
class RecorderModule {}

describe('a service across a broker restart', () => {
  let nats: NatsFixture;
  let service: ServiceHandle;

  beforeAll(async () => {
    nats = await startNats();
    service = await startService({
      service: 'recorder',
      env: MeshEnv.parse({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error' }),
      feature: RecorderModule,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await nats?.stop();
  });

  const decided = (): ApprovalDecided => ({ run_id: ulid(), step_id: 'approve-production', decision: 'approved', approver: 'alice' });

  it('reconnects by itself after nats-server is killed and restarted on the same store, losing nothing', async () => {
    const before = decided();
    const publisher = new EventPublisher(service.mesh.js, 'test');
    await publisher.publish('jetway.approval.decided.v1', before, { runId: before.run_id });
    await waitFor(() => received.includes(before.run_id), { message: 'delivery before the restart' });

    await nats.kill();
    await nats.restart();
    await waitFor(() => !service.mesh.nc.isClosed() && service.mesh.nc.info !== undefined, { message: 'reconnect' });

    const after = decided();
    await waitFor(() => publisher.publish('jetway.approval.decided.v1', after, { runId: after.run_id }).then(() => true), {
      timeoutMs: 30_000,
      message: 'JetStream to accept a publish again',
    });
    await waitFor(() => received.includes(after.run_id), { timeoutMs: 60_000, message: 'delivery after the restart' });
    expect(received.filter((id) => id === before.run_id)).toHaveLength(1);
    expect(received.filter((id) => id === after.run_id)).toHaveLength(1);
  });
});
