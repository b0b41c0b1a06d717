import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { ulid } from 'ulid';
import { CE, STREAMS, ceTypeOf, type EventSubject } from '@jetway/contracts';
import { EventPublisher, MeshEnv, startService, type ServiceHandle } from '@jetway/messaging';
import { waitFor } from '@jetway/testing';
import { runCli, type CliIo } from '../run-cli';
import { startSecuredNats } from '@jetway/testing';

const DECIDED = 'jetway.approval.decided.v1';
const STARTED = 'jetway.step.build.started.v1';
const handled: string[] = [];

@Controller()
class ProbeHandler {
  @EventPattern(DECIDED)
  async decided(@Payload() payload: { run_id: string }): Promise<void> {
    handled.push(payload.run_id);
  }

  @EventPattern(STARTED)
  async started(@Payload() payload: { run_id: string }): Promise<void> {
    handled.push(payload.run_id);
  }
}

@Module({ controllers: [ProbeHandler] })
class ProbeModule {}

describe('jetway dlq on a real nats-server, as the cli NATS user', () => {
  let nats: Awaited<ReturnType<typeof startSecuredNats>>;
  let probe: ServiceHandle;
  let ops: NatsConnection;
  let cwd: string;

  beforeAll(async () => {
    nats = await startSecuredNats(['cli']);
    const env = { JETWAY_NATS_URL: nats.url, JETWAY_NATS_USER: 'ops', JETWAY_NATS_PASSWORD: 'ops-pw', JETWAY_LOG_LEVEL: 'error' };
    // One message at a time, in order: a message handled proves every earlier one was settled.
    probe = await startService({ service: 'probe', env: MeshEnv.parse(env), feature: ProbeModule, server: { consumer: { concurrency: 1 } } });
    ops = await connect({ servers: nats.url, user: 'ops', pass: 'ops-pw' });
    cwd = mkdtempSync(join(tmpdir(), 'jetway-dlq-cwd-'));
  });
  afterAll(async () => {
    await ops?.close();
    await probe?.stop();
    await nats?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  const cli = async (args: string[], user: 'cli' | 'ops' = 'cli') => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { JETWAY_NATS_USER: user, JETWAY_NATS_PASSWORD: `${user}-pw`, USER: 'tester' };
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd, stateDirs: [], home: cwd, color: false };
    const code = await runCli([...args, '--nats', nats.url], io);
    return { code, out: out.join(''), err: err.join('') };
  };
  /** Publishes a message the probe must dead-letter; resolves with its JETWAY_DLQ seq. */
  const poison = async (subject: EventSubject, body: unknown): Promise<number> => {
    const h = natsHeaders();
    const fields = { [CE.id]: `poison-${ulid()}`, [CE.type]: ceTypeOf(subject), [CE.source]: 'test', [CE.specversion]: '1.0', [CE.time]: new Date().toISOString() };
    for (const [name, value] of Object.entries(fields)) h.set(name, value);
    const ack = await ops.jetstream().publish(subject, JSON.stringify(body), { headers: h });
    const jsm = await ops.jetstreamManager();
    return waitFor(
      async () => {
        const dead = await jsm.streams.getMessage(STREAMS.deadLetters.name, { last_by_subj: `jetway-dlq.${subject}` });
        return dead.header.get('jetway-dlq-stream-seq') === String(ack.seq) && dead.seq;
      },
      { message: `the dead letter of ${subject} seq ${ack.seq}` },
    );
  };
  const publishGood = async (runId: string) => {
    await new EventPublisher(ops.jetstream(), 'test').publish(
      DECIDED,
      { run_id: runId, step_id: 'approve-production', decision: 'approved', approver: 'bob' },
      { runId, stepId: 'approve-production' },
    );
    await waitFor(() => handled.includes(runId), { message: `the good message ${runId}` });
  };

  const runId = ulid();
  let seq = 0;

  it('lists and shows a dead letter with only the cli user’s rights', async () => {
    seq = await poison(DECIDED, { run_id: 'nope', step_id: 'approve-production', decision: 'maybe', approver: 'alice' });
    const listed = await cli(['dlq', 'list']);
    expect(listed).toMatchObject({ code: 0, err: '' });
    const row = listed.out.split('\n').find((line) => line.startsWith(`${seq} `)) ?? '';
    expect(row).toMatch(new RegExp(`^${seq}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+${DECIDED.replace(/\./g, '\\.')}\\s+probe/probe--jetway_approval_decided_v1\\s+-\\s+invalid`));
    expect(row).toContain('run_id: must be a ULID');
    expect(listed.out).toContain('1 dead letter; jetway dlq show <seq> for one');
    const leftovers: string[] = [];
    for await (const info of (await ops.jetstreamManager()).consumers.list(STREAMS.deadLetters.name)) leftovers.push(info.name);
    expect(leftovers).toEqual([]);

    const filtered = await cli(['dlq', 'list', '--subject', 'jetway.step.>']);
    expect(filtered.out).toBe('no dead letters of jetway.step.> in JETWAY_DLQ\n');

    const shown = await cli(['dlq', 'show', String(seq)]);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`dead letter ${seq} in JETWAY_DLQ`);
    expect(shown.out).toMatch(/reason\s+invalid jetway\.approval\.decided\.v1: run_id: must be a ULID/);
    expect(shown.out).toContain(`replayed  no (jetway dlq replay ${seq})`);
    expect(shown.out).toContain('  jetway-dlq-consumer: probe--jetway_approval_decided_v1');
    expect(shown.out).toContain('{\n  "run_id": "nope",\n  "step_id": "approve-production",\n  "decision": "maybe"');
  });

  it('refuses to replay a dead letter that is still invalid, naming the fields (exit 2)', async () => {
    const refused = await cli(['dlq', 'replay', String(seq)]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`jetway: dead letter ${seq} is still not a valid ${DECIDED}: run_id: must be a ULID`);
    expect(refused.err).toMatch(/decision: .*; write the corrected event to a file and run: jetway dlq replay \d+ --file fixed\.json/);
    writeFileSync(join(cwd, 'half.json'), JSON.stringify({ run_id: runId, step_id: 'approve-production', decision: 'maybe', approver: 'alice' }));
    const half = await cli(['dlq', 'replay', String(seq), '--file', 'half.json']);
    expect(half.code).toBe(2);
    expect(half.err).toMatch(new RegExp(`half\\.json is not a valid ${DECIDED.replace(/\./g, '\\.')}: decision: .*fix those fields`));
    expect(half.err).not.toContain('run_id');
  });

  it('replays a fixed event once, however often it is replayed', async () => {
    writeFileSync(join(cwd, 'fixed.json'), JSON.stringify({ run_id: runId, step_id: 'approve-production', decision: 'approved', approver: 'alice' }));
    const first = await cli(['dlq', 'replay', String(seq), '--file', 'fixed.json']);
    expect(first).toMatchObject({ code: 0, err: '' });
    const eventsSeq = Number(/as JETWAY_EVENTS seq (\d+) \(from fixed\.json\)$/m.exec(first.out)?.[1]);
    expect(first.out).toBe(`replayed dead letter ${seq} to ${DECIDED} as JETWAY_EVENTS seq ${eventsSeq} (from fixed.json)\n`);

    const again = await cli(['dlq', 'replay', String(seq), '--file', 'fixed.json']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`^dead letter ${seq} was already replayed: .* to ${DECIDED.replace(/\./g, '\\.')} as JETWAY_EVENTS seq ${eventsSeq} \\(from fixed\\.json, by tester\\); nothing sent\\n$`));

    // Without the note, JetStream's duplicate window still drops the copy (same Nats-Msg-Id).
    await (await ops.jetstreamManager()).streams.purge(STREAMS.deadLetters.name, { filter: `jetway-dlq.replayed.${seq}` });
    const third = await cli(['dlq', 'replay', String(seq), '--file', 'fixed.json']);
    expect(third.out).toContain(`dead letter ${seq} was already replayed (JetStream dropped this copy as a duplicate of JETWAY_EVENTS seq ${eventsSeq}`);

    const sentinel = ulid();
    await publishGood(sentinel);
    expect(handled.filter((id) => id === runId)).toEqual([runId]);
    const replayed = await (await ops.jetstreamManager()).streams.getMessage(STREAMS.events.name, { seq: eventsSeq });
    expect(replayed.header.get('jetway-replay-of')).toBe(`JETWAY_DLQ/${seq}`);
    expect(replayed.header.get(CE.type)).toBe(`dev.${DECIDED}`);

    const listed = await cli(['dlq', 'list', '--subject', DECIDED]);
    expect(listed.out).toMatch(new RegExp(`^${seq}\\s.*\\sseq ${eventsSeq}\\s+invalid`, 'm'));
    const shown = await cli(['dlq', 'show', String(seq)]);
    expect(shown.out).toMatch(new RegExp(`replayed  .* to ${DECIDED.replace(/\./g, '\\.')} as JETWAY_EVENTS seq ${eventsSeq} \\(from fixed\\.json, by tester\\)`));
  });

  it('needs a user allowed to publish the original subject to replay it, and says so', async () => {
    const started = await poison(STARTED, { run_id: 'nope', step_id: 'build', attempt: 0, worker: '' });
    const workerRun = ulid();
    writeFileSync(join(cwd, 'started.json'), JSON.stringify({ run_id: workerRun, step_id: 'build', attempt: 1, worker: 'builder-1' }));
    const denied = await cli(['dlq', 'replay', String(started), '--file', 'started.json']);
    expect(denied.code).toBe(1);
    expect(denied.err).toContain(`your NATS user may not publish the replay to ${STARTED}`);
    expect(denied.err).toContain('set JETWAY_NATS_USER and JETWAY_NATS_PASSWORD');
    const allowed = await cli(['dlq', 'replay', String(started), '--file', 'started.json'], 'ops');
    expect(allowed.code).toBe(0);
    await waitFor(() => handled.includes(workerRun), { message: 'the replayed step.build.started' });
  });

  it('says when there is no such dead letter or fixed file', async () => {
    expect(await cli(['dlq', 'show', '999999'])).toMatchObject({
      code: 1,
      err: 'jetway: JETWAY_DLQ has no message at seq 999999: jetway dlq list shows the dead letters and their SEQ\n',
    });
    const fresh = await poison(DECIDED, { run_id: 'nope' });
    expect(await cli(['dlq', 'replay', String(fresh), '--file', 'nope.json'])).toMatchObject({
      code: 2,
      err: 'jetway: nope.json: no such file; check the path\n',
    });
  });
});
