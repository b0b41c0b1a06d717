import { findStackBinary, missingStackPackages, MissingStackBinaryError, startStackProcesses } from './stack-processes';

describe('the stack launcher', () => {
  it('finds the Debian packages’ binaries on this machine (the int-specs need them: apt-get install prometheus prometheus-alertmanager prometheus-blackbox-exporter)', () => {
    expect(missingStackPackages()).toEqual([]);
    expect(findStackBinary('alertmanager')).toMatch(/prometheus-alertmanager$/);
  });

  it('refuses to start when a server is missing, naming the Debian package that installs it', async () => {
    const start = startStackProcesses({
      stackDir: '/nonexistent/stack',
      dataDir: '/nonexistent/data',
      ports: { prometheus: 1, alertmanager: 2, blackbox: 3 },
      binaries: { alertmanager: '/nonexistent/alertmanager', blackbox: '/nonexistent/blackbox' },
    });
    await expect(start).rejects.toThrow(MissingStackBinaryError);
    await expect(start).rejects.toThrow(
      'the monitoring stack needs prometheus-alertmanager, prometheus-blackbox-exporter: install with sudo apt-get install prometheus-alertmanager prometheus-blackbox-exporter',
    );
  });
});
