import { DASHBOARD_UID } from './bundle.types';

describe('dashboard uids', () => {
  it('name their setup, so one Grafana holds hello-staging’s and hello-production’s apart', () => {
    expect(DASHBOARD_UID.red('hello-staging', 'hello')).toBe('jw-red-hello-staging-hello');
    expect(DASHBOARD_UID.red('hello-production', 'hello')).not.toBe(DASHBOARD_UID.red('hello-staging', 'hello'));
  });

  it('fit Grafana’s 40 characters and stay apart when long names share a start', () => {
    const a = DASHBOARD_UID.red('payments-platform-production', 'checkout-api');
    const b = DASHBOARD_UID.red('payments-platform-production', 'checkout-worker');
    expect(a).toHaveLength(40);
    expect(b).toHaveLength(40);
    expect(a).not.toBe(b);
    expect(a.slice(0, 33)).toBe(b.slice(0, 33));
  });
});
