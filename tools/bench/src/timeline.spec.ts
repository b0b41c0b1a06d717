import { commonest, paddedBody, timelines } from './timeline';

describe('timelines', () => {
  it('measures gaps between neighbours of a run in sequence order, and each run end to end', () => {
    const result = timelines([
      { run: 'a', seq: 3, atMs: 10, bytes: 100 },
      { run: 'b', seq: 2, atMs: 5, bytes: 300 },
      { run: 'a', seq: 1, atMs: 4, bytes: 100 },
      { run: 'a', seq: 4, atMs: 11, bytes: 100 },
      { run: 'b', seq: 5, atMs: 7, bytes: 400 },
    ]);
    expect(result.hopMs.sort((x, y) => x - y)).toEqual([1, 2, 6]);
    expect(result.runMs.sort((x, y) => x - y)).toEqual([2, 7]);
    expect([...result.messagesPerRun]).toEqual([[3, 1], [2, 1]]);
    expect(result.meanBytes).toBe(200);
  });

  it('has nothing to measure without messages', () => {
    expect(timelines([])).toEqual({ hopMs: [], runMs: [], messagesPerRun: new Map(), meanBytes: 0, byTransition: new Map() });
  });
});

describe('timelines by hand-off', () => {
  it('files each gap under previous kind → kind', () => {
    const result = timelines([
      { run: 'a', seq: 1, atMs: 0, bytes: 1, kind: 'req' },
      { run: 'a', seq: 2, atMs: 3, bytes: 1, kind: 'build' },
      { run: 'b', seq: 3, atMs: 10, bytes: 1, kind: 'req' },
      { run: 'b', seq: 4, atMs: 15, bytes: 1, kind: 'build' },
    ]);
    expect([...result.byTransition]).toEqual([['req → build', [3, 5]]]);
  });
});

describe('paddedBody', () => {
  it('is JSON of exactly the asked size carrying the run id', () => {
    for (const size of [40, 333, 1024]) {
      const body = paddedBody('run-17', size);
      expect(Buffer.byteLength(body)).toBe(size);
      expect(JSON.parse(body).run).toBe('run-17');
    }
  });

  it('never drops the run id when the size is too small for it', () => {
    expect(JSON.parse(paddedBody('run-17', 1))).toEqual({ run: 'run-17', pad: '' });
  });
});

describe('commonest', () => {
  it('names the message count most runs had, the smaller on a tie, none for no runs', () => {
    expect(commonest(new Map([[16, 1], [15, 19]]))).toBe(15);
    expect(commonest(new Map([[16, 2], [15, 2]]))).toBe(15);
    expect(commonest(new Map())).toBeUndefined();
  });
});
