import { DLQ_HEADERS } from '@jetway/contracts';
import type { DeadLetter, DeadLetterListing, ReplayNote } from '../client/dead-letter-model';
import { paint, type RenderOptions } from './style';

const REASON_CHARS = 160;
/** Set by libs/messaging's deadLetter when the copy is not whole (what was left out, and why). */
const DROPPED_HEADER = 'jetway-dlq-dropped';

/** `2026-11-22 03:20:28Z`: to the second, always UTC. */
export function formatTime(time: Date): string {
  return Number.isNaN(time.getTime()) ? '?' : `${time.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** The table of `jetway dlq list`: one line per dead letter, newest last, and how to go on. */
export function renderDeadLetterList(listing: DeadLetterListing, filter: { subject?: string; limit: number }, opts: RenderOptions): string {
  const of = filter.subject ? ` of ${filter.subject}` : '';
  if (listing.letters.length === 0) return `no dead letters${of} in JETWAY_DLQ`;
  const header = ['SEQ', 'TIME', 'SUBJECT', 'SERVICE/DURABLE', 'REPLAYED', 'REASON'];
  const rows = listing.letters.map((l) => [
    String(l.seq),
    formatTime(l.time),
    l.originalSubject,
    `${l.service || '?'}/${l.consumer || '?'}`,
    l.replay ? `seq ${l.replay.eventsSeq}` : '-',
    truncate(l.reason || '(no reason recorded)', REASON_CHARS),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  const shown = listing.letters.length < listing.matched ? `the newest ${listing.letters.length} of ${listing.matched}` : `${listing.matched}`;
  const footer = `${shown} dead letter${listing.matched === 1 ? '' : 's'}${of}; jetway dlq show <seq> for one, jetway dlq replay <seq> to retry it`;
  return [paint(line(header), 'bold', opts), ...rows.map((r) => line(r)), '', paint(footer, 'dim', opts)].join('\n');
}

/** `jetway dlq show`: what it is, why it died, whether it was replayed; then headers and body. */
export function renderDeadLetter(letter: DeadLetter, replay: ReplayNote | undefined, opts: RenderOptions): string {
  const header = (wanted: string) => letter.headers.find(([name]) => name === wanted)?.[1];
  const dropped = header(DROPPED_HEADER);
  const streamSeq = header(DLQ_HEADERS.streamSeq);
  const deliveries = header(DLQ_HEADERS.deliveries);
  const facts: [string, string][] = [
    ['subject', `${letter.originalSubject}${streamSeq ? ` (JETWAY_EVENTS seq ${streamSeq})` : ''}`],
    ['consumer', `${letter.service || '?'}/${letter.consumer || '?'}${deliveries ? `, ${deliveries} deliver${deliveries === '1' ? 'y' : 'ies'}` : ''}`],
    ['reason', paint(letter.reason || '(no reason recorded)', 'red', opts)],
    ['replayed', replay ? renderReplayNote(replay) : `no (jetway dlq replay ${letter.seq})`],
  ];
  if (dropped) facts.push(['not kept', dropped]);
  const width = Math.max(...facts.map(([k]) => k.length));
  const headerLines = letter.headers.map(([name, value]) => `  ${name}: ${value}`);
  return [
    paint(`dead letter ${letter.seq} in JETWAY_DLQ, ${formatTime(letter.time)}`, 'bold', opts),
    ...facts.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    '',
    paint(`headers (${letter.headers.length})`, 'bold', opts),
    ...(headerLines.length ? headerLines : ['  (none)']),
    '',
    paint(`body (${letter.body.byteLength} bytes)`, 'bold', opts),
    renderBody(letter.body),
  ].join('\n');
}

/** `2026-… to <subject> as JETWAY_EVENTS seq N (from fixed.json, by alice)`. */
export function renderReplayNote(note: ReplayNote): string {
  return `${formatTime(note.time)} to ${note.subject} as JETWAY_EVENTS seq ${note.eventsSeq} (from ${note.source}, by ${note.by || '?'})`;
}

/** The outcome of `jetway dlq replay`. */
export function renderReplayOutcome(
  seq: number,
  outcome: { kind: 'replayed'; subject: string; eventsSeq: number; source: string } | { kind: 'already'; note: ReplayNote } | { kind: 'duplicate'; subject: string; eventsSeq: number },
): string {
  switch (outcome.kind) {
    case 'replayed':
      return `replayed dead letter ${seq} to ${outcome.subject} as JETWAY_EVENTS seq ${outcome.eventsSeq} (from ${outcome.source})`;
    case 'already':
      return `dead letter ${seq} was already replayed: ${renderReplayNote(outcome.note)}; nothing sent`;
    case 'duplicate':
      return `dead letter ${seq} was already replayed (JetStream dropped this copy as a duplicate of JETWAY_EVENTS seq ${outcome.eventsSeq} on ${outcome.subject}); nothing new sent`;
  }
}

/** Pretty JSON when it parses, the text when it is UTF-8, else base64. */
export function renderBody(body: Uint8Array): string {
  if (body.byteLength === 0) return '(empty)';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return `(not UTF-8; base64) ${Buffer.from(body).toString('base64')}`;
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
