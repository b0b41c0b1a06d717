import { CiCdSetupRequest } from '@jetway/contracts';
import { createRun, applyFinished, markTriggered } from '../../domain/progress';
import { findStep, type RunState, type StepState } from '../../domain/run-state';
import { definitionOf, type RunOf } from '..';
import { ciCdSetupPipeline } from './ci-cd-setup.definition';

const RUN_ID = '01J0000000000000000000000B';
const SOURCE = `sha256:${'1'.repeat(64)}`;
const BUNDLE = `sha256:${'2'.repeat(64)}`;
const request = (extra: Record<string, unknown> = {}) =>
  CiCdSetupRequest.parse({ kind: 'ci_cd_setup', idempotency_key: 'ci-setup-0001', project_path: '/srv/repos/My Shop', ci_platform: 'github_actions', project_type: 'api', ...extra });
const analysis = { languages: [{ name: 'javascript', files: 3 }], components: [], dockerfiles: [], existing_ci: [], notes: [] };
const commands = [{ component: '.', install: 'npm ci', test: 'npm test' }];

function finished(run: RunState, stepId: string, outputs: Record<string, unknown>): RunState {
  // A step finishes only once set off: mark it triggered first, as the coordinator would have.
  const step = findStep(run, stepId) as StepState;
  const set = step.status === 'pending' ? markTriggered(run, step, '2026-11-30T00:00:00Z') : run;
  return applyFinished(set, { step_id: stepId, attempt: 1, outcome: 'succeeded', outputs }, '2026-11-30T00:00:01Z');
}

describe('the ci_cd_setup pipeline definition', () => {
  it('plans analyze → generate → scan → validate → prove → publish, with an approval when approvers are named', () => {
    const chain = (steps: { step_id: string; depends_on: string[] }[]) => steps.map((s) => `${s.step_id}<-${s.depends_on.join(',')}`);
    expect(chain(ciCdSetupPipeline.plan(request()))).toEqual(['analyze<-', 'generate<-analyze', 'scan<-generate', 'validate<-scan', 'prove<-validate', 'publish<-prove']);
    expect(chain(ciCdSetupPipeline.plan(request({ approval: { approvers: ['alice'] } })))).toContain('approve-publish<-prove');
    expect(chain(ciCdSetupPipeline.plan(request({ approval: { approvers: ['alice'] } })))).toContain('publish<-approve-publish');
  });

  it('feeds each trigger from the outputs of the steps before it', () => {
    let run = createRun({ runId: RUN_ID, request: request({ ci_platform: ['gitlab_ci', 'jenkins'] }), now: '2026-11-30T00:00:00Z' }) as RunOf<'ci_cd_setup'>;
    expect(run.application).toBe('my-shop');
    run = finished(run, 'analyze', { analysis, source_digest: SOURCE, commit: 'a'.repeat(40) }) as RunOf<'ci_cd_setup'>;
    run = finished(run, 'generate', { digest: BUNDLE, files: [{ path: '.gitlab-ci.yml', sha256: 'x' }], commands }) as RunOf<'ci_cd_setup'>;
    const step = (id: string) => run.steps.find((s) => s.step_id === id)!;
    expect(ciCdSetupPipeline.trigger(run, step('generate')).payload).toMatchObject({ source_digest: SOURCE, analysis, platforms: ['gitlab_ci', 'jenkins'] });
    expect(ciCdSetupPipeline.trigger(run, step('scan')).payload).toMatchObject({ digest: BUNDLE, fail_on_severity: 'high' });
    expect(ciCdSetupPipeline.trigger(run, step('prove')).payload).toMatchObject({ source_digest: SOURCE, bundle_digest: BUNDLE, commands, coverage_threshold: 80 });
    expect(ciCdSetupPipeline.trigger(run, step('publish')).payload).toMatchObject({
      project: { path: '/srv/repos/My Shop' },
      bundle_digest: BUNDLE,
      base_commit: 'a'.repeat(40),
      branch: `jetway/ci-setup-${RUN_ID}`,
    });
    expect(definitionOf(run.request).summary(run as never)).toEqual({ digest: BUNDLE, urls: {} });
  });

  it('carries the infrastructure block to generate, resolved: the targets’ environments in promotion order, the requester as owner', () => {
    const targets = [{ environment: 'production', platform: 'ecs' }, { environment: 'staging', platform: 'ecs' }];
    const trigger = (extra: Record<string, unknown>) => {
      const run = finished(createRun({ runId: RUN_ID, request: request({ deployment_targets: targets, ...extra }), now: 'now' }), 'analyze', { analysis, source_digest: SOURCE }) as RunOf<'ci_cd_setup'>;
      return ciCdSetupPipeline.trigger(run, run.steps.find((s) => s.step_id === 'generate')!).payload as Record<string, unknown>;
    };
    expect(trigger({ requested_by: 'alice', infrastructure: { cloud_provider: 'azure', ci_runners: { count: 3 } } })['infrastructure']).toEqual({
      cloud_provider: 'azure', ci_runners: { count: 3 }, artifact_storage: { retention_days: 30 }, container_registries: true, deployment_environments: ['staging', 'production'], owner: 'alice',
    });
    expect(trigger({})).not.toHaveProperty('infrastructure');
  });

  it('says what is missing instead of sending an incomplete trigger', () => {
    const run = markTriggered(createRun({ runId: RUN_ID, request: request(), now: '2026-11-30T00:00:00Z' }), { step_id: 'generate' } as never, 'now');
    expect(() => ciCdSetupPipeline.trigger(run as RunOf<'ci_cd_setup'>, run.steps[1]!)).toThrow('missing source_digest');
  });

  it('publishes nothing unscanned, and wants an absolute project path', async () => {
    const run = finished(createRun({ runId: RUN_ID, request: request(), now: 'now' }), 'generate', { digest: BUNDLE }) as RunOf<'ci_cd_setup'>;
    const publish = run.steps.find((s) => s.step_id === 'publish')!;
    const facts = (verdict: 'pass' | 'fail' | undefined) => ({ scanVerdict: async () => verdict, verified: async () => false });
    expect(await ciCdSetupPipeline.gate(run, publish, facts(undefined))).toBe(`policy no-unscanned-artifact: refusing to publish ${BUNDLE}: it has no scan attestation`);
    expect(await ciCdSetupPipeline.gate(run, publish, facts('fail'))).toMatch(/its scan failed$/);
    expect(await ciCdSetupPipeline.gate(run, publish, facts('pass'))).toBeUndefined();
    expect(ciCdSetupPipeline.check(request({ project_path: 'shop' }))).toMatch(/^project_path: shop is relative/);
  });
});
