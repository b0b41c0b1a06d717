import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentError } from '@jetway/messaging';
import { readSecretFile } from './secret-file';

describe('readSecretFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jetway-secrets-'));
    writeFileSync(join(dir, 'key'), 'R0UT1NGKEY\n');
    writeFileSync(join(dir, 'empty'), ' \n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the secret without its trailing newline', async () => {
    expect(await readSecretFile(join(dir, 'key'), 'PagerDuty routing key')).toBe('R0UT1NGKEY');
  });

  it('fails permanently naming a missing file and what it should hold', async () => {
    const error = await readSecretFile(join(dir, 'missing'), 'PagerDuty routing key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe(`cannot read the PagerDuty routing key from ${join(dir, 'missing')} (ENOENT): put the secret in that file, readable by the notifier`);
  });

  it('fails on a directory and on an empty file, without quoting content', async () => {
    await expect(readSecretFile(dir, 'Slack webhook URL')).rejects.toThrow(`(EISDIR)`);
    await expect(readSecretFile(join(dir, 'empty'), 'Slack webhook URL')).rejects.toThrow(`the Slack webhook URL file ${join(dir, 'empty')} is empty`);
  });
});
