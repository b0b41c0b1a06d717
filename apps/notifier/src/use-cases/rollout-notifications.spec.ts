import type { PipelineFinished } from '@jetway/contracts';
import type { PagerDutyIntent, SlackIntent } from './notification-intent';
import { notificationsFor } from './notifications-for.use-case';
import { storyOf } from './run-story';

const RUN_ID = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const NEXT_RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M9';
const STABLE = `sha256:${'a'.repeat(64)}`;
const CANARY = `sha256:${'c'.repeat(64)}`;
const URL = 'http://127.0.0.1:8080/shop/production';
type Step = PipelineFinished['steps'][number];

const analysis = {
  provider: 'router' as const,
  verdict: 'fail' as const,
  requests: 412,
  measurements: [
    { metric: 'error_rate' as const, value: 0.31, threshold: 0.01, passed: false },
    { metric: 'latency_p99_ms' as const, value: 120, threshold: 500, passed: true },
  ],
  message: 'error_rate over its threshold',
};

const canaryStep = (extra: Partial<Step> = {}): Step => ({
  step_id: 'deploy-production',
  kind: 'deploy',
  environment: 'production',
  outcome: 'rolled_back',
  reason: 'canary aborted by analysis at 25 %',
  rollout: { strategy: 'canary', phase: 'rolled_back', weight: 0, stage: 1, message: `weight 0 %: ${STABLE.slice(0, 19)}… (stable) serves everything`, analysis },
  ...extra,
});

function finished(outcome: PipelineFinished['outcome'], steps: Step[], extra: Partial<PipelineFinished> = {}): PipelineFinished {
  return { run_id: RUN_ID, kind: 'deployment', application: 'shop', outcome, duration_ms: 1000, urls: {}, steps, ...extra };
}

const ctx = (runId: string) => ({ eventId: `${runId}.run.0.pipeline-finished`, time: '2026-11-30T10:00:00Z' });
const notify = (run: PipelineFinished) => notificationsFor(run, ctx(run.run_id));
const slackOf = (run: PipelineFinished) => notify(run).find((i): i is SlackIntent => i.channel === 'slack');
const pagesOf = (run: PipelineFinished) => notify(run).filter((i): i is PagerDutyIntent => i.channel === 'pagerduty');

describe('notifications in words for progressive delivery', () => {
  const automatic = finished('failed', [{ step_id: 'build', kind: 'build', outcome: 'succeeded' }, canaryStep()], { reason: 'step deploy-production rolled_back: canary aborted by analysis at 25 %' });

  it('says which step, which criterion failed against its threshold, and what serves now', () => {
    expect(storyOf(automatic)).toEqual([
      'deploy-production (canary) rolled back automatically in production at stage 2; analysis failed: error_rate 31 % > 1 % over 412 requests (router); canary aborted by analysis at 25 %; weight 0 %: sha256:aaaaaaaaaaaa… (stable) serves everything',
    ]);
    expect(slackOf(automatic)).toMatchObject({ title: 'shop ❌ failed (rolled back in production)', details: storyOf(automatic) });
  });

  it('pages an automatic rollback in a paging environment once, in the same words, with the analysis', () => {
    const pages = pagesOf(automatic);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ action: 'trigger', dedupKey: 'jetway/shop/production', severity: 'error', class: 'deploy-rolled-back' });
    expect(pages[0]?.summary).toBe(`Jetway run of shop: ${storyOf(automatic)[0]}`);
    expect(pages[0]?.customDetails).toMatchObject({ analysis, what_happened: [storyOf(automatic)[0]] });
  });

  it('does not page a rollback in an environment that does not page', () => {
    const staging = finished('failed', [canaryStep({ step_id: 'deploy-staging', environment: 'staging' })]);
    expect(pagesOf(staging)).toEqual([]);
    expect(slackOf(staging)?.details[0]).toMatch(/^deploy-staging \(canary\) rolled back automatically in staging/);
  });

  it('tells an operator’s abort and a cancel on Slack, and pages nobody for what a person stopped', () => {
    const aborted = finished('failed', [canaryStep({ aborted_by: 'alice', reason: 'aborted by alice: p99 too high', rollout: undefined })]);
    expect(slackOf(aborted)?.details).toEqual(['deploy-production was aborted by alice and rolled back in production; aborted by alice: p99 too high; the previous release still serves']);
    expect(pagesOf(aborted)).toEqual([]);
    const cancelled = finished('rejected', [canaryStep({ aborted_by: 'alice' })], { reason: 'cancelled by alice: wrong branch', cancelled_by: 'alice' });
    expect(slackOf(cancelled)).toMatchObject({ outcome: 'rejected', reason: 'cancelled by alice: wrong branch' });
    expect(pagesOf(cancelled)).toEqual([]);
  });

  it('resolves the incident when the next release of that application and environment succeeds, saying what serves', () => {
    const next = finished('succeeded', [{ step_id: 'deploy-production', kind: 'deploy', environment: 'production', outcome: 'succeeded', release: { digest: CANARY, url: URL, replaced_digest: STABLE }, rollout: { strategy: 'canary', phase: 'completed', weight: 100, message: 'promoted' } }], {
      run_id: NEXT_RUN,
      urls: { production: URL },
    });
    const [resolve] = pagesOf(next);
    expect(resolve).toMatchObject({ action: 'resolve', dedupKey: pagesOf(automatic)[0]?.dedupKey });
    expect(slackOf(next)?.details).toEqual(['sha256:cccccccccccc… serves production (canary), replacing sha256:aaaaaaaaaaaa…']);
  });

  it('notifies a rollback run: who rolled what back where, what serves again; a failed one pages', () => {
    const rollbackStep: Step = { step_id: 'rollback', kind: 'rollback', environment: 'production', outcome: 'succeeded', release: { digest: STABLE, url: URL, replaced_digest: CANARY } };
    const done = finished('succeeded', [rollbackStep, { step_id: 'verify-production', kind: 'verify', environment: 'production', outcome: 'succeeded' }], {
      kind: 'rollback',
      requested_by: 'alice',
      urls: { production: URL },
    });
    expect(slackOf(done)).toMatchObject({ title: 'shop rollback in production ✅ succeeded', details: ['alice rolled shop back in production: sha256:aaaaaaaaaaaa… serves again (replacing sha256:cccccccccccc…)'] });
    expect(pagesOf(done).map((p) => [p.action, p.dedupKey])).toEqual([['resolve', 'jetway/shop/production']]);

    const failed = finished('failed', [{ ...rollbackStep, outcome: 'failed', release: undefined, reason: 'no previous release is installed' }], { kind: 'rollback', requested_by: 'alice', reason: 'step rollback failed: no previous release is installed' });
    expect(slackOf(failed)?.details).toEqual(['alice asked to roll shop back in production: rollback failed in production; no previous release is installed']);
    expect(pagesOf(failed).map((p) => [p.action, p.dedupKey, p.class])).toEqual([['trigger', 'jetway/shop/production', 'pipeline-run-failed']]);
  });
});
