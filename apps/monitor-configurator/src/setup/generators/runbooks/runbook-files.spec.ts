import { type AlertSpec, BUNDLE_LAYOUT, type BundleFile, DASHBOARD_UID } from '../../bundle.types';
import { URLS, setupInput } from '../alertmanager/setup-input.testing';
import { el, escapeHtml, page } from './html';
import { RUNBOOK_INDEX, runbookFiles } from './runbook-files';

const burn = (severity: 'page' | 'ticket', factor: string): AlertSpec => ({
  alertname: 'ErrorBudgetBurn',
  service: 'checkout',
  severity,
  expr: `jetway:slo_error_ratio:rate1h{service="checkout"} > (${factor} * 0.001)`,
  for: severity === 'page' ? '2m' : '15m',
  summary: `checkout burns its error budget ${factor}× too fast`,
  meaning: 'Requests fail faster than the 99.9 % objective allows.',
  check: ['Open the SLO dashboard', 'Query sum by (code) (rate(http_requests_total{service="checkout"}[5m]))'],
  mitigate: ['Roll back the last release', 'Scale out checkout'],
  dashboardUid: DASHBOARD_UID.slo('shop'),
});

const ALERTS: readonly AlertSpec[] = [
  burn('page', '14.4'),
  burn('ticket', '3'),
  {
    alertname: 'MetricsAbsent',
    service: 'ledger-db',
    severity: 'page',
    expr: 'absent(up{service="ledger-db"} == 1) and 1 < 2',
    for: '2m',
    summary: 'ledger-db has no series <script>alert("x")</script>',
    meaning: 'Prometheus scrapes nothing from ledger-db & nobody can see it.',
    check: ['Look at the targets page'],
    mitigate: [],
    dashboardUid: DASHBOARD_UID.red('shop', 'ledger-db'),
  },
  {
    alertname: 'HighLatency',
    service: 'search',
    severity: 'ticket',
    expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="search"}[5m]))) > 1',
    summary: 'search answers slowly',
    meaning: 'The slowest 1 % of requests take more than a second.',
    check: ['Open the RED dashboard'],
    mitigate: ['Find the slow query'],
    dashboardUid: DASHBOARD_UID.red('shop', 'search'),
  },
];

function content(files: BundleFile[], path: string): string {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return found.content;
}

/** The text of a `<section id=…>`. */
function section(html: string, id: string): string {
  const match = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html);
  if (!match?.[1]) throw new Error(`no section ${id}`);
  return match[1];
}

describe('runbookFiles', () => {
  const files = runbookFiles(ALERTS, setupInput(), URLS);

  it('writes one page per alert (variants of one alert share it) and an index', () => {
    expect(files.map((f) => f.path)).toEqual([
      BUNDLE_LAYOUT.runbook('checkout', 'ErrorBudgetBurn'),
      BUNDLE_LAYOUT.runbook('ledger-db', 'MetricsAbsent'),
      BUNDLE_LAYOUT.runbook('search', 'HighLatency'),
      RUNBOOK_INDEX,
    ]);
    for (const alert of ALERTS) expect(files.some((f) => f.path === `runbooks/${alert.service}/${alert.alertname}.html`)).toBe(true);
  });

  it('says what it means, how to check and mitigate, which dashboard, the rule and who gets it', () => {
    const html = content(files, 'runbooks/checkout/ErrorBudgetBurn.html');
    expect(html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">')).toBe(true);
    expect(section(html, 'meaning')).toContain('Requests fail faster than the 99.9 % objective allows.');
    expect(section(html, 'check')).toBe('<h2>How to check</h2><ol><li>Open the SLO dashboard</li><li>Query sum by (code) (rate(http_requests_total{service=&quot;checkout&quot;}[5m]))</li></ol>');
    expect(section(html, 'mitigate')).toContain('<li>Roll back the last release</li><li>Scale out checkout</li>');
    expect(section(html, 'dashboard')).toContain('<a href="http://127.0.0.1:3000/d/jw-slo-shop">http://127.0.0.1:3000/d/jw-slo-shop</a>');
    const rule = section(html, 'rule');
    expect(rule).toContain('<code>jetway:slo_error_ratio:rate1h{service=&quot;checkout&quot;} &gt; (14.4 * 0.001)</code>');
    expect(rule).toContain('<code>jetway:slo_error_ratio:rate1h{service=&quot;checkout&quot;} &gt; (3 * 0.001)</code>');
    expect(rule).toContain('<th>for</th><td><code>2m</code></td>');
    expect(rule).toContain('<th>for</th><td><code>15m</code></td>');
    const routing = section(html, 'routing');
    expect(routing).toContain('checkout belongs to team payments, tier_1_critical.');
    expect(routing).toContain(
      '<td><span class="page">page</span></td><td><code>team-payments-page</code></td><td>payments-slack (Slack #payments-alerts), payments-pager (PagerDuty), oncall-sms (SMS)</td>',
    );
    expect(routing).toContain('<td><span class="ticket">ticket</span></td><td><code>team-payments-ticket</code></td><td>payments-slack (Slack #payments-alerts), ops-email (email to ops@example.com)</td>');
    expect(routing).toContain("Jetway&#39;s alert ingress");
    expect(html).not.toContain('/etc/jetway/secrets');
  });

  it('escapes every interpolated value: a <script> in a summary stays text', () => {
    const html = content(files, 'runbooks/ledger-db/MetricsAbsent.html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('ledger-db has no series &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('absent(up{service=&quot;ledger-db&quot;} == 1) and 1 &lt; 2');
    expect(html).toContain('ledger-db &amp; nobody can see it');
    expect(content(files, RUNBOOK_INDEX)).not.toContain('<script>');
    expect(section(html, 'mitigate')).toContain('No steps written for this alert.');
  });

  it('routes a tier 3 page as a ticket, without paging channels', () => {
    const routing = section(content(files, 'runbooks/ledger-db/MetricsAbsent.html'), 'routing');
    expect(routing).toContain('<code>team-payments-tier3</code></td><td>payments-slack (Slack #payments-alerts), ops-email (email to ops@example.com)</td>');
    expect(routing).not.toMatch(/PagerDuty\)|SMS\)/);
  });

  it('says when an alert fires on the first evaluation, and routes a team without a route to the defaults', () => {
    const html = content(files, 'runbooks/search/HighLatency.html');
    expect(section(html, 'rule')).toContain('<th>for</th><td>fires on the first evaluation that matches</td>');
    expect(section(html, 'routing')).toContain('<code>default-ticket</code></td><td>ops-webhook (webhook to hooks.example.com), ops-email (email to ops@example.com)</td>');
  });

  it('routes a service outside the inventory by the default channels, and says so', () => {
    const [elsewhere] = ALERTS;
    const [file] = runbookFiles([{ ...(elsewhere as AlertSpec), service: 'jetway-planner' }], setupInput('alertmanager'), { ...URLS, grafana: 'http://grafana.local/' });
    const html = file?.content ?? '';
    expect(section(html, 'routing')).toContain("jetway-planner is not in this setup&#39;s inventory");
    expect(section(html, 'routing')).toContain('<code>default-page</code></td><td>payments-pager (PagerDuty), ops-webhook (webhook to hooks.example.com)</td>');
    expect(section(html, 'routing')).toContain('with its own integrations');
    expect(section(html, 'dashboard')).toContain('href="http://grafana.local/d/jw-slo-shop"');
  });

  it('lists every page in the index, linked relative to it', () => {
    const index = content(files, RUNBOOK_INDEX);
    expect([...index.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['checkout/ErrorBudgetBurn.html', 'ErrorBudgetBurn'],
      ['ledger-db/MetricsAbsent.html', 'MetricsAbsent'],
      ['search/HighLatency.html', 'HighLatency'],
    ]);
    expect(index).toContain('<td><span class="page">page</span>, <span class="ticket">ticket</span></td>');
    expect(index).toContain('3 alerts, one page each.');
  });
});

describe('html', () => {
  it('escapes text and attribute values alike, and nests elements as markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(page('t', el('a', { href: '"><script>' }, 'x<y', el('b', {}, 'z')))).toContain('<a href="&quot;&gt;&lt;script&gt;">x&lt;y<b>z</b></a>');
  });
});
