import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INLINE_LOG_BYTES } from '@jetway/contracts';
import { fitsInline, keepStepLog, keepStepLogFile } from './step-log';

const ref = { run_id: 'run-0f6a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b', step_id: 'deploy-staging', attempt: 2 };
const NAME = `step-log-${ref.run_id}-deploy-staging-2`;

/** An in-memory object store recording what was put. */
function store() {
  const puts = new Map<string, string>();
  return {
    puts,
    putBytes: async (name: string, bytes: Uint8Array) => void puts.set(name, Buffer.from(bytes).toString('utf8')),
    putFile: async (name: string, path: string) => void puts.set(name, `file:${path}`),
  };
}

describe('keepStepLog: a small log travels inline, a larger one is stored', () => {
  it('keeps a log of exactly INLINE_LOG_BYTES inline and stores nothing', async () => {
    const objects = store();
    const text = 'x'.repeat(INLINE_LOG_BYTES);
    expect(await keepStepLog(ref, text, objects.putBytes)).toEqual({ log: text });
    expect(objects.puts.size).toBe(0);
  });

  it('stores a log one byte over the limit and names the object', async () => {
    const objects = store();
    const text = 'x'.repeat(INLINE_LOG_BYTES + 1);
    expect(await keepStepLog(ref, text, objects.putBytes)).toEqual({ log_object: NAME });
    expect(objects.puts.get(NAME)).toBe(text);
  });

  it('counts multi-byte UTF-8 characters in bytes', async () => {
    const objects = store();
    const fits = '€'.repeat(Math.floor(INLINE_LOG_BYTES / 3)); // 3 bytes each: 4095 bytes
    const over = `${fits}é`; // 4097 bytes in 1366 characters
    expect(fitsInline(fits)).toBe(true);
    expect(fitsInline(over)).toBe(false);
    expect(await keepStepLog(ref, over, objects.putBytes)).toEqual({ log_object: NAME });
    expect(objects.puts.get(NAME)).toBe(over);
  });

  it('keeps an empty log inline', async () => {
    const objects = store();
    expect(await keepStepLog(ref, '', objects.putBytes)).toEqual({ log: '' });
    expect(objects.puts.size).toBe(0);
  });

  it('passes on a store that refuses a large log', async () => {
    const refuse = async () => Promise.reject(new Error('store unreachable'));
    await expect(keepStepLog(ref, 'y'.repeat(INLINE_LOG_BYTES + 1), refuse)).rejects.toThrow('store unreachable');
  });
});

describe('keepStepLogFile: the same rule for a log in a file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'step-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(content: string | Buffer): Promise<string> {
    const path = join(dir, 'step.log');
    await writeFile(path, content);
    return path;
  }

  it('reads a file of at most the limit into log', async () => {
    const objects = store();
    const text = `built\n${'z'.repeat(INLINE_LOG_BYTES - 6)}`;
    expect(await keepStepLogFile(ref, await file(text), objects.putFile)).toEqual({ log: text });
    expect(objects.puts.size).toBe(0);
  });

  it('stores a file one byte over the limit without reading it into the event', async () => {
    const objects = store();
    const path = await file('z'.repeat(INLINE_LOG_BYTES + 1));
    expect(await keepStepLogFile(ref, path, objects.putFile)).toEqual({ log_object: NAME });
    expect(objects.puts.get(NAME)).toBe(`file:${path}`);
  });

  it('keeps an empty file inline', async () => {
    expect(await keepStepLogFile(ref, await file(''), store().putFile)).toEqual({ log: '' });
  });

  it('stores a small file whose bytes are not UTF-8 once decoding grows it past the limit', async () => {
    const objects = store();
    const path = await file(Buffer.alloc(INLINE_LOG_BYTES, 0xff)); // each byte decodes to U+FFFD, 3 bytes
    expect(await keepStepLogFile(ref, path, objects.putFile)).toEqual({ log_object: NAME });
  });
});
