import fc from 'fast-check';
import { connect, headers as natsHeaders, type JetStreamManager, type NatsConnection } from 'nats';
import { ulid } from 'ulid';
import { CE, DLQ_HEADERS, DLQ_PREFIX, STREAMS, stepSubject, type WorkStepKind } from '@jetway/contracts';
import { rawPublish, waitFor } from '@jetway/testing';
import { helloRequest } from './requests';
import { startMesh, type Mesh } from './mesh.fixture';

/** Bad messages per consumed subject; the run time grows with it (about 20 subjects). */
const RUNS_PER_SUBJECT = 10;
const SEED = Number(process.env['JETWAY_HOSTILE_SEED'] ?? 20261122);
const REQUIRED_CE = [CE.id, CE.type, CE.source, CE.specversion, CE.time];
/** Field names the contracts use, so "wrong shape" bodies look almost right. */
const FIELDS = ['run_id', 'step_id', 'attempt', 'outcome', 'application', 'digest', 'kind', 'idempotency_key', 'environment', 'decision'];
const encoder = new TextEncoder();

interface BadMessage {
  readonly kind: string;
  /** Headers nats.js can send; undefined: none at all. */
  readonly headers?: Record<string, string>;
  /** A header block sent as is over the raw protocol (one nats.js would refuse to build). */
  readonly rawHeaders?: string;
  readonly body: Uint8Array;
}

interface DeadLetterSeen {
  readonly subject: string;
  readonly reason: string;
  readonly originalSubject: string;
}

const json = (value: unknown) => encoder.encode(JSON.stringify(value) ?? 'null');
const envelope = (subject: string): Record<string, string> => ({
  [CE.id]: `hostile-${ulid()}`,
  [CE.type]: `dev.${subject}`,
  [CE.source]: 'jetway/hostile-input',
  [CE.specversion]: '1.0',
  [CE.time]: new Date().toISOString(),
  [CE.subject]: ulid(),
});
const without = (headers: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));

/** Everything a hostile or broken publisher might send to `subject`. */
function badMessage(subject: string): fc.Arbitrary<BadMessage> {
  const ok = envelope(subject);
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'random JSON', headers: ok, body: json(v) })) },
    {
      weight: 3,
      arbitrary: fc
        .dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 })
        .map((o) => ({ kind: 'wrong shape', headers: ok, body: json(o) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: 9 })
        .filter((v) => v !== 1)
        .map((v) => ({ kind: `ce-type v${v}`, headers: { ...ok, [CE.type]: `dev.${subject.replace(/\.v1$/, `.v${v}`)}` }, body: json({}) })),
    },
    {
      weight: 2,
      arbitrary: fc.subarray(REQUIRED_CE, { minLength: 1 }).map((names) => ({ kind: `missing ${names.join(', ')}`, headers: without(ok, names), body: json({}) })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'no headers at all', body: json({ run_id: ulid() }) }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...REQUIRED_CE, CE.subject), fc.integer({ min: 8_000, max: 60_000 }))
        .map(([name, size]) => ({ kind: `${size} B ${name}`, headers: { ...ok, [name]: 'x'.repeat(size) }, body: json({}) })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 850_000, max: 950_000 }).map((size) => ({ kind: `${size} B body`, headers: ok, body: json({ run_id: 'x'.repeat(size) }) })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 256 }).map((body) => ({ kind: 'random bytes', headers: ok, body })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('bad name', 'ümlaut', 'tab\there', '(a)[b]{c}?')
        .map((name) => ({ kind: `header name '${name}'`, rawHeaders: `NATS/1.0\r\n${CE.id}: x\r\n${name}: v\r\n\r\n`, body: json({}) })),
    },
  );
}

describe('hostile input at every subject a service consumes', () => {
  let mesh: Mesh;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  /** Consumed subject → the durables consuming it, read off the server after boot. */
  let consumers: Map<string, string[]>;
  /** `<stream seq>/<durable>` → what the DLQ got (a core subscription sees every dead letter). */
  const seen = new Map<string, DeadLetterSeen[]>();
  /** Stream seqs of messages on subjects of another major (nobody consumes those). */
  const otherMajors: number[] = [];

  beforeAll(async () => {
    mesh = await startMesh();
    nc = await connect({ servers: mesh.nats.url, name: 'hostile-input' });
    jsm = await nc.jetstreamManager();
    nc.subscribe(`${DLQ_PREFIX}.>`, {
      callback: (_error, msg) => {
        const h = msg.headers;
        const key = `${h?.get(DLQ_HEADERS.streamSeq)}/${h?.get(DLQ_HEADERS.consumer)}`;
        const entry = { subject: msg.subject, reason: h?.get(DLQ_HEADERS.reason) ?? '', originalSubject: h?.get(DLQ_HEADERS.originalSubject) ?? '' };
        seen.set(key, [...(seen.get(key) ?? []), entry]);
      },
    });
    await nc.flush();
  });
  afterAll(async () => {
    await nc?.close();
    await mesh?.stop();
  });

  it('finds the consumed subjects from the durable consumers on the events stream', async () => {
    consumers = new Map();
    for await (const info of jsm.consumers.list(STREAMS.events.name)) {
      const subject = info.config.filter_subject;
      if (!info.config.durable_name || !subject) continue;
      consumers.set(subject, [...(consumers.get(subject) ?? []), info.name]);
    }
    const triggers = (['build', 'scan', 'deploy', 'verify', 'monitor'] as WorkStepKind[]).map((kind) => stepSubject(kind, 'triggered'));
    expect([...consumers.keys()]).toEqual(expect.arrayContaining([...triggers, 'jetway.pipeline.requested.v1', 'jetway.approval.decided.v1']));
    // The notifier hears about rollbacks from the run's outcome only (one incident, one message);
    // the deployer hears a run's end to free the infrastructure locks it holds.
    expect(consumers.get('jetway.step.deploy.finished.v1')).toEqual(['planner--jetway_step_deploy_finished_v1']);
    expect([...(consumers.get('jetway.pipeline.finished.v1') ?? [])].sort()).toEqual(['deployer--jetway_pipeline_finished_v1', 'notifier--jetway_pipeline_finished_v1']);
  });

  const expected = new Map<string, number>();
  const publishedSeqs: { seq: number; subject: string; kind: string }[] = [];

  it('dead-letters every bad message, once per consuming service, with a reason', async () => {
    const started = Date.now();
    for (const [index, [subject, durables]] of [...consumers].entries()) {
      await fc.assert(
        fc.asyncProperty(badMessage(subject), async (bad) => {
          const seq = await publish(subject, bad);
          publishedSeqs.push({ seq, subject, kind: bad.kind });
          const letters = await waitFor(
            () => (durables.every((d) => seen.has(`${seq}/${d}`)) ? durables.flatMap((d) => seen.get(`${seq}/${d}`) ?? []) : undefined),
            { timeoutMs: 15_000, message: `dead letters of a '${bad.kind}' message on ${subject} from ${durables.join(', ')}` },
          );
          expect(letters).toHaveLength(durables.length);
          for (const letter of letters) {
            expect(letter).toMatchObject({ subject: `${DLQ_PREFIX}.${subject}`, originalSubject: subject });
            expect(letter.reason.trim()).not.toBe('');
          }
          expected.set(`${DLQ_PREFIX}.${subject}`, (expected.get(`${DLQ_PREFIX}.${subject}`) ?? 0) + durables.length);
        }),
        { numRuns: RUNS_PER_SUBJECT, seed: SEED + index, endOnFailure: true },
      );
    }
    // The stream itself holds exactly one entry per (bad message, consuming durable): nothing lost, nothing twice.
    const info = await jsm.streams.info(STREAMS.deadLetters.name, { subjects_filter: `${DLQ_PREFIX}.>` });
    expect(info.state.subjects).toEqual(Object.fromEntries(expected));
    expect(publishedSeqs.length).toBe(consumers.size * RUNS_PER_SUBJECT);
    // Every family of bad message was thrown at the mesh (the seed is fixed, so this is stable).
    const kinds = new Set(publishedSeqs.map((p) => p.kind.replace(/\d+/g, 'N')));
    for (const family of ['random JSON', 'wrong shape', 'ce-type vN', 'missing ', 'no headers at all', 'N B ce-', 'N B body', 'random bytes', 'header name']) {
      expect([...kinds].some((kind) => kind.startsWith(family))).toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('stores a subject of another major for audit without handing it to any consumer', async () => {
    for (const subject of consumers.keys()) {
      const v2 = subject.replace(/\.v1$/, '.v2');
      otherMajors.push(await publish(v2, { kind: 'v2 subject', headers: envelope(v2), body: json({ run_id: ulid() }) }));
    }
    expect(otherMajors).toHaveLength(consumers.size);
    const durableFilters = [...consumers.keys()];
    expect(durableFilters.filter((subject) => subject.endsWith('.v2'))).toEqual([]);
  });

  it('keeps every service alive and processes a good pipeline published behind the bad messages', async () => {
    const runId = await mesh.client.publishRequest(helloRequest({ application_name: 'after-hostile' }));
    const run = await mesh.client.watch(runId, () => undefined, 100);
    expect(run.status).toBe('succeeded');
    for (const [name, handle] of Object.entries(mesh.services)) {
      const live = await fetch(`http://127.0.0.1:${handle.ops.port}/health/live`);
      const ready = await fetch(`http://127.0.0.1:${handle.ops.port}/health/ready`);
      expect({ name, live: live.status, ready: ready.status, connected: handle.mesh.connected }).toEqual({ name, live: 200, ready: 200, connected: true });
    }
    // Checked after the pipeline ran: the v2 messages reached no consumer, so none was dead-lettered.
    const v2Seqs = new Set(otherMajors.map(String));
    expect([...seen.keys()].filter((key) => v2Seqs.has(key.split('/')[0] ?? ''))).toEqual([]);
  });

  async function publish(subject: string, bad: BadMessage): Promise<number> {
    if (bad.rawHeaders !== undefined) return rawPublish(nc, mesh.nats.port, subject, bad.rawHeaders, bad.body);
    const h = bad.headers && natsHeaders();
    for (const [name, value] of Object.entries(bad.headers ?? {})) h?.set(name, value);
    return (await nc.jetstream().publish(subject, bad.body, h ? { headers: h } : {})).seq;
  }

});
