import { isUnavailable, untilAvailable } from './unavailable';

const natsError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it.each([
    [natsError('TIMEOUT'), true],
    [natsError('503'), true],
    [new Error('JetStream system temporarily unavailable'), true],
    [new Error('no suitable peers for placement'), true],
    [natsError('PERMISSIONS_VIOLATION', "Permissions Violation for Publish to '$JS.API.STREAM.CREATE.X'"), false],
    [new Error('stream name already in use with a different configuration'), false],
  ])('%s → %s', (error, expected) => {
    expect(isUnavailable(error)).toBe(expected);
  });
});

describe('untilAvailable', () => {
  it('tries again while JetStream is away and reports each wait', async () => {
    let calls = 0;
    const waits: string[] = [];
    const result = await untilAvailable('provision', async () => (++calls < 3 ? Promise.reject(natsError('503')) : 'done'), (m) => waits.push(m), 10);
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(waits).toEqual([expect.stringMatching(/^provision: JetStream unavailable \(503\); trying again in 250 ms$/), expect.stringMatching(/in 10 ms$/)]);
  });

  it('gives up at once on an error retrying cannot fix', async () => {
    let calls = 0;
    await expect(untilAvailable('provision', async () => (calls++, Promise.reject(new Error('Permissions Violation'))), () => undefined)).rejects.toThrow(
      'Permissions Violation',
    );
    expect(calls).toBe(1);
  });

  it('gives up after giveUpAfterMs, throwing the last unavailability', async () => {
    let calls = 0;
    const began = Date.now();
    await expect(untilAvailable('record', async () => (calls++, Promise.reject(natsError('503'))), () => undefined, 20, 1_000)).rejects.toThrow('503');
    expect(calls).toBeGreaterThan(1);
    expect(Date.now() - began).toBeLessThan(3_000);
  });
});
