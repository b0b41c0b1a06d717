import { PassedChecks, type CheckOutcome, type CheckVerdict } from './passed-checks';

/** A check that resolves when told to, counting its runs (and what it was asked to include). */
function gatedCheck(verdict: CheckVerdict) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runs: boolean[] = [];
  const run = async (first = true): Promise<CheckVerdict> => {
    runs.push(first);
    await gate;
    return verdict;
  };
  return { run, outcome: async (): Promise<CheckOutcome> => ({ refused: await run() }), runs, release: () => release() };
}

const AT = new Date('2026-11-30T12:00:00.000Z');
const pass = async (): Promise<CheckOutcome> => ({ refused: undefined });

describe('PassedChecks.check (the same bytes)', () => {
  it('runs one check for releases of one bundle checked at the same moment, and shares its verdict', async () => {
    const passed = new PassedChecks();
    const check = gatedCheck('1 of 3 check(s) failed');
    const both = Promise.all([passed.check('sha256:a', check.outcome), passed.check('sha256:a', check.outcome)]);
    check.release();
    expect(await both).toEqual([{ refused: '1 of 3 check(s) failed' }, { refused: '1 of 3 check(s) failed' }]);
    expect(check.runs).toEqual([true]);
  });

  it('keeps a pass with when it was checked, and forgets the least recently used beyond its limit', async () => {
    const passed = new PassedChecks(2, () => AT);
    for (const digest of ['sha256:a', 'sha256:b']) await passed.check(digest, pass);
    expect(await passed.check('sha256:a', pass)).toEqual({ refused: undefined, reused: { digest: 'sha256:a', checkedAt: '2026-11-30T12:00:00.000Z' } });
    await passed.check('sha256:c', pass);
    let ran = 0;
    const counted = async (): Promise<CheckOutcome> => {
      ran += 1;
      return { refused: undefined };
    };
    // a was used after b, so b went when c came.
    expect((await passed.check('sha256:a', counted)).reused).toBeDefined();
    expect((await passed.check('sha256:b', counted)).reused).toBeUndefined();
    expect(ran).toBe(1);
  });

  it('keeps neither a refusal nor a check that threw: the next release checks again', async () => {
    const passed = new PassedChecks();
    await expect(passed.check('sha256:a', () => Promise.reject(new Error('spawn EAGAIN')))).rejects.toThrow('spawn EAGAIN');
    expect(await passed.check('sha256:a', async () => ({ refused: 'refused' }))).toEqual({ refused: 'refused' });
    expect(await passed.check('sha256:a', pass)).toEqual({ refused: undefined });
  });
});

describe('PassedChecks.once (a part of the checks, by what it depends on)', () => {
  it('runs the part for the first caller; callers at the same moment wait, then leave it out, naming the pass', async () => {
    const tested = new PassedChecks(10, () => AT);
    const first = gatedCheck(undefined);
    const asked: boolean[] = [];
    const later = async (part: boolean): Promise<CheckVerdict> => void asked.push(part);
    const all = Promise.all([tested.once('slo-1', 'sha256:a', first.run), tested.once('slo-1', 'sha256:b', later), tested.once('slo-1', 'sha256:c', later)]);
    first.release();
    const earlier = { digest: 'sha256:a', checkedAt: '2026-11-30T12:00:00.000Z' };
    expect(await all).toEqual([{ refused: undefined }, { refused: undefined, partFrom: earlier }, { refused: undefined, partFrom: earlier }]);
    expect([first.runs, asked]).toEqual([[true], [false, false]]);
  });

  it('when the first run is refused, the next caller runs the part itself', async () => {
    const tested = new PassedChecks();
    const refused = gatedCheck('promtool test rules failed');
    const asked: boolean[] = [];
    const next = async (part: boolean): Promise<CheckVerdict> => void asked.push(part);
    const both = Promise.all([tested.once('slo-1', 'sha256:a', refused.run), tested.once('slo-1', 'sha256:b', next)]);
    refused.release();
    expect(await both).toEqual([{ refused: 'promtool test rules failed' }, { refused: undefined }]);
    expect(asked).toEqual([true]);
  });
});
