import { Controller, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { headers as natsHeaders, type StoredMsg } from 'nats';
import { ulid } from 'ulid';
import { CE, DLQ_HEADERS, STREAMS, ceTypeOf, type ApprovalDecided } from '@jetway/contracts';
import { rawPublish, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { DLQ_DROPPED_HEADER } from './dead-letter';
import { EventPublisher } from './publisher';
import { startService, MeshEnv, type ServiceHandle } from './service-host';

const SUBJECT = 'jetway.approval.decided.v1';
const handled: string[] = [];

@Controller()
class ProbeHandler {
  @EventPattern(SUBJECT)
  async handle(@Payload() payload: ApprovalDecided): Promise<void> {
    handled.push(payload.run_id);
  }
}

@Module({ controllers: [ProbeHandler] })
class ProbeModule {}

describe('dead-lettering a message that cannot be copied whole', () => {
  let nats: NatsFixture;
  let service: ServiceHandle;
  let publisher: EventPublisher;

  beforeAll(async () => {
    nats = await startNats();
    service = await startService({
      service: 'probe',
      env: MeshEnv.parse({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error' }),
      feature: ProbeModule,
    });
    publisher = new EventPublisher(service.mesh.js, 'test');
  });
  afterAll(async () => {
    await service?.stop();
    await nats?.stop();
  });

  const deadLetterOf = (streamSeq: number) =>
    waitFor(
      async () => {
        const m: StoredMsg = await service.mesh.jsm.streams.getMessage(STREAMS.deadLetters.name, {
          last_by_subj: `jetway-dlq.${SUBJECT}`,
        });
        return m.header.get(DLQ_HEADERS.streamSeq) === String(streamSeq) && m;
      },
      { message: `the dead letter of stream seq ${streamSeq}` },
    );
  const publishGood = async () => {
    const good: ApprovalDecided = { run_id: ulid(), step_id: 'approve-production', decision: 'approved', approver: 'alice' };
    await publisher.publish(SUBJECT, good, { runId: good.run_id, stepId: good.step_id });
    await waitFor(() => handled.includes(good.run_id), { message: 'the good message behind the bad one' });
  };

  it('parks a message whose header block nats.js cannot parse, and keeps consuming', async () => {
    const block = `NATS/1.0\r\nce-id: x\r\nbad name: with a space\r\n\r\n`;
    const seq = await rawPublish(service.mesh.nc, nats.port, SUBJECT, block, '{"run_id":1}');
    const dead = await deadLetterOf(seq);
    expect(dead.header.get(DLQ_HEADERS.reason)).toMatch(/^malformed headers \(' ' is not a valid character for a header key\): /);
    expect(dead.header.get(DLQ_DROPPED_HEADER)).toMatch(/^original headers \(malformed: /);
    expect(new TextDecoder().decode(dead.data)).toBe('{"run_id":1}');
    await publishGood();
    expect(service.mesh.connected).toBe(true);
  });

  it('drops the body of a message that would exceed max_payload once the DLQ headers are added', async () => {
    const h = natsHeaders();
    for (const [name, value] of [[CE.id, 'big-1'], [CE.type, ceTypeOf(SUBJECT)], [CE.source, 'test'], [CE.specversion, '1.0'], [CE.time, new Date().toISOString()]]) {
      h.set(name as string, value as string);
    }
    const block = `NATS/1.0\r\n${[...h].map(([k, [v]]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    const room = (service.mesh.nc.info?.max_payload ?? 1024 * 1024) - Buffer.byteLength(block) - 16;
    const body = `"${'x'.repeat(room - 2)}"`;
    const ack = await service.mesh.js.publish(SUBJECT, body, { headers: h });
    const dead = await deadLetterOf(ack.seq);
    expect(dead.header.get(DLQ_HEADERS.reason)).toMatch(/^invalid jetway\.approval\.decided\.v1: \(root\): /);
    expect(dead.header.get(DLQ_DROPPED_HEADER)).toBe(`body (${room} bytes): the copy would exceed the server's max_payload`);
    expect(dead.header.get(CE.id)).toBe('big-1');
    expect(dead.data.byteLength).toBe(0);
    await publishGood();
  });
});
