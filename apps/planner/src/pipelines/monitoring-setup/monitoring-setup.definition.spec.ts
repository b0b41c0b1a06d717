import { MonitoringSetupRequest } from '@jetway/contracts';
import { applyFinished, createRun, markTriggered } from '../../domain/progress';
import { findStep, type RunState, type StepState } from '../../domain/run-state';
import { definitionOf, type RunOf } from '..';
import { monitoringSetupPipeline } from './monitoring-setup.definition';

const RUN_ID = '01J0000000000000000000000M';
const BUNDLE = `sha256:${'3'.repeat(64)}`;
const request = (extra: Record<string, unknown> = {}) =>
  MonitoringSetupRequest.parse({
    kind: 'monitoring_setup',
    idempotency_key: 'monitoring-0001',
    name: 'shop-monitoring',
    infrastructure_inventory: { containers: [{ name: 'shop', team: 'payments', targets: ['127.0.0.1:9000'] }] },
    monitoring_stack: 'prometheus_grafana',
    alerting_channels: [{ name: 'oncall', type: 'pagerduty', config: { routing_key_file: '/etc/pd' } }],
    ...extra,
  });
const chain = (steps: { step_id: string; kind: string; depends_on: string[] }[]) => steps.map((s) => `${s.step_id}:${s.kind}<-${s.depends_on.join(',')}`);

function finished(run: RunState, stepId: string, outputs: Record<string, unknown>): RunOf<'monitoring_setup'> {
  // A step finishes only once set off: mark it triggered first, as the coordinator would have.
  const step = findStep(run, stepId) as StepState;
  const set = step.status === 'pending' ? markTriggered(run, step, '2026-11-30T00:00:00Z') : run;
  return applyFinished(set, { step_id: stepId, attempt: 1, outcome: 'succeeded', outputs }, '2026-11-30T00:00:01Z') as RunOf<'monitoring_setup'>;
}

describe('the monitoring_setup pipeline definition', () => {
  it('plans generate → validate → apply → verify, with an approval before apply when approvers are named', () => {
    expect(chain(monitoringSetupPipeline.plan(request()))).toEqual([
      'generate:monitoring-generate<-',
      'validate:monitoring-validate<-generate',
      'apply:monitoring-apply<-validate',
      'verify:monitoring-verify<-apply',
    ]);
    const gated = chain(monitoringSetupPipeline.plan(request({ approval: { approvers: ['alice'] } })));
    expect(gated).toContain('approve-apply:approval<-validate');
    expect(gated).toContain('apply:monitoring-apply<-approve-apply');
  });

  it('stops after validate for a stack Jetway only writes files for', () => {
    expect(chain(monitoringSetupPipeline.plan(request({ monitoring_stack: 'datadog', approval: { approvers: ['alice'] } })))).toEqual([
      'generate:monitoring-generate<-',
      'validate:monitoring-validate<-generate',
    ]);
  });

  it('gives generate the request and every later step the bundle digest', () => {
    let run = createRun({ runId: RUN_ID, request: request(), now: '2026-11-30T00:00:00Z' }) as RunOf<'monitoring_setup'>;
    expect(run.application).toBe('shop-monitoring');
    const step = (id: string) => run.steps.find((s) => s.step_id === id)!;
    expect(monitoringSetupPipeline.trigger(run, step('generate')).payload).toMatchObject({
      name: 'shop-monitoring',
      delivery: 'jetway',
      sla_requirements: { availability: 99.9 },
      infrastructure_inventory: { containers: [expect.objectContaining({ name: 'shop' })] },
    });
    expect(() => monitoringSetupPipeline.trigger(run, step('validate'))).toThrow('missing the bundle digest');
    run = finished(run, 'generate', { digest: BUNDLE, files: [], generate_only: false });
    expect(monitoringSetupPipeline.trigger(run, step('validate'))).toMatchObject({ subject: 'jetway.step.monitoring-validate.triggered.v1', payload: { digest: BUNDLE, monitoring_stack: 'prometheus_grafana' } });
    expect(monitoringSetupPipeline.trigger(run, step('apply')).payload).toMatchObject({ digest: BUNDLE, name: 'shop-monitoring' });
    run = finished(run, 'apply', { files: [], reloaded: ['prometheus'], urls: { prometheus: 'http://127.0.0.1:9090/' } });
    expect(definitionOf(run.request).summary(run as never)).toEqual({ digest: BUNDLE, urls: { prometheus: 'http://127.0.0.1:9090/' } });
  });

  it('asks the approvers with the bundle digest', () => {
    const run = markTriggered(finished(createRun({ runId: RUN_ID, request: request({ approval: { approvers: ['alice'] } }), now: 'now' }), 'generate', { digest: BUNDLE }), { step_id: 'validate' } as never, 'now');
    const approval = run.steps.find((s) => s.step_id === 'approve-apply')!;
    expect(monitoringSetupPipeline.trigger(run as RunOf<'monitoring_setup'>, approval)).toMatchObject({ subject: 'jetway.approval.requested.v1', payload: { digest: BUNDLE, approvers: ['alice'], application: 'shop-monitoring' } });
  });
});
