import { parse } from 'yaml';
import { ITEM_LABELS } from '../../bundle.types';
import { decimal, text, times } from './decimal';
import { alertSpecs, prometheusCounts, prometheusFiles } from './prometheus-files';
import { schemaErrors } from './prometheus-schemas.testing';
import { SAMPLE_URLS, sampleInput } from './sample-setup.testing';
import { BURN_ALERTS, burnTable, errorBudget, MIN_REQUESTS_IN_SHORT_WINDOW } from './slo-table';

type Rule = { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
type RuleFile = { groups: Array<{ name: string; rules: Rule[] }> };

const files = prometheusFiles(sampleInput(), SAMPLE_URLS);
const file = (path: string) => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return found.content;
};
const rulesOf = (item: string) => (parse(file(`prometheus/rules/${item}.yml`)) as RuleFile).groups.flatMap((g) => g.rules);
const alertsOf = (item: string) => rulesOf(item).filter((r) => r.alert);

describe('the burn table of a 99.9 % objective', () => {
  it('is Sloth’s 14.4 / 6 / 3 / 1 with exact thresholds', () => {
    const table = burnTable(99.9);
    expect(table.map((r) => [r.alertname, r.severity, r.long, r.short, r.factor, r.threshold, r.thresholdText])).toEqual([
      ['ErrorBudgetBurnFast', 'page', '1h', '5m', 14.4, 0.0144, '0.0144'],
      ['ErrorBudgetBurnFast', 'page', '6h', '30m', 6, 0.006, '0.006'],
      ['ErrorBudgetBurnSlow', 'ticket', '1d', '2h', 3, 0.003, '0.003'],
      ['ErrorBudgetBurnSlow', 'ticket', '3d', '6h', 1, 0.001, '0.001'],
    ]);
    expect(BURN_ALERTS.flatMap((a) => a.windows.map((w) => w.factor))).toEqual([14.4, 6, 3, 1]);
  });

  it('is what the rules compare against, and no float noise is written anywhere', () => {
    const [fast, slow] = alertsOf('web');
    expect(fast?.expr).toMatch(/slo:sli_error:ratio_rate1h\{[^}]+\} > 0\.0144\n\s+and slo:sli_error:ratio_rate5m\{[^}]+\} > 0\.0144\n/);
    expect(fast?.expr).toMatch(/slo:sli_error:ratio_rate6h\{[^}]+\} > 0\.006\n\s+and slo:sli_error:ratio_rate30m\{[^}]+\} > 0\.006\n/);
    expect(slow?.expr).toMatch(/ratio_rate1d\{[^}]+\} > 0\.003\n\s+and slo:sli_error:ratio_rate2h\{[^}]+\} > 0\.003\n/);
    expect(slow?.expr).toMatch(/ratio_rate3d\{[^}]+\} > 0\.001\n\s+and slo:sli_error:ratio_rate6h\{[^}]+\} > 0\.001\n/);
    const meta = Object.fromEntries(rulesOf('web').filter((r) => r.record?.startsWith('slo:') && r.expr.startsWith('vector')).map((r) => [r.record, r.expr]));
    expect(meta).toEqual({ 'slo:objective:ratio': 'vector(0.999)', 'slo:error_budget:ratio': 'vector(0.001)', 'slo:time_period:days': 'vector(30)' });
    for (const f of files) expect(f.content).not.toMatch(/\d\.\d*0000000|\d\.\d*9999999/);
  });

  it('stays exact where floating point is not (99.95 %, 99.99 %, 99.5 %)', () => {
    expect(burnTable(99.95).map((r) => r.thresholdText)).toEqual(['0.0072', '0.003', '0.0015', '0.0005']);
    expect(burnTable(99.99).map((r) => r.thresholdText)).toEqual(['0.00144', '0.0006', '0.0003', '0.0001']);
    expect(text(errorBudget(99.5))).toBe('0.005');
    expect(1 - 0.999).not.toBe(0.001); // why the decimals exist
    expect(text(times(decimal(1e-7), decimal(3)))).toBe('0.0000003');
  });
});

describe('prometheusFiles', () => {
  it('writes the config, targets, blackbox modules, and rules and tests per item at the bundle paths', () => {
    expect(files.map((f) => f.path).sort()).toEqual(
      [
        'blackbox/blackbox.yml',
        'prometheus/prometheus.yml',
        'prometheus/rules/api.yml',
        'prometheus/rules/orders-db.yml',
        'prometheus/rules/web.yml',
        'prometheus/targets/api.json',
        'prometheus/targets/orders-db.json',
        'prometheus/targets/web.json',
        'prometheus/targets/web_probe.json',
        'prometheus/tests/api.test.yml',
        'prometheus/tests/orders-db.test.yml',
        'prometheus/tests/web.test.yml',
      ].sort(),
    );
    expect(JSON.parse(file('prometheus/targets/api.json'))).toEqual([{ targets: ['127.0.0.1:9100', '127.0.0.1:9101'], labels: {} }]);
    expect(JSON.parse(file('prometheus/targets/web_probe.json'))).toEqual([{ targets: ['http://127.0.0.1:8080/healthz'], labels: {} }]);
  });

  it('is valid against the SchemaStore schemas (config, rules, rule tests)', () => {
    expect(schemaErrors('prometheus.json', file('prometheus/prometheus.yml'))).toEqual([]);
    for (const f of files.filter((f) => f.path.startsWith('prometheus/rules/'))) expect([f.path, schemaErrors('prometheus.rules.json', f.content)]).toEqual([f.path, []]);
    for (const f of files.filter((f) => f.path.startsWith('prometheus/tests/'))) expect([f.path, schemaErrors('prometheus.rules.test.json', f.content)]).toEqual([f.path, []]);
    expect(schemaErrors('prometheus.rules.json', 'groups: [{ name: x, rules: [{ alert: A, expr: up, for: soon }] }]')).not.toEqual([]);
  });

  it('labels every series of an item by relabelling, and probes through the blackbox exporter', () => {
    const config = parse(file('prometheus/prometheus.yml')) as { global: Record<string, string>; alerting: unknown; scrape_configs: Array<Record<string, unknown>> };
    expect(config.global).toEqual({ scrape_interval: '15s', scrape_timeout: '10s', evaluation_interval: '15s' });
    expect(config.alerting).toEqual({ alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:9093'] }] }] });
    const job = (name: string) => config.scrape_configs.find((j) => j['job_name'] === name);
    const replaced = (name: string) => Object.fromEntries((job(name)?.['relabel_configs'] as Array<{ target_label: string; replacement: string }>).map((r) => [r.target_label, r.replacement]));
    // The item's own label `team: ignored` loses to the item's team; `region` is kept.
    expect(replaced('api')).toEqual({ region: 'eu-1', service: 'api', team: 'payments', tier: 'tier_1_critical', setup: 'shop' });
    expect(job('web_probe')).toMatchObject({ metrics_path: '/probe', params: { module: ['http_2xx'] }, file_sd_configs: [{ files: ['targets/web_probe.json'] }] });
    expect(replaced('web_probe')).toMatchObject({ __address__: '127.0.0.1:9115', service: 'web', setup: 'shop' });
    expect(config.scrape_configs.map((j) => j['job_name'])).toEqual(['api', 'web', 'web_probe', 'orders-db']);
  });

  it('gives every alert severity, the item labels, a runbook and a dashboard', () => {
    const all = ['api', 'web', 'orders-db'].flatMap((item) => alertsOf(item).map((a) => ({ item, ...a })));
    for (const a of all) {
      expect(Object.keys(a.labels ?? {}).sort()).toEqual(['severity', ...ITEM_LABELS].sort());
      expect(a.labels?.['service']).toBe(a.item);
      expect(a.annotations?.['runbook_url']).toBe(`http://127.0.0.1:7000/runbooks/${a.item}/${a.alert}.html`);
      expect(a.annotations?.['dashboard_url']).toMatch(a.alert?.startsWith('ErrorBudget') ? 'http://127.0.0.1:3000/d/jw-slo-shop' : `http://127.0.0.1:3000/d/jw-red-shop-${a.item}`);
      expect(a.annotations?.['summary']).toBeTruthy();
    }
    expect(alertsOf('web').map((a) => [a.alert, a.labels?.['severity'], a.for])).toEqual([
      ['ErrorBudgetBurnFast', 'page', undefined],
      ['ErrorBudgetBurnSlow', 'ticket', undefined],
      ['ErrorRateHigh', 'ticket', '2m'],
      ['LatencyP99High', 'ticket', '2m'],
      ['TargetDown', 'page', '2m'],
      ['MetricsAbsent', 'page', '2m'],
      ['ProbeFailed', 'page', '2m'],
    ]);
    // A database serving no HTTP gets no SLO rules; tier 3 never pages.
    expect(alertsOf('orders-db').map((a) => [a.alert, a.labels?.['severity']])).toEqual([
      ['TargetDown', 'ticket'],
      ['MetricsAbsent', 'ticket'],
    ]);
    expect(rulesOf('orders-db').filter((r) => r.record)).toEqual([]);
  });

  it('scopes absent() by the item, guards burn alerts by traffic, reads the latency histogram', () => {
    const web = Object.fromEntries(alertsOf('web').map((a) => [a.alert, a.expr]));
    expect(web['MetricsAbsent']).toBe('absent(up{job="web",service="web",team="storefront",tier="tier_2_important",setup="shop"})');
    expect(web['ErrorBudgetBurnFast']).toContain(`(increase(http_requests_total{service="web",team="storefront",tier="tier_2_important",setup="shop"}[5m])) >= ${MIN_REQUESTS_IN_SHORT_WINDOW}`);
    expect(web['ErrorBudgetBurnFast']?.match(/increase\(/g)).toHaveLength(2);
    expect(web['LatencyP99High']).toMatch(/^histogram_quantile\(0\.99, sum by \(le, service, team, tier, setup\) \(rate\(http_request_duration_seconds_bucket\{[^}]+\}\[5m\]\)\)\) > 0\.25\n/);
    expect(web['ProbeFailed']).toBe('probe_success{job="web_probe",service="web",team="storefront",tier="tier_2_important",setup="shop"} == 0');
    expect(web['ErrorRateHigh']).toMatch(/^slo:sli_error:ratio_rate5m\{[^}]+\} > 0\.0005\n/);
  });

  it('leaves out the error-rate alert when the burn alerts cover it, and says why', () => {
    const covered = prometheusFiles(sampleInput({ error_rate: 0.1 }), SAMPLE_URLS);
    const web = covered.find((f) => f.path === 'prometheus/rules/web.yml')?.content ?? '';
    expect(web).not.toContain('ErrorRateHigh:');
    expect(web).not.toContain('alert: ErrorRateHigh');
    expect(web).toContain('# No ErrorRateHigh alert: the SLA error rate 0.1 % is not below the error budget of the 99.9 % objective (0.001)');
  });

  it('generates a firing and a silent test for every alert', () => {
    for (const item of ['api', 'web', 'orders-db']) {
      const tests = (parse(file(`prometheus/tests/${item}.test.yml`)) as { rule_files: string[]; evaluation_interval: string; tests: Array<{ name: string }> });
      expect(tests.rule_files).toEqual([`../rules/${item}.yml`]);
      expect(tests.evaluation_interval).toBe('15s');
      for (const alert of alertsOf(item)) {
        expect([item, alert.alert, tests.tests.some((t) => t.name.startsWith(`${alert.alert} fires:`))]).toEqual([item, alert.alert, true]);
        expect([item, alert.alert, tests.tests.some((t) => t.name.startsWith(`${alert.alert} stays silent:`))]).toEqual([item, alert.alert, true]);
      }
    }
  });
});

describe('alertSpecs and prometheusCounts', () => {
  it('has one spec per alerting rule, with words for the on-call engineer', () => {
    const specs = alertSpecs(sampleInput(), SAMPLE_URLS);
    const rules = ['api', 'web', 'orders-db'].flatMap((item) => alertsOf(item).map((a) => `${item}/${a.alert}`));
    expect(specs.map((s) => `${s.service}/${s.alertname}`).sort()).toEqual(rules.sort());
    for (const spec of specs) {
      expect(spec.meaning.length).toBeGreaterThan(40);
      expect(spec.check.length).toBeGreaterThan(0);
      expect(spec.mitigate.length).toBeGreaterThan(0);
    }
    expect(specs.find((s) => s.service === 'web' && s.alertname === 'ErrorBudgetBurnFast')).toMatchObject({ severity: 'page', dashboardUid: 'jw-slo-shop' });
  });

  it('counts jobs, probes, rules and tests from the files', () => {
    const counts = prometheusCounts(files);
    const tests = ['api', 'web', 'orders-db'].reduce((n, item) => n + (parse(file(`prometheus/tests/${item}.test.yml`)) as { tests: unknown[] }).tests.length, 0);
    // api and web: 8 SLI windows + 6 meta rules each; alerts 6 (api), 7 (web), 2 (orders-db).
    expect(counts).toEqual({ scrape_jobs: 3, probes: 1, recording_rules: 28, alerts: 15, rule_tests: tests });
    expect(tests).toBeGreaterThanOrEqual(2 * counts.alerts);
  });
});

describe('prometheusCounts', () => {
  it('counts the same from the values the files were written from as from their text parsed', () => {
    const fromData = prometheusCounts(files);
    const fromText = prometheusCounts(files.map(({ path, content }) => ({ path, content })));
    expect(fromData).toEqual(fromText);
    expect(fromText.alerts).toBeGreaterThan(0);
    expect(fromText.recording_rules).toBeGreaterThan(0);
    expect(fromText.rule_tests).toBeGreaterThan(0);
  });
});
