import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STREAMS } from '@jetway/contracts';
import { EventPublisher, Mesh } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { startAlertIngress, type AlertIngress } from './alert-ingress.server';
import { FIRING, RESOLVED } from './alertmanager-webhook.samples';
import { incidentPublisherOver } from './incident-publisher';

const channels = [{ name: 'oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: '/etc/jetway/pd-key' } }];
const FIRING_ID = 'ed3be00d77271be1-2026-11-30T16:51:54.772065808Z-firing';

/** A GET with the path exactly as written (fetch would normalise `..` away). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET', path }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

describe('alert ingress on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let ingress: AlertIngress;
  let stack: string;
  const refused: string[] = [];

  const post = (path: string, body: unknown) =>
    fetch(`${ingress.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  /** Messages the stream holds on `subject`. */
  const stored = async (subject: string) => {
    const info = await mesh.jsm.streams.info(STREAMS.events.name, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  };

  beforeAll(async () => {
    stack = mkdtempSync(join(tmpdir(), 'jetway-stack-'));
    const setup = join(stack, 'setups', 'shop-monitoring');
    mkdirSync(join(setup, 'alertmanager'), { recursive: true });
    mkdirSync(join(setup, 'runbooks', 'shop'), { recursive: true });
    writeFileSync(join(setup, 'alertmanager', 'receivers.json'), JSON.stringify({ receivers: { 'payments-page': channels } }));
    writeFileSync(join(setup, 'runbooks', 'shop', 'ShopDown.html'), '<h1>ShopDown</h1>');
    writeFileSync(join(setup, 'receivers-secret.html'), 'not a runbook');
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'alert-ingress-test' });
    const publisher = incidentPublisherOver(new EventPublisher(mesh.js, 'monitor-configurator'));
    ingress = await startAlertIngress({ port: 0, stackDir: stack, publisher, onRefused: (status, reason) => refused.push(`${status} ${reason}`) });
  });
  afterAll(async () => {
    await ingress?.stop();
    await mesh?.drain();
    await nats?.stop();
    rmSync(stack, { recursive: true, force: true });
  });

  it('publishes one incident.detected per firing alert, under the alert’s message id, once acknowledged', async () => {
    const res = await post('/alerts/shop-monitoring/payments-page', FIRING);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ published: 1, duplicates: 0, ids: [FIRING_ID] });
    expect(await stored('jetway.incident.detected.v1')).toBe(1);
    const message = await mesh.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: 'jetway.incident.detected.v1' });
    expect(message.header.get('Nats-Msg-Id')).toBe(FIRING_ID);
    expect(message.header.get('ce-id')).toBe(FIRING_ID);
    expect(message.header.get('ce-source')).toBe('jetway/monitor-configurator');
    expect(message.json()).toMatchObject({ fingerprint: 'ed3be00d77271be1', setup: 'shop-monitoring', receiver: 'payments-page', severity: 'page', service: 'shop', channels });
  });

  it('publishes nothing new for the same notification again (an Alertmanager repeat or retry)', async () => {
    const res = await post('/alerts/shop-monitoring/payments-page', FIRING);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ published: 0, duplicates: 1 });
    expect(await stored('jetway.incident.detected.v1')).toBe(1);
  });

  it('publishes incident.resolved when the alert resolves', async () => {
    const res = await post('/alerts/shop-monitoring/payments-page', RESOLVED);
    expect(res.status).toBe(200);
    expect(await stored('jetway.incident.resolved.v1')).toBe(1);
    const message = await mesh.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: 'jetway.incident.resolved.v1' });
    expect(message.header.get('Nats-Msg-Id')).toBe('ed3be00d77271be1-2026-11-30T16:51:54.772065808Z-resolved');
    expect(message.json()).toMatchObject({ ends_at: '2026-11-30T16:51:57Z' });
  });

  it.each([
    ['not JSON', '{"version":', '(root): the payload is not JSON'],
    ['another version', { ...FIRING, version: '3' }, 'version: must be "4"'],
    ['an alert without fingerprint', { ...FIRING, alerts: [{ ...FIRING.alerts[0], fingerprint: undefined }] }, 'alerts.0.fingerprint'],
    ['an alert without severity', { ...FIRING, alerts: [{ ...FIRING.alerts[0], labels: { alertname: 'ShopDown' } }] }, 'alerts.0.labels.severity'],
  ])('answers 400 to %s, naming the field, and publishes nothing', async (_what, body, field) => {
    const before = (await stored('jetway.incident.detected.v1')) + (await stored('jetway.incident.resolved.v1'));
    const res = await post('/alerts/shop-monitoring/payments-page', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(field);
    expect((await stored('jetway.incident.detected.v1')) + (await stored('jetway.incident.resolved.v1'))).toBe(before);
  });

  it('answers 404 naming an unknown receiver or setup', async () => {
    const receiver = await post('/alerts/shop-monitoring/nobody', FIRING);
    expect(receiver.status).toBe(404);
    expect(((await receiver.json()) as { error: string }).error).toBe('setup "shop-monitoring" has no receiver "nobody" (it has: payments-page)');
    const setup = await post('/alerts/other-monitoring/payments-page', FIRING);
    expect(setup.status).toBe(404);
    expect(((await setup.json()) as { error: string }).error).toContain('no monitoring setup "other-monitoring" is applied');
    expect(refused.filter((line) => line.startsWith('404 '))).toHaveLength(2);
  });

  it('serves the setup’s runbook pages as HTML and refuses paths out of them', async () => {
    const page = await fetch(`${ingress.url}/runbooks/shop-monitoring/shop/ShopDown.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe('<h1>ShopDown</h1>');
    expect((await fetch(`${ingress.url}/runbooks/shop-monitoring/shop/Nope.html`)).status).toBe(404);
    for (const path of ['/runbooks/shop-monitoring/../receivers-secret.html', '/runbooks/shop-monitoring/%2e%2e/receivers-secret.html', '/runbooks/shop-monitoring/shop/..%2f..%2freceivers-secret.html']) {
      const res = await rawGet(ingress.url, path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body).not.toContain('not a runbook');
    }
    expect((await fetch(`${ingress.url}/healthz`)).status).toBe(200);
  });

  it('answers 503 when JetStream does not acknowledge, so Alertmanager retries', async () => {
    await nats.kill();
    const res = await post('/alerts/shop-monitoring/payments-page', { ...FIRING, alerts: [{ ...FIRING.alerts[0], fingerprint: '0123456789abcdef' }] });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/^1 of 1 incident events not acknowledged: 0123456789abcdef-/);
    await nats.restart();
  });
});
