import { DLQ_PREFIX } from '@jetway/contracts';

/** One message's headers, as a list (a name may repeat). */
export type HeaderList = readonly (readonly [string, string])[];

/** What `dlq list` shows of a dead letter (read headers-only). */
export interface DeadLetterSummary {
  readonly seq: number;
  readonly time: Date;
  /** `jetway-dlq.<original subject>`. */
  readonly subject: string;
  readonly originalSubject: string;
  readonly reason: string;
  readonly service: string;
  readonly consumer: string;
}

/** A whole dead letter, for `show` and `replay`. */
export interface DeadLetter extends DeadLetterSummary {
  readonly headers: HeaderList;
  readonly body: Uint8Array;
}

/** The record of one replay, kept in JETWAY_DLQ as `jetway-dlq.replayed.<dlq seq>`. */
export interface ReplayNote {
  readonly dlqSeq: number;
  readonly time: Date;
  readonly subject: string;
  readonly eventsSeq: number;
  readonly source: string;
  readonly by: string;
}

export interface DeadLetterListing {
  /** The newest `limit` matching dead letters, oldest first, each with its replay note if any. */
  readonly letters: readonly (DeadLetterSummary & { readonly replay?: ReplayNote })[];
  /** How many dead letters matched in all. */
  readonly matched: number;
}

/** Marks a replayed event (in JETWAY_EVENTS) and the replay note kept in JETWAY_DLQ. */
export const REPLAY_HEADERS = {
  /** `JETWAY_DLQ/<seq>`: the dead letter this event was replayed from. */
  of: 'jetway-replay-of',
  /** Note only: the subject and JETWAY_EVENTS sequence the replay was published as. */
  subject: 'jetway-replay-subject',
  eventsSeq: 'jetway-replay-stream-seq',
  /** `stored body` or the --file it came from. */
  source: 'jetway-replay-source',
  by: 'jetway-replay-by',
} as const;

/** Replay notes live beside the dead letters; no original subject starts with `replayed`. */
export const REPLAY_NOTE_PREFIX = `${DLQ_PREFIX}.replayed`;
export const replayNoteSubject = (seq: number) => `${REPLAY_NOTE_PREFIX}.${seq}`;
/** The same dead letter always replays under the same Nats-Msg-Id: JetStream's duplicate window keeps one. */
export const replayMsgId = (seq: number) => `jetway-dlq-replay.${seq}`;

/** NATS subject matching: `*` is one token, a final `>` one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const got = subject.split('.');
  for (const [index, token] of want.entries()) {
    if (token === '>') return got.length > index;
    if (index >= got.length || (token !== '*' && token !== got[index])) return false;
  }
  return want.length === got.length;
}
