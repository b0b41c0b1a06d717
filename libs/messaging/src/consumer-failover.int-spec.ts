import { Controller, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ulid } from 'ulid';
import { STREAMS, type ApprovalDecided } from '@jetway/contracts';
import { startNatsCluster, waitFor, type NatsCluster } from '@jetway/testing';
import { durableName } from './consumer-runner';
import { EventPublisher } from './publisher';
import { startService, MeshEnv, type ServiceHandle } from './service-host';

const SUBJECT = 'jetway.approval.decided.v1';
const received: string[] = [];

@Controller()
class Recorder {
  @EventPattern(SUBJECT)
  async record(@Payload() payload: ApprovalDecided): Promise<void> {
    received.push(payload.run_id);
  }
}

@Module({ controllers: [Recorder] })
class RecorderModule {}

describe('a consumer whose consumer leader moves or dies on a 3-node cluster', () => {
  let cluster: NatsCluster;
  let service: ServiceHandle;
  const statuses: string[] = [];

  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
    service = await startService({
      service: 'recorder',
      env: MeshEnv.parse({ JETWAY_NATS_URL: cluster.urls, JETWAY_REPLICAS: '3', JETWAY_LOG_LEVEL: 'error' }),
      feature: RecorderModule,
    });
    void (async () => {
      for await (const status of service.mesh.nc.status()) statuses.push(status.type);
    })();
  });
  afterAll(async () => {
    await service?.stop();
    await cluster?.stop();
  });

  const decided = (): ApprovalDecided => ({ run_id: ulid(), step_id: 'approve-production', decision: 'approved', approver: 'alice' });
  const durable = durableName('recorder', SUBJECT);
  const consumerLeader = async () => (await service.mesh.jsm.consumers.info(STREAMS.events.name, durable)).cluster?.leader;

  it('pulls again within seconds while its own connection stays up (no reconnect to re-pull on)', async () => {
    const connectedTo = service.mesh.nc.info?.server_name;
    // The consumer's leader must be another node than ours, so losing it is not a disconnect for us.
    await waitFor(async () => {
      const leader = await consumerLeader();
      if (leader && leader !== connectedTo) return true;
      await service.mesh.nc.request(`$JS.API.CONSUMER.LEADER.STEPDOWN.${STREAMS.events.name}.${durable}`);
      return false;
    }, { timeoutMs: 20_000, intervalMs: 500, message: 'a consumer leader on another node than the connection' });
    const publisher = new EventPublisher(service.mesh.js, 'test');
    const before = decided();
    await publisher.publish(SUBJECT, before, { runId: before.run_id });
    // A leader change loses the pull request the old leader held: it must be re-issued promptly.
    await waitFor(() => received.includes(before.run_id), { timeoutMs: 15_000, message: 'delivery after the consumer leader moved' });

    const victim = cluster.node((await consumerLeader()) ?? '');
    await victim.kill();
    const after = decided();
    await waitFor(() => publisher.publish(SUBJECT, after, { runId: after.run_id }).then(() => true), {
      timeoutMs: 15_000,
      message: 'the stream to take writes without the dead node',
    });
    // With nats.js's default 30 s pulls the consumer sat idle ~30 s here (two missed 15 s heartbeats);
    // the runner's 5 s pulls notice within ~5 s and pull from the new leader. 25 s, not 15: on two busy
    // cores (a full CI run) the election plus one ack_wait redelivery (10 s) of a delivery the dead
    // leader had handed out took longer than 15 s once, and that is still well short of the idle 30 s.
    await waitFor(() => received.includes(after.run_id), { timeoutMs: 25_000, message: 'delivery from the new consumer leader' });
    expect(service.mesh.nc.info?.server_name).toBe(connectedTo);
    expect(statuses).not.toContain('reconnect');
    expect(received.filter((id) => id === after.run_id)).toHaveLength(1);
  }, 90_000);
});
