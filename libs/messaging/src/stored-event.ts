import type { JetStreamManager, MsgRequest, StoredMsg } from 'nats';
import { STREAMS } from '@jetway/contracts';
import { JS_ERROR, jsErrorCode } from './js-errors';

/**
 * The stream's clock and the writer's may differ; a search starts this much before the moment
 * it is given, so an event stored a little "earlier" than that is still found.
 */
const CLOCK_SLACK_MS = 60_000;

/**
 * An event JETWAY_EVENTS stored on `subject` with this `Nats-Msg-Id`, published at `since` or
 * later; undefined when there is none. For the rare read of one known event (a step's finished
 * whose delivery a clustered consumer lost): message gets answered by the stream leader — the
 * read that held while leaders moved in the chaos suite — first a binary search by stored time
 * for where `since` begins on the subject, then a walk over that subject's messages from there.
 */
export async function findStoredEvent(jsm: JetStreamManager, subject: string, id: string, since: Date): Promise<StoredMsg | undefined> {
  const stream = STREAMS.events.name;
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return undefined;
  const from = await firstStoredAt(jsm, stream, subject, new Date(since.getTime() - CLOCK_SLACK_MS), state.first_seq, state.last_seq);
  for (let seq = from; seq <= state.last_seq; ) {
    const message = await nextOnSubject(jsm, stream, subject, seq);
    if (!message || message.seq > state.last_seq) return undefined;
    if (message.header.get('Nats-Msg-Id') === id) return message;
    seq = message.seq + 1;
  }
  return undefined;
}

/** The body of the event JETWAY_EVENTS stored on `subject` with this id, published at `since` or later; undefined when there is none. */
export type StoredEvents = (subject: string, id: string, since: Date) => Promise<object | undefined>;

/** {@link findStoredEvent} as a lookup of bodies. */
export function storedEvents(jsm: JetStreamManager): StoredEvents {
  return async (subject, id, since) => (await findStoredEvent(jsm, subject, id, since))?.json<object>();
}

/** The lowest sequence from which every message on `subject` was stored at `at` or later. */
async function firstStoredAt(jsm: JetStreamManager, stream: string, subject: string, at: Date, first: number, last: number): Promise<number> {
  let low = first;
  let high = last + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const message = await nextOnSubject(jsm, stream, subject, middle);
    if (!message || message.time >= at) high = middle;
    else low = message.seq + 1;
  }
  return low;
}

/** The first message on `subject` at `seq` or after; undefined when there is none. */
async function nextOnSubject(jsm: JetStreamManager, stream: string, subject: string, seq: number): Promise<StoredMsg | undefined> {
  try {
    // nats-server ≥ 2.9 answers next_by_subj on STREAM.MSG.GET; nats.js only types seq/last_by_subj.
    return await jsm.streams.getMessage(stream, { seq, next_by_subj: subject } as unknown as MsgRequest);
  } catch (error) {
    if (jsErrorCode(error) === JS_ERROR.noMessageFound) return undefined;
    throw error;
  }
}
