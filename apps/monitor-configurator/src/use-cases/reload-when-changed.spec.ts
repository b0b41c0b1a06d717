import { ReloadWhenChanged } from './reload-when-changed';

function counting(failures = 0) {
  const calls = { count: 0 };
  let left = failures;
  return {
    calls,
    reloader: {
      reload: async () => {
        calls.count += 1;
        if (left-- > 0) throw new Error('Prometheus away');
      },
    },
  };
}

describe('ReloadWhenChanged', () => {
  it('reloads once after start even when nothing changed, then only on changes', async () => {
    const { calls, reloader } = counting();
    const reloads = new ReloadWhenChanged(reloader);
    expect(await reloads.afterWrite(false)).toBe(true);
    expect(await reloads.afterWrite(false)).toBe(false);
    expect(await reloads.afterWrite(true)).toBe(true);
    expect(calls.count).toBe(2);
  });

  it('owes the reload after a failure, so the retried step reloads though its files are written', async () => {
    const { calls, reloader } = counting(2);
    const reloads = new ReloadWhenChanged(reloader);
    await expect(reloads.afterWrite(true)).rejects.toThrow('Prometheus away');
    await expect(reloads.afterWrite(false)).rejects.toThrow('Prometheus away');
    expect(await reloads.afterWrite(false)).toBe(true);
    expect(await reloads.afterWrite(false)).toBe(false);
    expect(calls.count).toBe(3);
  });
});
