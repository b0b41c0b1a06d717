import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSendJournal } from './file-send-journal';

describe('FileSendJournal', () => {
  let dir: string;
  const warnings: string[] = [];
  const warn = (line: string) => void warnings.push(line);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'send-journal-'));
    warnings.length = 0;
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('answers a send from a journal reopened after the process that wrote it is gone', async () => {
    const first = await FileSendJournal.open(dir, warn);
    expect(first.sent('notify.a', 'slack')).toBeUndefined();
    await first.record('notify.a', 'slack', true);
    await first.record('notify.a', 'pagerduty', { dedup_key: 'k' });
    // No close: a process killed keeps nothing but what reached the disk.
    const second = await FileSendJournal.open(dir, warn);
    expect(second.sent('notify.a', 'slack')).toEqual({ result: true });
    expect(second.sent('notify.a', 'pagerduty')).toEqual({ result: { dedup_key: 'k' } });
    expect(second.sent('notify.a', 'webhook')).toBeUndefined();
    expect(second.sent('notify.b', 'slack')).toBeUndefined();
    await Promise.all([first.close(), second.close()]);
    expect(warnings).toEqual([]);
  });

  it('skips a line cut by a crash, forgets sends past their time and beyond the bound, and rewrites the file with what it keeps', async () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    const line = (key: string, at: number) => `${JSON.stringify({ key, id: 'slack', result: true, at })}\n`;
    await appendFile(join(dir, 'sent.jsonl'), line('old', now - 2 * 3600_000) + line('a', now - 60_000) + line('b', now - 30_000) + line('c', now - 10_000) + '{"key":"cut","id":"sl');
    const journal = await FileSendJournal.open(dir, warn, { now, keepMs: 3600_000, keepEntries: 2 });
    expect(['old', 'a', 'b', 'c', 'cut'].filter((key) => journal.sent(key, 'slack'))).toEqual(['b', 'c']);
    await journal.close();
    expect((await readFile(join(dir, 'sent.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { key: string }).key)).toEqual(['b', 'c']);
  });

  it('keeps sends made together as whole lines, each promise resolving once its own line is on disk', async () => {
    const journal = await FileSendJournal.open(dir, warn);
    const ids = Array.from({ length: 50 }, (_, i) => `channel-${i}`);
    await Promise.all(ids.map(async (id) => {
      await journal.record('notify.many', id, { id });
      expect(await readFile(join(dir, 'sent.jsonl'), 'utf8')).toContain(`"id":"${id}"`);
    }));
    const lines = (await readFile(join(dir, 'sent.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(lines.sort()).toEqual([...ids].sort());
    await journal.close();
  });

  it('says so when a send cannot reach the disk, and does not throw', async () => {
    const journal = await FileSendJournal.open(dir, warn);
    await journal.close();
    await journal.record('notify.c', 'slack', true);
    expect(warnings).toEqual([expect.stringMatching(/could not keep notify\.c slack on disk .*may send it again/)]);
  });
});
