import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsProcess } from '@jetway/processes';
import { freePort, waitFor } from '@jetway/testing';
import { BUNDLE_LAYOUT } from '../../bundle.types';
import { alertmanagerFiles } from './alertmanager-files';
import { URLS, setupInput, setupRequest } from './setup-input.testing';

// The generated config in a real Alertmanager (jetway delivery, test timing): notifications reach
// the ingress at `<alertIngress>/<receiver>`, and the inhibition rules suppress what they should.

const BINARY = '/usr/bin/prometheus-alertmanager';

interface Delivery {
  readonly receiver: string;
  readonly status: string;
  readonly alerts: Array<{ labels: Record<string, string> }>;
}

let dir: string;
let ingress: Server;
let alertmanager: NatsProcess;
let api: string;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: install it (Debian/Ubuntu: apt-get install prometheus-alertmanager)`);
  ingress = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as Omit<Delivery, 'receiver'>;
      deliveries.push({ receiver: (req.url ?? '').replace('/alerts/shop/', ''), status: payload.status, alerts: payload.alerts });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
  const request = setupRequest();
  const input = setupInput('jetway', { ...request, timing: { ...request.timing, evaluation_interval_seconds: 1 } });
  const alertIngress = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}/alerts/shop`;
  dir = mkdtempSync(join(tmpdir(), 'jetway-alertmanager-run-'));
  mkdirSync(join(dir, 'alertmanager'));
  for (const file of alertmanagerFiles(input, { ...URLS, alertIngress })) writeFileSync(join(dir, file.path), file.content);
  const port = await freePort();
  api = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${join(dir, BUNDLE_LAYOUT.alertmanagerConfig)}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'];
  alertmanager = new NatsProcess({ binary: BINARY, args, port, label: `alertmanager :${port}` });
  await alertmanager.start();
  await waitFor(async () => (await fetch(`${api}/-/ready`)).ok, { timeoutMs: 20_000, message: 'alertmanager to be ready' });
});

afterAll(async () => {
  await alertmanager?.halt('SIGTERM');
  await new Promise((resolve) => ingress?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ITEMS: Record<string, { team: string; tier: string }> = {
  checkout: { team: 'payments', tier: 'tier_1_critical' },
  'ledger-db': { team: 'payments', tier: 'tier_3_standard' },
  search: { team: 'discovery', tier: 'tier_2_important' },
};

function alert(alertname: string, service: string, severity: 'page' | 'ticket') {
  return { labels: { alertname, service, severity, setup: 'shop', ...ITEMS[service] }, startsAt: new Date().toISOString() };
}

async function post(...alerts: Array<ReturnType<typeof alert>>): Promise<void> {
  const response = await fetch(`${api}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  expect(response.status).toBe(200);
}

/** Alertmanager's view of one alert: active, or suppressed (inhibited). */
async function state(alertname: string, service: string, severity: string): Promise<{ state: string; inhibitedBy: string[] } | undefined> {
  const filter = [`alertname="${alertname}"`, `service="${service}"`, `severity="${severity}"`].map((f) => `filter=${encodeURIComponent(f)}`).join('&');
  const alerts = (await (await fetch(`${api}/api/v2/alerts?${filter}`)).json()) as Array<{ status: { state: string; inhibitedBy: string[] } }>;
  return alerts[0]?.status;
}

const delivered = (receiver: string, alertname: string, service: string) =>
  deliveries.find((d) => d.receiver === receiver && d.alerts.some((a) => a.labels['alertname'] === alertname && a.labels['service'] === service));

describe('the generated config in a real Alertmanager', () => {
  it('delivers a tier 1 page to the ingress at <alertIngress>/<receiver>, and a tier 3 page as a tier 3 ticket', async () => {
    await post(alert('ErrorRateHigh', 'checkout', 'page'), alert('ErrorRateHigh', 'ledger-db', 'page'));
    const page = await waitFor(() => delivered('team-payments-page', 'ErrorRateHigh', 'checkout'), { message: 'the checkout page at the ingress' });
    expect(page.status).toBe('firing');
    await waitFor(() => delivered('team-payments-tier3', 'ErrorRateHigh', 'ledger-db'), { message: 'the ledger-db page at the tier 3 receiver' });
    expect(deliveries.filter((d) => d.alerts.some((a) => a.labels['service'] === 'ledger-db')).map((d) => d.receiver)).toEqual(['team-payments-tier3']);
  });

  it('suppresses a ticket while the page of the same alert fires on the same service', async () => {
    await post(alert('LatencyP99High', 'search', 'page'), alert('LatencyP99High', 'search', 'ticket'), alert('LatencyP99High', 'checkout', 'ticket'));
    await waitFor(async () => (await state('LatencyP99High', 'search', 'ticket'))?.state === 'suppressed', { message: 'the search ticket to be inhibited' });
    expect((await state('LatencyP99High', 'search', 'ticket'))?.inhibitedBy).toHaveLength(1);
    expect((await state('LatencyP99High', 'checkout', 'ticket'))?.state).toBe('active');
  });

  it('suppresses the slow burn ticket while the fast burn pages on the same service', async () => {
    await post(alert('ErrorBudgetBurnFast', 'search', 'page'), alert('ErrorBudgetBurnSlow', 'search', 'ticket'), alert('ErrorBudgetBurnSlow', 'checkout', 'ticket'));
    await waitFor(async () => (await state('ErrorBudgetBurnSlow', 'search', 'ticket'))?.state === 'suppressed', { message: 'the slow burn ticket to be inhibited' });
    expect((await state('ErrorBudgetBurnSlow', 'checkout', 'ticket'))?.state).toBe('active');
  });

  it('suppresses a service’s other alerts while its TargetDown fires, not another service’s', async () => {
    await post(alert('TargetDown', 'ledger-db', 'page'), alert('ProbeFailed', 'ledger-db', 'page'), alert('ProbeFailed', 'search', 'page'));
    await waitFor(async () => (await state('ProbeFailed', 'ledger-db', 'page'))?.state === 'suppressed', { message: 'ledger-db ProbeFailed to be inhibited by its TargetDown' });
    expect((await state('TargetDown', 'ledger-db', 'page'))?.state).toBe('active');
    expect((await state('ProbeFailed', 'search', 'page'))?.state).toBe('active');
    await waitFor(() => delivered('default-page', 'ProbeFailed', 'search'), { message: 'search ProbeFailed at the default page receiver' });
  });
});
