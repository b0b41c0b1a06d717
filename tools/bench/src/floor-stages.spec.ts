import { DEPLOYMENT_FLOOR, floorCounts, floorKinds, floorMessages, floorMismatches, floorValueBytes, stagesByService, type FloorStage } from './floor-stages';

describe('the deployment floor', () => {
  it('is one chain: every stage consumes a message an earlier stage (or the request) emitted, and nothing is consumed twice', () => {
    const emitted = new Set([1]);
    const consumed = new Set<number>();
    for (const stage of DEPLOYMENT_FLOOR) {
      expect(emitted.has(stage.consumes)).toBe(true);
      expect(consumed.has(stage.consumes)).toBe(false);
      consumed.add(stage.consumes);
      for (let next = stage.consumes + 1; next <= stage.consumes + stage.emits.length; next += 1) {
        expect(emitted.has(next)).toBe(false);
        emitted.add(next);
      }
    }
    // The last message is the one the bench waits for: it must exist.
    expect(emitted.has(floorMessages(DEPLOYMENT_FLOOR))).toBe(true);
  });

  it("names its messages as a deployment run's events, in the order the mesh stores them", () => {
    expect(floorKinds(DEPLOYMENT_FLOOR)).toEqual([
      'pipeline.requested',
      'pipeline.planned',
      'step.build.triggered',
      'step.build.finished',
      'step.scan.triggered',
      'step.scan.finished',
      'step.deploy.triggered',
      'step.deploy.finished',
      'step.verify.triggered',
      'step.verify.finished',
      'step.monitor.triggered',
      'step.monitor.finished',
      'pipeline.finished',
    ]);
  });

  it('updates only entries its own process created or wrote before (a compare-and-set needs the revision)', () => {
    for (const group of stagesByService(DEPLOYMENT_FLOOR)) {
      const written = new Set<string>();
      for (const op of group.flatMap((stage) => stage.ops)) {
        if (op.op === 'update') expect(written.has(`${op.bucket}/${op.key}`)).toBe(true);
        if (op.op !== 'get') written.add(`${op.bucket}/${op.key}`);
      }
    }
  });
});

describe('floorCounts', () => {
  const stages: FloorStage[] = [
    { service: 'a', consumes: 1, ops: [{ op: 'create', bucket: 'runs', key: '{run}' }, { op: 'get', bucket: 'releases', key: 'x' }], emits: ['b.one', 'c.one'] },
    { service: 'b', consumes: 3, ops: [{ op: 'update', bucket: 'runs', key: '{run}' }, { op: 'get', bucket: 'releases', key: 'x' }], emits: [] },
  ];

  it('counts the messages (the request included) and each bucket\'s writes by stream, reads by bucket', () => {
    expect(floorMessages(stages)).toBe(3);
    expect(floorKinds(stages)).toEqual(['pipeline.requested', 'b.one', 'c.one']);
    expect(floorCounts(stages, 'EVENTS')).toEqual({ writes: { EVENTS: 3, 'KV_jetway-runs': 2 }, reads: { 'jetway-releases': 2 } });
  });

  it('groups stages by service in order of first appearance', () => {
    const third = { service: 'a', consumes: 5, ops: [], emits: [] };
    expect(stagesByService([...stages, third]).map((group) => group.map((stage) => stage.consumes))).toEqual([[1, 5], [3]]);
  });
});

describe('floorValueBytes', () => {
  it('takes the entry overhead off the mesh\'s mean stored size, never below 16 bytes, for the buckets the stages write and the mesh measured', () => {
    const stages: FloorStage[] = [
      { service: 'a', consumes: 1, ops: [{ op: 'create', bucket: 'runs', key: '{run}' }, { op: 'put', bucket: 'idempotency', key: 'k' }, { op: 'put', bucket: 'releases', key: 'r' }], emits: [] },
      { service: 'b', consumes: 2, ops: [{ op: 'get', bucket: 'attestations', key: 'x' }], emits: [] },
    ];
    const measured = { 'KV_jetway-runs': 8144.4, 'KV_jetway-idempotency': 40, 'KV_jetway-attestations': 380, 'KV_jetway-infra': 500, JETWAY_EVENTS: 1261 };
    expect(floorValueBytes(stages, measured)).toEqual({ runs: 8044, idempotency: 16 });
  });
});

describe('floorMismatches', () => {
  const floor = { writes: { EVENTS: 13, 'KV_jetway-runs': 6 }, reads: { 'jetway-releases': 2 } };

  it('is empty when the mesh made the same requests (within half a request per run)', () => {
    expect(floorMismatches(floor, { writes: { EVENTS: 13.3, 'KV_jetway-runs': 6 }, reads: { 'jetway-releases': { '<app>.staging': 2 } } })).toEqual([]);
  });

  it('names each stream or bucket that differs, with both counts', () => {
    const mesh = { writes: { EVENTS: 13, 'KV_jetway-runs': 7, 'KV_jetway-rollouts': 1 }, reads: { 'jetway-releases': { '<app>.staging': 1, '<app>.production': 2 } } };
    expect(floorMismatches(floor, mesh)).toEqual([
      'writes to KV_jetway-runs: floor 6, mesh 7.0',
      'writes to KV_jetway-rollouts: floor 0, mesh 1.0',
      'reads of jetway-releases: floor 2, mesh 3.0',
    ]);
  });
});
