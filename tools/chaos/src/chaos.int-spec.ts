import { runChaos } from './chaos';
import { renderReport, violations } from './report';

/**
 * The short chaos run `npm test` includes: six service processes on one nats-server, each
 * service and the broker itself SIGKILLed in turn while pipelines run. `npm run chaos` is the
 * long version (random victims, a 3-node cluster too).
 */
describe('chaos (short)', () => {
  it('finishes every run as it should, with each effect exactly once, through kills of every service and the broker', async () => {
    const lines: string[] = [];
    const report = await runChaos({
      runs: 6,
      publishOverMs: 8_000,
      killEveryMs: 2_000,
      killForMs: 20_000,
      settleMs: 120_000,
      broker: 'single',
      brokerFaults: true,
      seed: 1,
      order: ['deployer', 'planner', 'nats-server', 'builder', 'scanner', 'notifier', 'monitor-configurator', 'deployer'],
      log: (line) => lines.push(line),
    });
    const table = renderReport(report);
    expect({ violations: violations(report), table }).toEqual({ violations: [], table });
    expect(report.kills['deployer']).toBeGreaterThanOrEqual(1);
    expect(report.kills['nats-server']).toBe(1);
    expect(report.processes).toMatchObject({ expected: 12, actual: 12, repeated: 0 }); // 2 healthy × 2 envs × 2 replicas + 2 broken × 2
    expect(report.slack).toMatchObject({ expected: 6, actual: 6, repeated: 0 });
    expect(report.pagerduty).toMatchObject({ expected: 4, actual: 4, repeated: 0 }); // 2 healthy × 2 resolves; staging failures page nobody
    process.stdout.write(`${table}\n`);
  });
});
