import type { RolloutProgressed } from '@jetway/contracts';
import { holdingMoves } from './progress';

const move = (sequence: number, phase: string) => ({ sequence, phase }) as unknown as RolloutProgressed;

describe('holdingMoves', () => {
  let sent: string[];
  const sink = { publish: async (p: RolloutProgressed) => void sent.push(`${p.sequence}:${p.phase}`) };

  beforeEach(() => {
    sent = [];
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('publishes nothing for a rollout that ends within the hold with no other move', async () => {
    const held = holdingMoves(sink, 1_000);
    await held.publish(move(1, 'started'));
    await jest.advanceTimersByTimeAsync(999);
    await expect(held.settle()).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([]);
  });

  it('sends the held first move right before the next one, in order', async () => {
    const held = holdingMoves(sink, 1_000);
    await held.publish(move(1, 'started'));
    await held.publish(move(2, 'weight'));
    await held.publish(move(3, 'paused'));
    await expect(held.settle()).resolves.toBeUndefined();
    expect(sent).toEqual(['1:started', '2:weight', '3:paused']);
  });

  it('publishes nothing of a rollout that ends within the hold: its last move is kept for the step\'s finished', async () => {
    const held = holdingMoves(sink, 1_000);
    await held.publish(move(1, 'started'));
    await held.publish(move(2, 'completed'));
    await expect(held.settle()).resolves.toMatchObject({ sequence: 2, phase: 'completed' });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([]);
  });

  it('sends the first move by itself once the rollout has run the hold', async () => {
    const held = holdingMoves(sink, 1_000);
    await held.publish(move(1, 'started'));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual(['1:started']);
    await held.publish(move(2, 'weight'));
    await held.publish(move(3, 'rolled_back'));
    await expect(held.settle()).resolves.toMatchObject({ sequence: 3, phase: 'rolled_back' });
    expect(sent).toEqual(['1:started', '2:weight']);
  });

  it('fails the next move when the held one could not go out, as its own publish would have', async () => {
    const failing = { publish: async (p: RolloutProgressed) => { if (p.sequence === 1) throw new Error('JetStream away'); sent.push(String(p.sequence)); } };
    const held = holdingMoves(failing, 1_000);
    await held.publish(move(1, 'started'));
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(held.publish(move(2, 'weight'))).rejects.toThrow('JetStream away');
    expect(sent).toEqual([]);
    // At the rollout's end the failure is only a display lost.
    await expect(held.settle()).resolves.toBeUndefined();
  });
});
