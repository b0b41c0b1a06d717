import {
  AckPolicy,
  DeliverPolicy,
  headers as natsHeaders,
  nanos,
  nuid,
  type JetStreamClient,
  type JetStreamManager,
  type MsgHdrs,
  type NatsConnection,
} from 'nats';
import { DLQ_HEADERS, DLQ_PREFIX, STREAMS } from '@jetway/contracts';
import { JS_ERROR, jsErrorCode } from '@jetway/messaging';
import type { ReplayPlan } from '../commands/plan-replay';
import {
  REPLAY_HEADERS,
  REPLAY_NOTE_PREFIX,
  replayNoteSubject,
  subjectMatches,
  type DeadLetter,
  type DeadLetterListing,
  type DeadLetterSummary,
  type HeaderList,
  type ReplayNote,
} from './dead-letter-model';
import { CliError } from './errors';

const STREAM = STREAMS.deadLetters.name;
/** Seconds an abandoned listing consumer lingers on the server (the CLI deletes it when done). */
const LISTING_TTL_MS = 60_000;
const FETCH_BATCH = 500;

/**
 * Reads JETWAY_DLQ with the CLI user's rights only: a headers-only ephemeral consumer to list,
 * `STREAM.MSG.GET` for one message; writes replays and their notes.
 */
export class DeadLetterStore {
  private jsmOnce: Promise<JetStreamManager> | undefined;
  private readonly js: JetStreamClient;

  constructor(private readonly nc: NatsConnection) {
    this.js = nc.jetstream();
  }

  async list(options: { subject?: string; limit: number }): Promise<DeadLetterListing> {
    const letters: DeadLetterSummary[] = [];
    const notes = new Map<number, ReplayNote>();
    let matched = 0;
    await this.scanHeaders((seq, time, subject, h) => {
      if (subject.startsWith(`${REPLAY_NOTE_PREFIX}.`)) {
        const note = noteOf(time, h);
        if (note) notes.set(note.dlqSeq, note);
        return;
      }
      const letter = summaryOf(seq, time, subject, h);
      if (options.subject && !subjectMatches(options.subject, letter.originalSubject)) return;
      matched += 1;
      letters.push(letter);
      if (letters.length > options.limit) letters.shift();
    });
    return { letters: letters.map((l) => ({ ...l, ...(notes.has(l.seq) && { replay: notes.get(l.seq) }) })), matched };
  }

  /** The message at `seq` in JETWAY_DLQ, or undefined when there is none. */
  async get(seq: number): Promise<DeadLetter | undefined> {
    const stored = await this.getMessage({ seq });
    if (!stored) return undefined;
    const h = readable(() => stored.header);
    return { ...summaryOf(stored.seq, stored.time, stored.subject, h), headers: listOf(h), body: stored.data };
  }

  /** The note of an earlier replay of dead letter `seq`, if it was replayed. */
  async replayOf(seq: number): Promise<ReplayNote | undefined> {
    const stored = await this.getMessage({ last_by_subj: replayNoteSubject(seq) });
    return stored ? noteOf(stored.time, readable(() => stored.header)) : undefined;
  }

  /** Publishes a replay; `duplicate` when JetStream's duplicate window dropped it as a copy. */
  async publish(plan: ReplayPlan): Promise<{ seq: number; duplicate: boolean }> {
    const h = natsHeaders();
    for (const [name, value] of plan.headers) h.append(name, value);
    try {
      const ack = await this.js.publish(plan.subject, plan.body, { msgID: plan.msgId, headers: h });
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      throw explain(error, `publish the replay to ${plan.subject}`);
    }
  }

  /**
   * Records a replay beside the dead letters. No Nats-Msg-Id: a note rewritten after a duplicate
   * publish (its first note lost) must not be dropped; two notes for one replay are harmless.
   */
  async recordReplay(note: Omit<ReplayNote, 'time'>): Promise<void> {
    const h = natsHeaders();
    h.set(REPLAY_HEADERS.of, `${STREAM}/${note.dlqSeq}`);
    h.set(REPLAY_HEADERS.subject, note.subject);
    h.set(REPLAY_HEADERS.eventsSeq, String(note.eventsSeq));
    h.set(REPLAY_HEADERS.source, note.source);
    h.set(REPLAY_HEADERS.by, note.by);
    try {
      await this.js.publish(replayNoteSubject(note.dlqSeq), JSON.stringify(note), { headers: h });
    } catch (error) {
      throw explain(error, `record the replay of dead letter ${note.dlqSeq} (it was published)`);
    }
  }

  /** Every message's headers, oldest first, through a headers-only consumer deleted afterwards. */
  private async scanHeaders(visit: (seq: number, time: Date, subject: string, h: MsgHdrs | undefined) => void): Promise<void> {
    const jsm = await this.jsm();
    const created = await jsm.consumers
      .add(STREAM, {
        name: `jetway-cli-${nuid.next()}`,
        ack_policy: AckPolicy.None,
        deliver_policy: DeliverPolicy.All,
        headers_only: true,
        mem_storage: true,
        inactive_threshold: nanos(LISTING_TTL_MS),
      })
      .catch((error: unknown) => {
        throw explain(error, `list ${STREAM}`);
      });
    try {
      let remaining = created.num_pending;
      const consumer = remaining > 0 ? await this.js.consumers.get(STREAM, created.name) : undefined;
      while (consumer && remaining > 0) {
        let got = 0;
        for await (const msg of await consumer.fetch({ max_messages: Math.min(FETCH_BATCH, remaining), expires: 5_000 })) {
          got += 1;
          remaining -= 1;
          visit(msg.seq, new Date(msg.info.timestampNanos / 1e6), msg.subject, readable(() => msg.headers));
        }
        if (got === 0) break;
      }
    } catch (error) {
      throw explain(error, `list ${STREAM}`);
    } finally {
      await jsm.consumers.delete(STREAM, created.name).catch(() => undefined);
    }
  }

  private async getMessage(query: { seq: number } | { last_by_subj: string }) {
    const jsm = await this.jsm();
    try {
      return await jsm.streams.getMessage(STREAM, query);
    } catch (error) {
      if (jsErrorCode(error) === JS_ERROR.noMessageFound) return undefined;
      throw explain(error, `read ${STREAM}`);
    }
  }

  /** Without the account check: the CLI user may not ask `$JS.API.INFO`. */
  private jsm(): Promise<JetStreamManager> {
    return (this.jsmOnce ??= this.nc.jetstreamManager({ checkAPI: false }));
  }
}

function summaryOf(seq: number, time: Date, subject: string, h: MsgHdrs | undefined): DeadLetterSummary {
  const get = (name: string) => h?.get(name) ?? '';
  return {
    seq,
    time,
    subject,
    originalSubject: get(DLQ_HEADERS.originalSubject) || subject.slice(DLQ_PREFIX.length + 1),
    reason: get(DLQ_HEADERS.reason),
    service: get(DLQ_HEADERS.service),
    consumer: get(DLQ_HEADERS.consumer),
  };
}

function noteOf(time: Date, h: MsgHdrs | undefined): ReplayNote | undefined {
  const dlqSeq = Number(h?.get(REPLAY_HEADERS.of).split('/')[1]);
  if (!h || !Number.isSafeInteger(dlqSeq)) return undefined;
  return {
    dlqSeq,
    time,
    subject: h.get(REPLAY_HEADERS.subject),
    eventsSeq: Number(h.get(REPLAY_HEADERS.eventsSeq)),
    source: h.get(REPLAY_HEADERS.source),
    by: h.get(REPLAY_HEADERS.by),
  };
}

/** nats.js parses headers lazily and throws on a malformed block: treat that as no headers. */
function readable(read: () => MsgHdrs | undefined): MsgHdrs | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function listOf(h: MsgHdrs | undefined): HeaderList {
  return h ? [...h].flatMap(([name, values]) => values.map((value) => [name, value] as const)) : [];
}

/** NATS errors in terms an operator can act on. */
function explain(error: unknown, what: string): CliError {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'PERMISSIONS_VIOLATION') {
    return new CliError(
      `your NATS user may not ${what} (${message}): use a user allowed to (replaying any subject needs the ops user): set JETWAY_NATS_USER and JETWAY_NATS_PASSWORD`,
    );
  }
  if (jsErrorCode(error) === JS_ERROR.streamNotFound || code === '503') {
    return new CliError(`cannot ${what}: the ${STREAM} stream is not there (${message}); is the mesh running (npm start)?`);
  }
  return new CliError(`cannot ${what}: ${message ?? String(error)}`);
}
