import { writesOf } from './kinds-phase';

describe('writesOf', () => {
  it("sums every stream's writes and groups the streams a batch's runs declared into one part", () => {
    const writesPerRun = { JETWAY_EVENTS: 23, 'KV_jetway-runs': 6, KV_OTHER: 0, bench_kind_infrastructure_0_orders: 0.1, bench_kind_infrastructure_10_audit: 0.1, KV_bench_kind_infrastructure_3_sessions: 0.2 };
    const writes = writesOf({ writesPerRun }, /bench_kind_infrastructure_/i);
    expect(writes.total).toBeCloseTo(29.4);
    expect(writes.parts).toBe("JETWAY_EVENTS 23.0, KV_jetway-runs 6.0, the runs' own 3 streams 0.4");
  });
});
