import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type MonitoringStackFixture } from '@jetway/testing';
import { parse } from 'yaml';
import { MonitoringStackDriver } from './monitoring-stack.driver';
import { StackApplyError, StackMergeError, StackVerifyError } from './stack.errors';
import type { StackProcesses } from './stack-processes';
import { startMetricsServer, startTestStack, testBundle } from './stack.testing';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

describe('MonitoringStackDriver on a real Prometheus, Alertmanager and blackbox exporter', () => {
  let fixture: MonitoringStackFixture<StackProcesses>;
  let target: Awaited<ReturnType<typeof startMetricsServer>>;
  let driver: MonitoringStackDriver;

  beforeAll(async () => {
    fixture = await startTestStack();
    target = await startMetricsServer();
    driver = new MonitoringStackDriver({ stackDir: fixture.stackDir, urls: fixture.urls, base: fixture.stack.base, logs: fixture.stack });
  }, 60_000);

  afterAll(async () => {
    await fixture?.stop();
    await target?.close();
  });

  it('applies a setup whose target is up; verify finds it up, its rule group loaded and the config Alertmanager reports', async () => {
    const applied = await driver.apply('shop', testBundle('shop', { targets: [target.hostPort] }), digest(1));
    expect(applied.reloaded).toEqual(['blackbox', 'alertmanager', 'prometheus']);
    expect(applied.files).toEqual(expect.arrayContaining(['setups/shop/prometheus/rules/availability.yml', 'prometheus/prometheus.yml', 'alertmanager/alertmanager.yml']));
    expect(applied.previousDigest).toBeUndefined();

    const verified = await driver.verify('shop', 30_000);
    const status = await json<{ config: { original: string } }>(`${fixture.urls.alertmanager}/api/v2/status`);
    const amHash = createHash('sha256').update(status.config.original).digest('hex');
    expect(verified).toEqual({ targetsUp: 1, targetsTotal: 1, ruleGroupsLoaded: 1, rulesLoaded: 2, alertmanagerConfigHash: amHash });
    expect(applied.alertmanagerConfigHash).toBe(amHash);

    // The series keep the job name the setup's rules were written for, and carry the setup.
    const up = await json<{ data: { result: { metric: Record<string, string> }[] } }>(`${fixture.urls.prometheus}/api/v1/query?query=up{setup="shop"}`);
    expect(up.data.result.map((r) => r.metric)).toEqual([expect.objectContaining({ job: 'api', service: 'api', setup: 'shop', instance: target.hostPort })]);
  });

  it('applies a second setup beside the first: both setups’ jobs scraped, each routed by its setup', async () => {
    await driver.apply('billing', testBundle('billing', { targets: [target.hostPort] }), digest(2));
    const config = parse((await json<{ data: { yaml: string } }>(`${fixture.urls.prometheus}/api/v1/status/config`)).data.yaml) as { scrape_configs: { job_name: string }[] };
    expect(config.scrape_configs.map((job) => job.job_name).sort()).toEqual(['billing/api', 'shop/api']);
    const am = parse((await json<{ config: { original: string } }>(`${fixture.urls.alertmanager}/api/v2/status`)).config.original) as {
      route: { routes: { receiver: string; matchers: string[] }[] };
    };
    expect(am.route.routes.map((route) => [route.receiver, route.matchers])).toEqual([
      ['billing/webhook', ['setup="billing"']],
      ['shop/webhook', ['setup="shop"']],
    ]);
    await expect(driver.verify('billing', 30_000)).resolves.toMatchObject({ targetsUp: 1, ruleGroupsLoaded: 1 });
    await expect(driver.verify('shop', 30_000)).resolves.toMatchObject({ targetsUp: 1, ruleGroupsLoaded: 1 });
  });

  it('a rule file Prometheus refuses: the apply fails with its words, the previous files are back and still loaded', async () => {
    const rulesPath = join(fixture.stackDir, 'setups/shop/prometheus/rules/availability.yml');
    const rulesBefore = readFileSync(rulesPath, 'utf8');
    const broken = testBundle('shop', { targets: [target.hostPort], alertExpr: 'up ==', group: 'shop-broken' });

    const failure = await driver.apply('shop', broken, digest(3)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StackApplyError);
    expect(failure).toMatchObject({ server: 'prometheus', restored: true });
    expect((failure as Error).message).toMatch(/prometheus refused the new configuration \(HTTP 500\): failed to reload config/);
    expect((failure as Error).message).toMatch(/group "shop-broken", rule 2, "ServiceDown": could not parse expression/);

    expect(readFileSync(rulesPath, 'utf8')).toBe(rulesBefore);
    const groups = (await json<{ data: { groups: { name: string }[] } }>(`${fixture.urls.prometheus}/api/v1/rules`)).data.groups.map((g) => g.name);
    expect(groups.sort()).toEqual(['billing-availability', 'shop-availability']);
    await expect(driver.verify('shop', 30_000)).resolves.toMatchObject({ targetsUp: 1, ruleGroupsLoaded: 1, rulesLoaded: 2 });

    // The refused bundle never counted as applied: the next apply replaces the first one's digest.
    const again = await driver.apply('shop', testBundle('shop', { targets: [target.hostPort] }), digest(4));
    expect(again.previousDigest).toBe(digest(1));
  });

  it('an Alertmanager config it refuses: the apply fails with its words, and it still runs the config verify expects', async () => {
    const hashBefore = (await driver.verify('shop', 30_000)).alertmanagerConfigHash;
    const bundle = testBundle('shop', { targets: [target.hostPort] }).map((file) =>
      file.path === 'alertmanager/alertmanager.yml' ? { ...file, content: 'route: { receiver: webhook, routes: [{ receiver: nobody }] }\nreceivers: [{ name: webhook }]\n' } : file,
    );
    const failure = await driver.apply('shop', bundle, digest(7)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'StackApplyError', server: 'alertmanager', restored: true });
    expect((failure as Error).message).toMatch(/alertmanager refused the new configuration \(HTTP 500\): failed to reload config: undefined receiver "shop\/nobody" used in route/);
    await expect(driver.verify('shop', 30_000)).resolves.toMatchObject({ alertmanagerConfigHash: hashBefore, ruleGroupsLoaded: 1 });
  });

  it('a target that is down: verify fails naming it and why it is down', async () => {
    const closed = await freePort();
    await driver.apply('orders', testBundle('orders', { targets: [`127.0.0.1:${closed}`] }), digest(5));
    const failure = await driver.verify('orders', 8_000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StackVerifyError);
    expect((failure as StackVerifyError).problems).toEqual([expect.stringMatching(new RegExp(`^target 127\\.0\\.0\\.1:${closed} of job orders/api is down: .*connection refused`))]);
  });

  it('a setup never applied is not verified', async () => {
    await expect(driver.verify('nowhere', 1_000)).rejects.toThrow('setup nowhere has not been applied to this stack');
  });

  it('a clash with another setup is refused before anything is reloaded', async () => {
    const bundle = testBundle('clash', { targets: [target.hostPort] }).map((file) =>
      file.path === 'blackbox/blackbox.yml' ? { ...file, content: 'modules: { http_2xx: { prober: tcp } }\n' } : file,
    );
    const configBefore = readFileSync(join(fixture.stackDir, 'prometheus/prometheus.yml'), 'utf8');
    await expect(driver.apply('clash', bundle, digest(6))).rejects.toThrow(StackMergeError);
    await expect(driver.apply('clash', bundle, digest(6))).rejects.toThrow(/module http_2xx differs from setup billing/);
    expect(readFileSync(join(fixture.stackDir, 'prometheus/prometheus.yml'), 'utf8')).toBe(configBefore);
  });
});
