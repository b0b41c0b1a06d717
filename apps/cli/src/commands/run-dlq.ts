import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DeadLetterStore } from '../client/dead-letter-store';
import { CliError } from '../client/errors';
import { renderDeadLetter, renderDeadLetterList, renderReplayOutcome, type RenderOptions } from '../render';
import type { DlqCommand } from './parse-dlq-args';
import { planReplay, type FixedEvent } from './plan-replay';

/** Where `jetway dlq` writes, where --file is resolved from, and who replays. */
export interface DlqIo {
  out(text: string): void;
  readonly cwd: string;
  /** Recorded in the replay note: `$USER`. */
  readonly operator: string;
  readonly render: RenderOptions;
}

/** `jetway dlq list|show|replay`: returns the exit status (0 done, 1 failed, 2 refused). */
export async function runDlq(command: DlqCommand, store: DeadLetterStore, io: DlqIo): Promise<number> {
  switch (command.action) {
    case 'list': {
      const listing = await store.list({ limit: command.limit, ...(command.subject && { subject: command.subject }) });
      io.out(`${renderDeadLetterList(listing, command, io.render)}\n`);
      return 0;
    }
    case 'show': {
      const letter = await mustGet(store, command.seq);
      io.out(`${renderDeadLetter(letter, await store.replayOf(command.seq), io.render)}\n`);
      return 0;
    }
    case 'replay':
      return replay(command.seq, command.file, store, io);
  }
}

/**
 * Re-validates, then publishes once: a replay note (or JetStream's duplicate window, for a
 * replay whose note was not written) makes a second replay a no-op that says so.
 */
async function replay(seq: number, file: string | undefined, store: DeadLetterStore, io: DlqIo): Promise<number> {
  const letter = await mustGet(store, seq);
  const earlier = await store.replayOf(seq);
  if (earlier) {
    io.out(`${renderReplayOutcome(seq, { kind: 'already', note: earlier })}\n`);
    return 0;
  }
  const fixed = file === undefined ? undefined : await readFixed(resolve(io.cwd, file), file);
  const plan = planReplay(letter, fixed, new Date());
  if (!plan.ok) throw new CliError(plan.error, 2);
  const published = await store.publish(plan);
  await store.recordReplay({ dlqSeq: seq, subject: plan.subject, eventsSeq: published.seq, source: plan.source, by: io.operator });
  const outcome = published.duplicate
    ? { kind: 'duplicate' as const, subject: plan.subject, eventsSeq: published.seq }
    : { kind: 'replayed' as const, subject: plan.subject, eventsSeq: published.seq, source: plan.source };
  io.out(`${renderReplayOutcome(seq, outcome)}\n`);
  return 0;
}

async function mustGet(store: DeadLetterStore, seq: number) {
  const letter = await store.get(seq);
  if (!letter) throw new CliError(`JETWAY_DLQ has no message at seq ${seq}: jetway dlq list shows the dead letters and their SEQ`);
  return letter;
}

async function readFixed(path: string, shown: string): Promise<FixedEvent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(`${shown}: ${missing ? 'no such file; check the path' : (error as Error).message}`, 2);
  }
  try {
    return { file: shown, value: JSON.parse(text) };
  } catch (error) {
    throw new CliError(`${shown}: not valid JSON (${(error as Error).message}); it must hold the corrected event`, 2);
  }
}
