import type { ReleaseHistoryEntry, RolloutProgressed, RunStatusView } from '@jetway/contracts';
import { renderHistory, renderRunList } from './render-listings';
import { analysisText, renderProgressLine, rolloutLines } from './render-rollout';
import { renderSummary } from './render-summary';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const plain = { color: false, now: new Date('2026-11-30T10:05:00Z') };

const failing: RolloutProgressed['analysis'] = {
  provider: 'router',
  verdict: 'fail',
  requests: 412,
  measurements: [
    { metric: 'error_rate', value: 0.31, threshold: 0.01, passed: false },
    { metric: 'latency_p99_ms', value: 87.25, threshold: 500, passed: true },
  ],
  message: 'error_rate over its threshold',
};

function progress(extra: Partial<RolloutProgressed>): RolloutProgressed {
  return { run_id: RUN, step_id: 'deploy-production', attempt: 1, application: 'hello', environment: 'production', strategy: 'canary', sequence: 3, phase: 'weight', message: 'weight set', ...extra };
}

function canaryRun(p: RolloutProgressed, step: Partial<RunStatusView['steps'][number]> = {}): RunStatusView {
  return {
    run_id: RUN,
    kind: 'deployment',
    application: 'hello',
    status: 'running',
    created_at: '2026-11-30T10:00:00Z',
    urls: {},
    approvers: ['alice'],
    steps: [{ step_id: 'deploy-production', kind: 'deploy', environment: 'production', status: 'running', started_at: '2026-11-30T10:01:00Z', progress: p, ...step }],
  };
}

describe('rollouts in words', () => {
  it('says each measurement against its threshold, with the verdict and request count', () => {
    expect(analysisText(failing!, plain)).toBe('fail over 412 requests (router): error_rate 31 % > 1 % ✗ · latency_p99_ms 87.3 ms ≤ 500 ms ✓ — error_rate over its threshold');
  });

  it('prints a progress line per event as --watch shows it, and the promote command when paused', () => {
    expect(renderProgressLine({ run_id: RUN, approvers: ['alice'] }, progress({ weight: 5, stage: 0 }), plain)).toBe('  ↳ deploy-production canary weight 5 % · weight: weight set');
    const paused = renderProgressLine({ run_id: RUN, approvers: ['alice'] }, progress({ phase: 'paused', weight: 25, stage: 1, message: 'manual approval point 25%' }), plain);
    expect(paused.split('\n')).toEqual([
      '  ↳ deploy-production canary weight 25 % · paused: manual approval point 25%',
      `      promote: jetway promote ${RUN} --as alice   (or abort: jetway abort ${RUN} --as alice)`,
    ]);
    const decided = renderProgressLine({ run_id: RUN, approvers: ['alice'] }, progress({ phase: 'analysis', analysis: failing }), plain);
    expect(decided).toContain('      analysis fail over 412 requests (router): error_rate 31 % > 1 % ✗');
  });

  it('shows a canary in status: current weight, stage, last analysis, commands given', () => {
    const run = canaryRun(progress({ phase: 'analysis', weight: 25, stage: 1, analysis: failing, message: 'analysis failed at 25 %' }), {
      commands: [{ command: 'abort', by: 'alice', at: '2026-11-30T10:04:00Z', comment: 'too many errors' }],
    });
    expect(rolloutLines(run, plain)).toEqual([
      'Rollout of deploy-production (canary): weight 25 % · analysis',
      '  analysis failed at 25 %',
      '  last analysis: fail over 412 requests (router): error_rate 31 % > 1 % ✗ · latency_p99_ms 87.3 ms ≤ 500 ms ✓ — error_rate over its threshold',
      '  abort by alice at 2026-11-30T10:04:00Z: too many errors',
    ]);
    expect(renderSummary(run, plain)).toContain('Rollout of deploy-production (canary): weight 25 % · analysis');
  });

  it('adds the promote command to a paused rollout in status', () => {
    const lines = rolloutLines(canaryRun(progress({ phase: 'paused', weight: 50, stage: 2 }), { status: 'waiting_approval' }), plain);
    expect(lines.at(-1)).toBe(`  promote: jetway promote ${RUN} --as alice   (or abort: jetway abort ${RUN} --as alice)`);
  });
});

describe('listings', () => {
  const entry = (extra: Partial<ReleaseHistoryEntry>): ReleaseHistoryEntry => ({
    environment: 'production',
    digest: `sha256:${'c'.repeat(64)}`,
    strategy: 'canary',
    deployed_at: '2026-11-30T10:00:00.123Z',
    run_id: RUN,
    run_kind: 'deployment',
    run_status: 'succeeded',
    current: false,
    ...extra,
  });

  it('prints the history newest first, marking what serves now and who rolled back', () => {
    const text = renderHistory('hello', [entry({ current: true, run_kind: 'rollback', requested_by: 'alice', digest: `sha256:${'a'.repeat(64)}` }), entry({ run_status: 'failed', run_reason: 'step verify-production failed: 503' })], plain);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ENV\s+DIGEST\s+STRATEGY\s+DEPLOYED \(UTC\)\s+RUN\s+KIND\s+RUN STATUS\s+NOW\s+NOTE$/);
    expect(lines[1]).toMatch(/^production\s+sha256:aaaaaaaaaaaa…\s+canary\s+2026-11-30 10:00:00\s+01J9Z8X7W6V5T4S3R2Q1P0N9M8\s+rollback\s+succeeded\s+serving\s+rolled back by alice$/);
    expect(lines[2]).toMatch(/deployment\s+failed\s+step verify-production failed: 503$/);
    expect(renderHistory('hello', [], plain)).toBe('no release of hello is recorded (nothing was deployed, or the releases bucket was reset)');
  });

  it('prints runs one per line and says when more matched', () => {
    const text = renderRunList([{ run_id: RUN, kind: 'rollback', application: 'hello', status: 'running', created_at: '2026-11-30T10:00:00Z', environments: ['production'] }], true, plain);
    expect(text.split('\n')[1]).toMatch(/^01J9Z8X7W6V5T4S3R2Q1P0N9M8\s+rollback\s+hello\s+running\s+2026-11-30 10:00:00\s+production$/);
    expect(text).toContain('(more runs match: raise --limit');
    expect(renderRunList([], false, plain)).toBe('no runs match');
  });
});
