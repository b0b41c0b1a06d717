import type { BundleVerdict } from '../setup/setup.ports';
import { BatchedChecks, type BundleCheck } from './batched-checks';

const verdictFor = (bundle: BundleCheck): BundleVerdict => ({ checks: [{ check: 'promtool check config', file: bundle.dir, passed: true }], ruleTestsPassed: bundle.ruleTests ? 1 : 0, routingCasesPassed: 0 });

/** checkTogether that records each batch and finishes it only when told to. */
function gatedTogether() {
  const batches: string[][] = [];
  const gates: Array<() => void> = [];
  const checkTogether = async (bundles: readonly BundleCheck[]): Promise<BundleVerdict[]> => {
    batches.push(bundles.map((b) => b.dir));
    await new Promise<void>((resolve) => gates.push(resolve));
    return bundles.map(verdictFor);
  };
  return { checkTogether, batches, openNext: () => gates.shift()?.() };
}

describe('BatchedChecks', () => {
  it('checks one bundle at once, and the bundles that arrive meanwhile together in the next run', async () => {
    const { checkTogether, batches, openNext } = gatedTogether();
    const checks = new BatchedChecks(checkTogether);
    const first = checks.check({ dir: 'a', ruleTests: true });
    const rest = ['b', 'c', 'd'].map((dir) => checks.check({ dir, ruleTests: false }));
    expect(batches).toEqual([['a']]);
    openNext();
    expect(await first).toEqual(verdictFor({ dir: 'a', ruleTests: true }));
    await Promise.resolve();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    openNext();
    expect((await Promise.all(rest)).map((v) => v.checks[0]?.file)).toEqual(['b', 'c', 'd']);
  });

  it('puts at most maxBatch bundles in one run', async () => {
    const batches: number[] = [];
    const checks = new BatchedChecks(async (bundles) => (batches.push(bundles.length), bundles.map(verdictFor)), 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((dir) => checks.check({ dir, ruleTests: false })));
    expect(batches).toEqual([1, 2, 2]);
  });

  it('rejects the bundles of a run that threw, and checks the next ones', async () => {
    let calls = 0;
    const checks = new BatchedChecks(async (bundles) => {
      calls += 1;
      if (calls === 1) throw new Error('promtool could not be started');
      return bundles.map(verdictFor);
    });
    await expect(checks.check({ dir: 'a', ruleTests: false })).rejects.toThrow('promtool could not be started');
    expect((await checks.check({ dir: 'b', ruleTests: false })).checks[0]?.file).toBe('b');
  });

  it('waits for the bundles said to be on their way, then checks them all in one run', async () => {
    const { checkTogether, batches, openNext } = gatedTogether();
    const checks = new BatchedChecks(checkTogether);
    const arrivals = ['a', 'b', 'c'].map(() => checks.coming());
    const verdicts = ['a', 'b'].map((dir, i) => {
      const verdict = checks.check({ dir, ruleTests: false });
      arrivals[i]?.();
      return verdict;
    });
    expect(batches).toEqual([]);
    const last = checks.check({ dir: 'c', ruleTests: false });
    arrivals[2]?.();
    expect(batches).toEqual([['a', 'b', 'c']]);
    openNext();
    expect((await Promise.all([...verdicts, last])).map((v) => v.checks[0]?.file)).toEqual(['a', 'b', 'c']);
  });

  it('does not wait for a bundle that turned out to need no check, nor count an arrival twice', async () => {
    const { checkTogether, batches, openNext } = gatedTogether();
    const checks = new BatchedChecks(checkTogether);
    const first = checks.coming();
    const reused = checks.coming();
    const verdict = checks.check({ dir: 'a', ruleTests: false });
    first();
    first();
    expect(batches).toEqual([]);
    reused();
    expect(batches).toEqual([['a']]);
    openNext();
    expect((await verdict).checks[0]?.file).toBe('a');
  });

  it('waits at most lingerMs for a bundle on its way that does not come', async () => {
    jest.useFakeTimers();
    try {
      const { checkTogether, batches, openNext } = gatedTogether();
      const checks = new BatchedChecks(checkTogether, 32, 200);
      checks.coming();
      const verdict = checks.check({ dir: 'a', ruleTests: false });
      jest.advanceTimersByTime(199);
      expect(batches).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(batches).toEqual([['a']]);
      openNext();
      expect((await verdict).checks[0]?.file).toBe('a');
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not wait once maxBatch bundles are waiting', () => {
    const { checkTogether, batches } = gatedTogether();
    const checks = new BatchedChecks(checkTogether, 2);
    checks.coming();
    void checks.check({ dir: 'a', ruleTests: false });
    expect(batches).toEqual([]);
    void checks.check({ dir: 'b', ruleTests: false });
    expect(batches).toEqual([['a', 'b']]);
  });
});
