import { readFile, stat } from 'node:fs/promises';
import { INLINE_LOG_BYTES, stepLogObjectName } from '@jetway/contracts';

/**
 * Where a step's log went, ready to spread into its step result: inline in `log` (at most
 * INLINE_LOG_BYTES, nothing stored) or stored under `stepLogObjectName(ref)` and named by
 * `log_object`. Never both: the `finished` contract refuses that.
 */
export type KeptStepLog = { log: string } | { log_object: string };

/** Which step attempt the log belongs to: names the object when the log is stored. */
export type StepLogRef = { run_id: string; step_id: string; attempt: number };

/** Whether `text` may travel inline in a `finished` event: at most INLINE_LOG_BYTES in UTF-8. */
export function fitsInline(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') <= INLINE_LOG_BYTES;
}

/**
 * Keeps a step's log for its `finished` event: inline when it fits ({@link fitsInline}), with no
 * write at all; else stored with `putBytes` (e.g. `ArtifactObjects.putBytes`) under
 * `stepLogObjectName(ref)`. Rejects as `putBytes` does; an inline log never rejects.
 */
export async function keepStepLog(ref: StepLogRef, text: string, putBytes: (name: string, bytes: Uint8Array) => Promise<void>): Promise<KeptStepLog> {
  if (fitsInline(text)) return { log: text };
  const name = stepLogObjectName(ref);
  await putBytes(name, Buffer.from(text, 'utf8'));
  return { log_object: name };
}

/**
 * {@link keepStepLog} for a log written to a file (a build's or a proof's output, which may be
 * large): the file is read only when its size fits inline, else stored with `putFile` (e.g.
 * `ArtifactObjects.putFile`, which streams it). Bytes that are not UTF-8 decode to replacement
 * characters, which may grow the text past the limit: such a log is stored as the file's bytes.
 */
export async function keepStepLogFile(ref: StepLogRef, filePath: string, putFile: (name: string, filePath: string) => Promise<void>): Promise<KeptStepLog> {
  if ((await stat(filePath)).size <= INLINE_LOG_BYTES) {
    const text = await readFile(filePath, 'utf8');
    if (fitsInline(text)) return { log: text };
  }
  const name = stepLogObjectName(ref);
  await putFile(name, filePath);
  return { log_object: name };
}
