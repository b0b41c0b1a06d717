import { hopOf, rawSubject } from './chain-worker.types';

describe('hopOf', () => {
  it('reads back the hop a raw chain subject was made for', () => {
    for (const hop of [1, 4, 13]) expect(hopOf(rawSubject(hop))).toBe(hop);
  });

  it('is NaN for any other subject, so no kind is looked up for it', () => {
    expect(hopOf('jetway.step.build.finished.v1')).toBeNaN();
    expect(hopOf('bench.raw.other.4')).toBeNaN();
  });
});
