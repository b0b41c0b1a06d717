import { rm } from 'node:fs/promises';
import type { BundleFile, Check } from '../../bundle.types';
import { twoItemInput, writeBundle } from '../grafana/two-items.testing';
import { alertIntents } from './alert-intents';
import { checkGenerateOnly, generateOnlyFiles } from './generate-only-files';
import type { GenerateOnlyStack } from './generate-only-files';

async function checksOf(stack: GenerateOnlyStack, files: readonly BundleFile[]): Promise<Check[]> {
  const dir = await writeBundle(files);
  try {
    return await checkGenerateOnly(dir, stack);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `files` with the JSON file at `path` changed by `edit`. */
function planted(files: readonly BundleFile[], path: string, edit: (doc: Record<string, unknown>) => void): BundleFile[] {
  return files.map((file) => {
    if (file.path !== path) return file;
    const doc = JSON.parse(file.content) as Record<string, unknown>;
    edit(doc);
    return { path, content: JSON.stringify(doc, null, 2) };
  });
}

const json = (files: readonly BundleFile[], path: string) => JSON.parse(files.find((f) => f.path === path)?.content ?? 'null') as Record<string, unknown>;

describe('alertIntents', () => {
  it('routes each alert by the Alertmanager policy: severity by tier, channels by team', () => {
    const intents = alertIntents(twoItemInput('datadog'));
    expect(intents.map((i) => [i.id, i.severity, i.channels.map((c) => c.name)])).toEqual([
      ['checkout-availability', 'page', ['payments-slack', 'payments-pager']],
      ['checkout-latency', 'page', ['payments-slack', 'payments-pager']],
      ['checkout-error-rate', 'page', ['payments-slack', 'payments-pager']],
      ['search-availability', 'page', ['ops-webhook']],
      ['search-latency', 'ticket', ['ops-webhook', 'ops-email']],
      ['search-error-rate', 'ticket', ['ops-webhook', 'ops-email']],
    ]);
  });

  it('writes nothing for prometheus_grafana, whose files the other generators write', () => {
    expect(generateOnlyFiles(twoItemInput('prometheus_grafana'))).toEqual([]);
  });
});

describe('datadog', () => {
  const files = generateOnlyFiles(twoItemInput('datadog'));

  it('writes a monitor per alert with the routed handles, and a README saying it is generate-only', async () => {
    expect(files.map((f) => f.path)).toContain('datadog/README.md');
    expect(files.find((f) => f.path === 'datadog/README.md')?.content).toContain('generated only');
    const availability = json(files, 'datadog/monitors/checkout-availability.json');
    expect(availability).toMatchObject({ type: 'service check', priority: 1, query: '"openmetrics.health".over("service:checkout").by("instance").last(3).count_by_status()' });
    expect(availability['message']).toContain('@slack-payments-alerts @pagerduty-payments-pager');
    const latency = json(files, 'datadog/monitors/search-latency.json');
    expect(latency).toMatchObject({ type: 'query alert', query: 'percentile(last_5m):p99:trace.http.request{service:search} > 0.5', options: { thresholds: { critical: 0.5 } } });
    expect(latency['message']).toContain('@webhook-ops-webhook @ops@example.com');
    const checks = await checksOf('datadog', files);
    expect(checks).toHaveLength(6);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks[0]?.detail).toContain('query syntax not checked offline');
  });

  it('fails an unknown monitor type, a missing query and an unknown field, naming the file', async () => {
    let bad = planted(files, 'datadog/monitors/checkout-latency.json', (m) => (m['type'] = 'metric alarm'));
    bad = planted(bad, 'datadog/monitors/search-latency.json', (m) => delete m['query']);
    bad = planted(bad, 'datadog/monitors/search-error-rate.json', (m) => ((m['options'] as Record<string, unknown>)['notify_nodata'] = true));
    const failed = (await checksOf('datadog', bad)).filter((c) => !c.passed);
    expect(failed.map((c) => c.file)).toEqual(['datadog/monitors/checkout-latency.json', 'datadog/monitors/search-error-rate.json', 'datadog/monitors/search-latency.json']);
    expect(failed[0]?.detail).toBe('datadog/monitors/checkout-latency.json: monitor.type: "metric alarm" is not a value the Monitor model allows');
    expect(failed[1]?.detail).toContain('monitor.options.notify_nodata: the MonitorOptions model has no such field');
    expect(failed[2]?.detail).toContain("missing required property 'query'");
  });
});

describe('new_relic', () => {
  const files = generateOnlyFiles(twoItemInput('new_relic'));

  it('writes a policy per receiver and a condition per alert; its checks say no New Relic validator ran', async () => {
    expect(files.filter((f) => f.path.startsWith('new_relic/policies/')).map((f) => f.path)).toEqual([
      'new_relic/policies/team-payments-page.json',
      'new_relic/policies/default-page.json',
      'new_relic/policies/default-ticket.json',
    ]);
    expect(json(files, 'new_relic/conditions/checkout-latency.json')).toMatchObject({
      policy: 'shop team-payments-page',
      condition: { nrql: { query: "SELECT percentile(duration, 99) FROM Transaction WHERE appName = 'checkout'" }, terms: [{ operator: 'ABOVE', threshold: 0.5 }] },
    });
    expect(json(files, 'new_relic/notifications.json')).toMatchObject({ policies: expect.arrayContaining([{ policy: 'shop default-ticket', channels: [{ name: 'ops-webhook', type: 'webhook' }, { name: 'ops-email', type: 'email' }] }]) });
    const checks = await checksOf('new_relic', files);
    expect(checks).toHaveLength(9);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    for (const check of checks) expect(check.detail).toContain('New Relic offers no offline validator');
  });

  it('fails an operator NerdGraph does not know and a condition for a policy that was not generated', async () => {
    let bad = planted(files, 'new_relic/conditions/search-latency.json', (doc) => {
      const condition = doc['condition'] as { terms: { operator: string }[] };
      if (condition.terms[0]) condition.terms[0].operator = 'GREATER';
    });
    bad = planted(bad, 'new_relic/conditions/checkout-availability.json', (doc) => (doc['policy'] = 'shop nobody'));
    const failed = (await checksOf('new_relic', bad)).filter((c) => !c.passed);
    expect(failed.map((c) => c.file)).toEqual(['new_relic/conditions/checkout-availability.json', 'new_relic/conditions/search-latency.json']);
    expect(failed[0]?.detail).toContain('policy "shop nobody" is not among the generated policies');
    expect(failed[1]?.detail).toContain('new_relic/conditions/search-latency.json: condition.terms.0.operator');
  });
});

describe('elk', () => {
  const files = generateOnlyFiles(twoItemInput('elk'));

  it('writes a watch per alert with an action per routed channel, each type-checking as a WatcherWatch', async () => {
    const watch = json(files, 'elk/watches/checkout-availability.json');
    expect(Object.keys(watch['actions'] as object)).toEqual(['payments-slack', 'payments-pager']);
    expect(watch).toMatchObject({ trigger: { schedule: { interval: '1m' } }, input: { search: { request: { indices: ['metricbeat-*'] } } } });
    const checks = await checksOf('elk', files);
    expect(checks).toHaveLength(6);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks[0]?.detail).toContain('type-checks as @elastic/elasticsearch WatcherWatch');
  });

  it('fails a watch without a trigger, a mistyped field and an unknown field, naming the file and line', async () => {
    let bad = planted(files, 'elk/watches/search-latency.json', (w) => delete w['trigger']);
    bad = planted(bad, 'elk/watches/checkout-availability.json', (w) => {
      const actions = w['actions'] as { 'payments-pager': { pagerduty: Record<string, unknown> } };
      actions['payments-pager'].pagerduty['attach_payload'] = 'no';
    });
    bad = planted(bad, 'elk/watches/search-error-rate.json', (w) => (w['schedule'] = { interval: '1m' }));
    const failed = (await checksOf('elk', bad)).filter((c) => !c.passed);
    expect(failed.map((c) => c.file)).toEqual(['elk/watches/checkout-availability.json', 'elk/watches/search-error-rate.json', 'elk/watches/search-latency.json']);
    expect(failed[0]?.detail).toMatch(/^elk\/watches\/checkout-availability\.json: line \d+, column \d+: Type 'string' is not assignable to type 'boolean'/);
    expect(failed[1]?.detail).toContain(`known properties, and '"schedule"' does not exist in type 'WatcherWatch'`);
    expect(failed[2]?.detail).toContain("Property 'trigger' is missing");
  }, 60_000);
});
