import { MemoryGuard } from '../testing/memory-guard';
import { journaled, type SendJournal } from './journaled-guard';

class MemoryJournal implements SendJournal {
  readonly kept = new Map<string, unknown>();
  sent(key: string, id: string) {
    return this.kept.has(`${key}/${id}`) ? { result: this.kept.get(`${key}/${id}`) } : undefined;
  }
  async record(key: string, id: string, result: unknown) {
    this.kept.set(`${key}/${id}`, result);
  }
}

describe('journaled', () => {
  const sends = (calls: string[]) =>
    ['slack', 'pagerduty'].map((id) => ({ id, effect: async () => (calls.push(id), `${id} sent`) }));

  it('keeps each send in the journal as it is done', async () => {
    const journal = new MemoryJournal();
    const calls: string[] = [];
    const outcomes = await journaled(new MemoryGuard(), journal).onceEach('notify.a', sends(calls));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(calls).toEqual(['slack', 'pagerduty']);
    expect([...journal.kept]).toEqual([['notify.a/slack', 'slack sent'], ['notify.a/pagerduty', 'pagerduty sent']]);
  });

  it('answers a send the journal holds without sending it again, though the ledger never recorded it (a takeover after a crash)', async () => {
    const journal = new MemoryJournal();
    await journal.record('notify.a', 'slack', 'slack sent');
    const replays: string[] = [];
    const calls: string[] = [];
    // A new ledger: the dead holder's record never reached it.
    const outcomes = await journaled(new MemoryGuard(), journal, (key, id) => replays.push(`${key} ${id}`)).onceEach('notify.a', sends(calls));
    expect(outcomes.map((o) => o.status === 'fulfilled' && o.result)).toEqual(['slack sent', 'pagerduty sent']);
    expect(calls).toEqual(['pagerduty']);
    expect(replays).toEqual(['notify.a slack']);
  });

  it('keeps a single effect (once) too, and keeps nothing for a send that failed', async () => {
    const journal = new MemoryJournal();
    const guard = journaled(new MemoryGuard(), journal);
    await expect(guard.once('notify.b', async () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(journal.kept.size).toBe(0);
    await guard.once('notify.b', async () => 'posted');
    expect(journal.sent('notify.b', '-')).toEqual({ result: 'posted' });
  });

  it('is the guard itself when there is no journal', () => {
    const guard = new MemoryGuard();
    expect(journaled(guard, undefined)).toBe(guard);
  });
});
