import type { Route } from '../use-cases/weighted-router.port';
import { RouteTable } from './route-table';

const b = (target: string, release = 'r1') => ({ target, release });

function picks(table: RouteTable, n: number, scope: 'main' | 'preview' = 'main'): string[] {
  return Array.from({ length: n }, () => {
    const pool = table.choose('hello/staging', scope);
    return pool ? `${pool.name}:${pool.take()?.target}` : 'none';
  });
}

describe('RouteTable', () => {
  it('sends exactly the canary weight to the canary set, spread out, deterministically', () => {
    const table = new RouteTable();
    table.set('hello/staging', { stable: [b('s1'), b('s2')], canary: { backends: [b('c1', 'r2')], weight: 25 } });
    const first = picks(table, 1_000);
    expect(first.filter((p) => p.startsWith('canary:')).length).toBe(250);
    // Never two canary requests in a row at 25 %: smooth, not a burst.
    expect(first.join(',')).not.toContain('canary:c1,canary:c1');
    // Within the stable set, round-robin.
    expect(first.filter((p) => p.startsWith('stable:')).slice(0, 4)).toEqual(['stable:s1', 'stable:s2', 'stable:s1', 'stable:s2']);
    // The same route again: the same sequence.
    table.set('hello/staging', { stable: [b('s1'), b('s2')], canary: { backends: [b('c1', 'r2')], weight: 25 } });
    expect(picks(table, 1_000)).toEqual(first);
  });

  it.each([1, 5, 33, 50, 99])('holds weight %i exactly over 100 requests', (weight) => {
    const table = new RouteTable();
    table.set('hello/staging', { stable: [b('s')], canary: { backends: [b('c')], weight } });
    expect(picks(table, 100).filter((p) => p.startsWith('canary:')).length).toBe(weight);
  });

  it('weight 0 or an empty canary serves stable only; weight 100 or an empty stable set serves the canary', () => {
    const table = new RouteTable();
    table.set('hello/staging', { stable: [b('s')], canary: { backends: [b('c')], weight: 0 } });
    expect(new Set(picks(table, 20))).toEqual(new Set(['stable:s']));
    table.set('hello/staging', { stable: [b('s')], canary: { backends: [], weight: 50 } });
    expect(new Set(picks(table, 20))).toEqual(new Set(['stable:s']));
    table.set('hello/staging', { stable: [b('s')], canary: { backends: [b('c')], weight: 100 } });
    expect(new Set(picks(table, 20))).toEqual(new Set(['canary:c']));
    table.set('hello/staging', { stable: [], canary: { backends: [b('c')], weight: 10 } });
    expect(new Set(picks(table, 20))).toEqual(new Set(['canary:c']));
  });

  it('keeps the preview set to the preview scope, and the preview scope to it', () => {
    const table = new RouteTable();
    const route: Route = { stable: [b('s')], preview: [b('p', 'r2')] };
    table.set('hello/staging', route);
    expect(new Set(picks(table, 10))).toEqual(new Set(['stable:s']));
    expect(new Set(picks(table, 10, 'preview'))).toEqual(new Set(['preview:p']));
    table.set('hello/staging', { stable: [b('s')] });
    expect(picks(table, 1, 'preview')).toEqual(['none']);
    expect(table.choose('nobody/staging', 'main')).toBeUndefined();
  });

  it('a pool skips the targets a request already tried, and has none left once all were', () => {
    const table = new RouteTable();
    table.set('hello/staging', { stable: [b('s1'), b('s2'), b('s3')] });
    const pool = table.choose('hello/staging', 'main');
    expect(pool?.take(new Set(['s1', 's2']))?.target).toBe('s3');
    expect(pool?.take(new Set(['s1', 's2', 's3']))).toBeUndefined();
  });

  it('lists the releases of every set of every route', () => {
    const table = new RouteTable();
    table.set('a/staging', { stable: [b('s', 'r1')], canary: { backends: [b('c', 'r2')], weight: 5 } });
    table.set('b/staging', { stable: [], preview: [b('p', 'r3')] });
    expect(table.releases()).toEqual(new Set(['r1', 'r2', 'r3']));
    expect(table.entries().map(([key]) => key)).toEqual(['a/staging', 'b/staging']);
  });
});
