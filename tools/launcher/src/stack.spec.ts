import { describeStack, missingLine, stackEnv, type LocalStack } from './stack';

const STACK: LocalStack = {
  urls: { prometheus: 'http://127.0.0.1:9090', alertmanager: 'http://127.0.0.1:9093', blackbox: 'http://127.0.0.1:9115' },
  stackDir: '/state/stack',
  ingressUrl: 'http://127.0.0.1:9099',
  stop: async () => undefined,
};

describe('the local monitoring stack', () => {
  it('says which Debian packages are missing and the exact command that installs them', () => {
    expect(missingLine(['prometheus-alertmanager'])).toBe(
      'not started: prometheus-alertmanager is not installed (sudo apt-get install prometheus-alertmanager); the mesh runs without a monitoring stack',
    );
    expect(missingLine(['prometheus', 'prometheus-blackbox-exporter'])).toMatch(/prometheus, prometheus-blackbox-exporter are not installed \(sudo apt-get install prometheus prometheus-blackbox-exporter\)/);
  });

  it("hands the monitor-configurator all three URLs, Jetway's targets and the fixed ingress port, as its config reads them", () => {
    expect(stackEnv('/state', 9099, STACK, ['127.0.0.1:9461', '127.0.0.1:9462'])).toEqual({
      JETWAY_STACK_DIR: '/state/stack',
      JETWAY_ALERT_INGRESS_HOST: '127.0.0.1',
      JETWAY_ALERT_INGRESS_PORT: '9099',
      JETWAY_GRAFANA_URL: 'http://localhost:3000',
      JETWAY_PROMETHEUS_URL: 'http://127.0.0.1:9090',
      JETWAY_ALERTMANAGER_URL: 'http://127.0.0.1:9093',
      JETWAY_BLACKBOX_URL: 'http://127.0.0.1:9115',
      JETWAY_STACK_JETWAY_TARGETS: '127.0.0.1:9461,127.0.0.1:9462',
    });
  });

  it('without a stack names none of its servers (the config wants all three or none), the ingress port still fixed', () => {
    const env = stackEnv('/state', 9100, undefined, ['127.0.0.1:9461']);
    expect(Object.keys(env).filter((key) => /PROMETHEUS|ALERTMANAGER|BLACKBOX|TARGETS/.test(key))).toEqual([]);
    expect(env['JETWAY_ALERT_INGRESS_PORT']).toBe('9100');
  });

  it('prints the servers and where the runbooks are', () => {
    expect(describeStack(STACK)).toBe(
      'Prometheus http://127.0.0.1:9090  Alertmanager http://127.0.0.1:9093  blackbox http://127.0.0.1:9115  runbooks http://127.0.0.1:9099/runbooks/<setup>/index.html',
    );
  });
});
