import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMonitoringStack, type StackLaunch } from './monitoring-stack';

// The fixture's own contract, with a launcher that starts nothing: the real servers are started
// by the monitor-configurator's int-specs, through this fixture and the production launcher.
describe('startMonitoringStack', () => {
  it('hands the launcher empty directories and three distinct free ports, and removes the directories on stop', async () => {
    const seen: StackLaunch[] = [];
    let stopped = 0;
    const fixture = await startMonitoringStack(async (launch) => {
      seen.push(launch);
      writeFileSync(join(launch.stackDir, 'marker'), 'x');
      const urls = { prometheus: `http://127.0.0.1:${launch.ports.prometheus}`, alertmanager: 'a', blackbox: 'b' };
      return { urls, stop: async () => void stopped++ };
    });
    const [launch] = seen;
    expect(launch).toBeDefined();
    expect(new Set(Object.values(launch?.ports ?? {})).size).toBe(3);
    expect(readdirSync(fixture.stackDir)).toEqual(['marker']);
    expect(fixture.urls.prometheus).toBe(`http://127.0.0.1:${launch?.ports.prometheus}`);
    await fixture.stop();
    expect(stopped).toBe(1);
    expect(existsSync(fixture.stackDir)).toBe(false);
    expect(existsSync(launch?.dataDir ?? '')).toBe(false);
  });

  it('passes a launch failure on and leaves no directory behind', async () => {
    let dir = '';
    const failing = startMonitoringStack(async (launch) => {
      dir = launch.stackDir;
      throw new Error('the monitoring stack needs prometheus: install with sudo apt-get install prometheus');
    });
    await expect(failing).rejects.toThrow('apt-get install prometheus');
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
  });

  it('removes the directories even when stopping the servers fails', async () => {
    const fixture = await startMonitoringStack(async () => ({
      urls: { prometheus: 'p', alertmanager: 'a', blackbox: 'b' },
      stop: async () => {
        throw new Error('prometheus would not stop');
      },
    }));
    await expect(fixture.stop()).rejects.toThrow('would not stop');
    expect(existsSync(fixture.stackDir)).toBe(false);
  });
});
