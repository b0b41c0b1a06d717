import { sampleRequest } from '../../testing/sample-request';
import { deployDeadlineSeconds, planDeployment } from './plan';

describe('planDeployment', () => {
  it('builds, scans, then per environment deploys, verifies and monitors, with approval before production', () => {
    const steps = planDeployment(sampleRequest({ target_environments: ['production', 'staging'] }));
    expect(steps.map((s) => `${s.step_id}<-${s.depends_on.join(',')}`)).toEqual([
      'build<-',
      'scan<-build',
      'deploy-staging<-scan',
      'verify-staging<-deploy-staging',
      'monitor-staging<-verify-staging',
      'approve-production<-verify-staging',
      'deploy-production<-approve-production',
      'verify-production<-deploy-production',
      'monitor-production<-verify-production',
    ]);
  });

  it('takes deadlines from the request', () => {
    const steps = planDeployment(sampleRequest({ target_environments: ['staging'], deadlines: { build: 5 } }));
    expect(steps.find((s) => s.step_id === 'build')?.deadline_seconds).toBe(5);
    expect(steps.find((s) => s.step_id === 'scan')?.deadline_seconds).toBe(300);
  });

  it('gives a progressive deploy the time its rollout waits by design, and the approval deadline where it pauses for a person', () => {
    const canary = (points: string[]) =>
      sampleRequest({
        deployment_strategy: 'canary',
        rollout: { canary: { steps: [{ weight: 20, duration_seconds: 8 }, { weight: 50, duration_seconds: 30 }, { weight: 100, duration_seconds: 0 }], manual_approval_points: points } },
      });
    expect(deployDeadlineSeconds(canary([]))).toBe(300 + 38);
    expect(deployDeadlineSeconds(canary(['50%']))).toBe(300 + 38 + 86_400);
    expect(deployDeadlineSeconds(sampleRequest({ deployment_strategy: 'blue_green', rollout: { blue_green: { auto_promote_seconds: 60 } } }))).toBe(360);
    expect(deployDeadlineSeconds(sampleRequest({ deployment_strategy: 'blue_green', rollout: { blue_green: { auto_promote: false } } }))).toBe(300 + 86_400);
    expect(deployDeadlineSeconds(sampleRequest({ deadlines: { deploy: 90 } }))).toBe(90);
    const staging = planDeployment(canary([])).find((s) => s.step_id === 'deploy-staging');
    expect(staging?.deadline_seconds).toBe(338);
  });
});
