import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { renderStackConfigs, writeStackConfigs } from './stack-files';
import { STACK_CONFIGS } from './stack-layout';
import { StackMergeError } from './stack.errors';
import { testBundle } from './stack.testing';
import type { BundleFile } from '../../setup/bundle.types';

// The merged stack configs are checked by the servers' own tools, then read for what can go wrong.
const TOOLS = {
  promtool: { path: '/usr/bin/promtool', pkg: 'prometheus' },
  amtool: { path: '/usr/bin/amtool', pkg: 'prometheus-alertmanager' },
  'prometheus-blackbox-exporter': { path: '/usr/bin/prometheus-blackbox-exporter', pkg: 'prometheus-blackbox-exporter' },
};

async function tool(name: keyof typeof TOOLS, ...args: string[]): Promise<{ code: number; output: string }> {
  const { path, pkg } = TOOLS[name];
  if (!existsSync(path)) throw new Error(`${name} not found: install it with apt-get install ${pkg}`);
  try {
    const { stdout, stderr } = await promisify(execFile)(path, args);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the stack configs merged from several setups', () => {
  let stackDir: string;
  const base = { alertmanager: '127.0.0.1:9093', jetwayTargets: ['127.0.0.1:4000'], evaluationInterval: '15s' };

  async function place(setup: string, files: readonly BundleFile[]): Promise<void> {
    for (const file of files) {
      const path = join(stackDir, 'setups', setup, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
  }

  beforeEach(async () => {
    stackDir = await mkdtemp(join(tmpdir(), 'jetway-stack-merge-'));
    await place('shop', testBundle('shop', { targets: ['127.0.0.1:5001'], webhook: 'http://127.0.0.1:7000/ingress/shop' }));
    await place('billing', testBundle('billing', { targets: ['127.0.0.1:5002'], webhook: 'http://127.0.0.1:7000/ingress/billing' }));
  });
  afterEach(() => rm(stackDir, { recursive: true, force: true }));

  it('pass promtool, amtool and the blackbox exporter’s own check', async () => {
    await writeStackConfigs(stackDir, await renderStackConfigs(stackDir, base));
    const prometheus = await tool('promtool', 'check', 'config', join(stackDir, STACK_CONFIGS.prometheus));
    expect(prometheus.output).toContain('2 rule files found');
    expect(prometheus).toMatchObject({ code: 0 });
    await expect(tool('amtool', 'check-config', join(stackDir, STACK_CONFIGS.alertmanager))).resolves.toMatchObject({ code: 0 });
    const blackbox = await tool('prometheus-blackbox-exporter', '--config.check', `--config.file=${join(stackDir, STACK_CONFIGS.blackbox)}`);
    expect(blackbox).toMatchObject({ code: 0 });
  });

  it('keeps loading the stack’s own rule files (Jetway’s, in compose) before every setup’s', async () => {
    const config = parse((await renderStackConfigs(stackDir, { ...base, ruleFiles: ['/etc/prometheus/rules/*.rules.yml'] })).prometheus) as { rule_files: string[] };
    expect(config.rule_files[0]).toBe('/etc/prometheus/rules/*.rules.yml');
    expect(config.rule_files.slice(1).every((file) => file.startsWith('../setups/'))).toBe(true);
    expect(config.rule_files.length).toBeGreaterThan(2);
  });

  it('Prometheus: Jetway’s own job, then each setup’s jobs under `<setup>/<job>`, keeping `job` and adding `setup`', async () => {
    const config = parse((await renderStackConfigs(stackDir, base)).prometheus) as Record<string, unknown[]> & { global: Record<string, string> };
    expect(config['scrape_configs']).toEqual([
      { job_name: 'jetway', static_configs: [{ targets: ['127.0.0.1:4000'] }] },
      expect.objectContaining({ job_name: 'billing/api', file_sd_configs: [{ files: ['../setups/billing/prometheus/targets/api.json'] }] }),
      expect.objectContaining({
        job_name: 'shop/api',
        scrape_interval: '1s',
        scrape_timeout: '900ms',
        relabel_configs: [{ target_label: 'job', replacement: 'api' }, { target_label: 'setup', replacement: 'shop' }],
      }),
    ]);
    expect(config['rule_files']).toEqual(['../setups/billing/prometheus/rules/availability.yml', '../setups/shop/prometheus/rules/availability.yml']);
    // The shortest evaluation interval any setup asks for wins (the setups ask 1s, the base 15s).
    expect(config.global).toEqual({ scrape_interval: '15s', evaluation_interval: '1s' });
  });

  it('Alertmanager: a child route per setup, its receivers renamed, its inhibition rules scoped to it', async () => {
    const config = parse((await renderStackConfigs(stackDir, base)).alertmanager) as {
      route: { receiver: string; routes: Record<string, unknown>[] };
      receivers: { name: string; webhook_configs?: { url: string }[] }[];
      inhibit_rules: Record<string, string[]>[];
    };
    expect(config.route.receiver).toBe('jetway-unrouted');
    expect(config.route.routes).toEqual([
      expect.objectContaining({ receiver: 'billing/webhook', matchers: ['setup="billing"'], continue: false, group_wait: '1s' }),
      expect.objectContaining({ receiver: 'shop/webhook', matchers: ['setup="shop"'], continue: false }),
    ]);
    expect(config.receivers.map((r) => [r.name, r.webhook_configs?.[0]?.url])).toEqual([
      ['jetway-unrouted', undefined],
      ['billing/webhook', 'http://127.0.0.1:7000/ingress/billing/webhook'],
      ['shop/webhook', 'http://127.0.0.1:7000/ingress/shop/webhook'],
    ]);
    expect(config.inhibit_rules[1]).toEqual({
      source_matchers: ['severity="page"', 'setup="shop"'],
      target_matchers: ['severity="ticket"', 'setup="shop"'],
      equal: ['service'],
    });
  });

  it('a differing Alertmanager global or blackbox module is refused, naming the file, the key and the other setup', async () => {
    await place('clash', [
      { path: 'alertmanager/alertmanager.yml', content: 'global: { resolve_timeout: 1m }\nroute: { receiver: r }\nreceivers: [{ name: r }]\n' },
    ]);
    await place('shop', [{ path: 'alertmanager/alertmanager.yml', content: 'global: { resolve_timeout: 5m }\nroute: { receiver: r }\nreceivers: [{ name: r }]\n' }]);
    await expect(renderStackConfigs(stackDir, base)).rejects.toThrow(new StackMergeError('setups/shop/alertmanager/alertmanager.yml: global resolve_timeout differs from setup clash\'s; the stack\'s Alertmanager has one global section'));

    await rm(join(stackDir, 'setups', 'clash'), { recursive: true });
    await place('other', [{ path: 'blackbox/blackbox.yml', content: 'modules: { http_2xx: { prober: http, timeout: 9s } }\n' }]);
    await expect(renderStackConfigs(stackDir, base)).rejects.toThrow(/setups\/other\/blackbox\/blackbox.yml: module http_2xx differs from setup billing's/);
  });

  it('a job without a name is refused naming the file', async () => {
    await place('broken', [{ path: 'prometheus/prometheus.yml', content: 'scrape_configs: [{ static_configs: [{ targets: [a:1] }] }]\n' }]);
    await expect(renderStackConfigs(stackDir, base)).rejects.toThrow('setups/broken/prometheus/prometheus.yml scrape_configs[0]: job_name is missing');
  });
});
