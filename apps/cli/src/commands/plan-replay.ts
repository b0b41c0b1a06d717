import { CE, DLQ_HEADERS, DLQ_PREFIX, envelopeHeaders, events, isEventSubject, MAX_HEADER_CHARS, parseWith, STREAMS, TRACE_HEADERS, type EventSubject } from '@jetway/contracts';
import { REPLAY_HEADERS, REPLAY_NOTE_PREFIX, replayMsgId, type DeadLetter } from '../client/dead-letter-model';

/** What to publish for a replay: validated body, envelope headers, deterministic id. */
export interface ReplayPlan {
  readonly ok: true;
  readonly subject: string;
  readonly body: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly msgId: string;
  readonly source: string;
}
export type ReplayDecision = ReplayPlan | { readonly ok: false; readonly error: string };

/** The corrected event from `--file`, already read and parsed as JSON. */
export interface FixedEvent {
  readonly file: string;
  readonly value: unknown;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The subject a dead letter was consumed from: its header, else its DLQ subject minus the prefix. */
export function originalSubjectOf(letter: Pick<DeadLetter, 'subject' | 'headers'>): string {
  const header = letter.headers.find(([name]) => name === DLQ_HEADERS.originalSubject)?.[1];
  return header || letter.subject.slice(DLQ_PREFIX.length + 1);
}

/**
 * Decides a replay without I/O: the stored body (or the fixed event) must pass the contract of
 * the original subject; the envelope keeps the original's usable attributes (ce-id, so consumers
 * that already handled the event recognise it; trace context, so it joins its run's trace).
 */
export function planReplay(letter: DeadLetter, fixed: FixedEvent | undefined, now: Date): ReplayDecision {
  const subject = originalSubjectOf(letter);
  const retry = `write the corrected event to a file and run: jetway dlq replay ${letter.seq} --file fixed.json`;
  if (letter.subject.startsWith(`${REPLAY_NOTE_PREFIX}.`)) {
    return { ok: false, error: `JETWAY_DLQ seq ${letter.seq} is a replay note, not a dead letter: replay the seq it names` };
  }
  if (!isEventSubject(subject)) {
    return { ok: false, error: `dead letter ${letter.seq} came from ${subject || '(no subject)'}, which has no contract: it cannot be replayed` };
  }
  const value = fixed ? { ok: true as const, json: fixed.value } : storedJson(letter);
  if (!value.ok) return { ok: false, error: `dead letter ${letter.seq}: ${value.error}; ${retry}` };
  const parsed = parseWith(events[subject].schema, value.json);
  if (!parsed.ok) {
    const what = fixed ? `${fixed.file} is` : `dead letter ${letter.seq} is still`;
    return { ok: false, error: `${what} not a valid ${subject}: ${parsed.error}; ${fixed ? 'fix those fields and try again' : retry}` };
  }
  return {
    ok: true,
    subject,
    body: JSON.stringify(parsed.data),
    headers: envelopeFor(letter, subject, parsed.data, now),
    msgId: replayMsgId(letter.seq),
    source: fixed ? fixed.file : 'stored body',
  };
}

function storedJson(letter: DeadLetter): { ok: true; json: unknown } | { ok: false; error: string } {
  if (letter.body.byteLength === 0) {
    const dropped = header(letter, 'jetway-dlq-dropped');
    return { ok: false, error: dropped ? `its body was not kept (${dropped})` : 'its body is empty' };
  }
  try {
    return { ok: true, json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(letter.body)) };
  } catch (error) {
    return { ok: false, error: `its body is not UTF-8 JSON (${(error as Error).message})` };
  }
}

function envelopeFor(letter: DeadLetter, subject: EventSubject, data: unknown, now: Date): [string, string][] {
  const usable = (name: string) => {
    const value = header(letter, name);
    return value && value.length <= MAX_HEADER_CHARS ? value : undefined;
  };
  const time = usable(CE.time);
  const fields = (data ?? {}) as { run_id?: unknown; idempotency_key?: unknown };
  const runOf = typeof fields.run_id === 'string' ? fields.run_id : typeof fields.idempotency_key === 'string' ? fields.idempotency_key : undefined;
  const h = envelopeHeaders(subject, {
    id: usable(CE.id) ?? replayMsgId(letter.seq),
    source: usable(CE.source) ?? 'cli',
    time: time && !Number.isNaN(Date.parse(time)) ? time : now.toISOString(),
    subject: usable(CE.subject) ?? runOf ?? `dlq-${letter.seq}`,
  });
  h.push([REPLAY_HEADERS.of, `${STREAMS.deadLetters.name}/${letter.seq}`]);
  const traceparent = usable(TRACE_HEADERS.traceparent);
  if (traceparent && TRACEPARENT.test(traceparent)) {
    h.push([TRACE_HEADERS.traceparent, traceparent]);
    const tracestate = usable(TRACE_HEADERS.tracestate);
    if (tracestate) h.push([TRACE_HEADERS.tracestate, tracestate]);
  }
  return h;
}

function header(letter: Pick<DeadLetter, 'headers'>, name: string): string | undefined {
  return letter.headers.find(([key]) => key === name)?.[1];
}
