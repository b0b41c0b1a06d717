import { FakeRolloutStore } from './rollout.fakes';
import { storeCommand } from './store-command';

const command = { run_id: '01J0000000000000000000000A', step_id: 'deploy-production', attempt: 1, command: 'promote' as const, by: 'alice' };

describe('storeCommand', () => {
  it('stores each command event once: a redelivery of the same event is no new command', async () => {
    const store = new FakeRolloutStore();
    const first = await storeCommand(command, 'evt-promote-3', store);
    expect(await storeCommand(command, 'evt-promote-3', store)).toBe(first);
    expect((await store.command(command))?.revision).toBe(first);
    // A later promote (another pause, another event) is a new command.
    const later = await storeCommand(command, 'evt-promote-7', store);
    expect(later).toBeGreaterThan(first);
    expect((await store.command(command))?.command).toMatchObject({ command: 'promote', by: 'alice', event_id: 'evt-promote-7' });
  });
});
