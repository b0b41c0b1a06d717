import { ReleaseHistoryQuery, RunListQuery, type Digest, type Release } from '@jetway/contracts';
import { createRun, endRun } from '../domain/progress';
import type { RunState } from '../domain/run-state';
import { sampleRequest } from '../testing/sample-request';
import type { ReleaseRevision } from './ports';
import { listRuns, releaseHistory } from './run-queries.use-case';

const id = (n: number) => `01J00000000000000000000${String(n).padStart(3, '0')}`;
const digest = (c: string) => `sha256:${c.repeat(64)}` as Digest;

function run(n: number, application: string, status: RunState['status'] = 'running'): RunState {
  const created = createRun({ runId: id(n), request: sampleRequest({ application_name: application, idempotency_key: `key-${n}-000` }), now: `2026-11-30T10:00:0${n % 10}Z` });
  return status === 'running' ? created : endRun(created, status, '2026-11-30T11:00:00Z', status === 'failed' ? 'step deploy-production rolled_back: error_rate 0.31 > 0.01' : undefined);
}

function store(runs: RunState[]) {
  const byId = new Map(runs.map((r) => [r.run_id, { run: r, revision: 1 }]));
  return { index: { ids: async () => [...byId.keys(), 'health.planner'] }, reader: { get: async (runId: string) => byId.get(runId) } };
}

describe('listRuns', () => {
  const runs = [run(1, 'hello', 'succeeded'), run(2, 'shop', 'failed'), run(3, 'hello', 'failed'), run(4, 'hello')];
  const { index, reader } = store(runs);

  it('answers the newest runs first, with what a line shows', async () => {
    const reply = await listRuns(RunListQuery.parse({}), index, reader);
    expect(reply).toMatchObject({ ok: true, more: false });
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.runs.map((r) => r.run_id)).toEqual([id(4), id(3), id(2), id(1)]);
    expect(reply.runs[1]).toEqual({
      run_id: id(3),
      kind: 'deployment',
      application: 'hello',
      status: 'failed',
      reason: 'step deploy-production rolled_back: error_rate 0.31 > 0.01',
      created_at: '2026-11-30T10:00:03Z',
      finished_at: '2026-11-30T11:00:00Z',
      environments: ['staging', 'production'],
      requested_by: 'unknown',
    });
  });

  it('filters by application, status and kind, and says when the limit cut the list', async () => {
    const failedHello = await listRuns(RunListQuery.parse({ application: 'hello', status: 'failed' }), index, reader);
    expect(failedHello.ok && failedHello.runs.map((r) => r.run_id)).toEqual([id(3)]);
    const limited = await listRuns(RunListQuery.parse({ application: 'hello', limit: 2 }), index, reader);
    expect(limited).toMatchObject({ ok: true, more: true, runs: [{ run_id: id(4) }, { run_id: id(3) }] });
    const rollbacks = await listRuns(RunListQuery.parse({ kind: 'rollback' }), index, reader);
    expect(rollbacks).toEqual({ ok: true, runs: [], more: false });
  });
});

describe('releaseHistory', () => {
  const release = (environment: Release['environment'], d: Digest, runId: string, previous?: Digest): Release => ({
    application: 'hello',
    environment,
    digest: d,
    strategy: 'canary',
    url: `http://127.0.0.1:1/hello/${environment}`,
    targets: [],
    run_id: runId,
    deployed_at: '2026-11-30T10:00:00Z',
    ...(previous && { previous: { digest: previous, run_id: runId, deployed_at: '2026-11-30T09:00:00Z' } }),
  });
  const revisions: ReleaseRevision[] = [
    { release: release('staging', digest('a'), id(1)), revision: 1 },
    { release: release('production', digest('a'), id(1)), revision: 2 },
    { release: release('staging', digest('c'), id(3), digest('a')), revision: 3 },
    // The deployer recorded the same release again after a restart: one entry.
    { release: release('staging', digest('c'), id(3), digest('a')), revision: 4 },
  ];
  const history = { history: async (_app: string, env?: string) => revisions.filter((r) => !env || r.release.environment === env) };
  const { reader } = store([run(1, 'hello', 'succeeded'), run(3, 'hello', 'failed')]);

  it('lists what served, newest first, each with its run and whether it serves now', async () => {
    const reply = await releaseHistory(ReleaseHistoryQuery.parse({ application: 'hello' }), history, reader);
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.releases.map((r) => [r.environment, r.digest.slice(7, 8), r.run_id, r.run_status, r.current])).toEqual([
      ['staging', 'c', id(3), 'failed', true],
      ['production', 'a', id(1), 'succeeded', true],
      ['staging', 'a', id(1), 'succeeded', false],
    ]);
    expect(reply.releases[0]).toMatchObject({ previous_digest: digest('a'), strategy: 'canary', run_kind: 'deployment', run_reason: expect.stringContaining('rolled_back') });
  });

  it('answers one environment, up to the limit', async () => {
    const reply = await releaseHistory(ReleaseHistoryQuery.parse({ application: 'hello', environment: 'staging', limit: 1 }), history, reader);
    expect(reply.ok && reply.releases.map((r) => r.digest)).toEqual([digest('c')]);
  });
});
