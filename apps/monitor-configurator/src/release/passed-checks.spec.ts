import { PassedChecks, type CheckVerdict } from './passed-checks';

/** A check that resolves when told to, counting its runs. */
function gatedCheck(verdict: CheckVerdict) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runs: number[] = [];
  const run = async (): Promise<CheckVerdict> => {
    runs.push(runs.length + 1);
    await gate;
    return verdict;
  };
  return { run, runs, release: () => release() };
}

describe('PassedChecks', () => {
  it('runs one check for releases of one bundle checked at the same moment, and shares its verdict', async () => {
    const passed = new PassedChecks();
    const check = gatedCheck('1 of 3 check(s) failed');
    const both = Promise.all([passed.check('sha256:a', check.run), passed.check('sha256:a', check.run)]);
    check.release();
    expect(await both).toEqual([{ refused: '1 of 3 check(s) failed' }, { refused: '1 of 3 check(s) failed' }]);
    expect(check.runs).toEqual([1]);
  });

  it('keeps a pass with when it was checked, and forgets the least recently used beyond its limit', async () => {
    const at = new Date('2026-11-30T12:00:00.000Z');
    const passed = new PassedChecks(2, () => at);
    const pass = async (): Promise<CheckVerdict> => undefined;
    for (const digest of ['sha256:a', 'sha256:b']) await passed.check(digest, pass);
    expect(await passed.check('sha256:a', pass)).toEqual({ refused: undefined, reused: { digest: 'sha256:a', checkedAt: '2026-11-30T12:00:00.000Z' } });
    await passed.check('sha256:c', pass);
    let ran = 0;
    const counted = async (): Promise<CheckVerdict> => {
      ran += 1;
      return undefined;
    };
    // a was used after b, so b went when c came.
    expect((await passed.check('sha256:a', counted)).reused).toBeDefined();
    expect((await passed.check('sha256:b', counted)).reused).toBeUndefined();
    expect(ran).toBe(1);
  });

  it('does not keep a check that threw: the next release checks again', async () => {
    const passed = new PassedChecks();
    await expect(passed.check('sha256:a', () => Promise.reject(new Error('spawn EAGAIN')))).rejects.toThrow('spawn EAGAIN');
    expect(await passed.check('sha256:a', async () => 'refused')).toEqual({ refused: 'refused' });
  });
});
