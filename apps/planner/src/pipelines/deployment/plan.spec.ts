import { sampleRequest } from '../../testing/sample-request';
import { planDeployment } from './plan';

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
});
