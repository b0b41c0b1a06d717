import { inChunks } from './in-chunks';

describe('inChunks', () => {
  it('runs `size` at a time, the next chunk only once the previous one settled, and keeps the items\' order', async () => {
    let running = 0;
    /** How many were running as each item started: a chunk starts with none. */
    const busyAtStart: number[] = [];
    const results = await inChunks([5, 1, 4, 2, 3], 2, async (n) => {
      busyAtStart.push(running);
      running += 1;
      // The later item of a chunk finishes first: the results still follow the items.
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(busyAtStart).toEqual([0, 1, 0, 1, 0]);
  });

  it('answers an empty list without calling `each`', async () => {
    const each = jest.fn(async (n: number) => n);
    expect(await inChunks([], 4, each)).toEqual([]);
    expect(each).not.toHaveBeenCalled();
  });
});
