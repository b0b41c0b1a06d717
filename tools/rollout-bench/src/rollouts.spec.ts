import { planRollouts, ROLLOUTS, type RolloutScenario } from './rollouts';

const scenario = (name: string): RolloutScenario => ({ name, run: () => Promise.reject(new Error('not run in this spec')) });
const SERIES = ['rolling', 'canary', 'blue-green', 'rollback'].map(scenario);
const plan = (only?: string[]) => planRollouts(SERIES, only).map((p) => `${p.scenario.name}${p.measured ? '' : ' (set-up)'}`);

describe('planRollouts (--only)', () => {
  it('runs and shows every rollout without --only', () => {
    expect(plan()).toEqual(['rolling', 'canary', 'blue-green', 'rollback']);
  });

  it('runs the rollouts before the last chosen one, unshown, and none after it', () => {
    expect(plan(['canary', 'rollback'])).toEqual(['rolling (set-up)', 'canary', 'blue-green (set-up)', 'rollback']);
    expect(plan(['rolling'])).toEqual(['rolling']);
  });

  it('runs none when --only names router scenarios alone', () => {
    expect(plan(['through the router'])).toEqual([]);
  });

  it('names every rollout once (--only picks them by name)', () => {
    const names = ROLLOUTS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
