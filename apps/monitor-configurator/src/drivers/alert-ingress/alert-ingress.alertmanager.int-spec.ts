import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { STREAMS } from '@jetway/contracts';
import { EventPublisher, Mesh } from '@jetway/messaging';
import { freePort, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { startAlertIngress, type AlertIngress } from './alert-ingress.server';
import { incidentPublisherOver } from './incident-publisher';

const ALERTMANAGER = process.env['JETWAY_ALERTMANAGER_BIN'] ?? '/usr/bin/prometheus-alertmanager';

// The payload a real Alertmanager 0.25 sends (not a hand-written sample) reaches the stream:
// Alertmanager → webhook → ingress → JetStream, firing then resolved.
describe('alert ingress fed by a real Alertmanager (int)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let ingress: AlertIngress;
  let alertmanager: ChildProcess | undefined;
  let amUrl: string;
  let dir: string;

  const stored = async (subject: string) => (await mesh.jsm.streams.info(STREAMS.events.name, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
  const postAlert = async (endsAt?: string) => {
    const alert = { labels: { alertname: 'ShopDown', severity: 'page', service: 'shop' }, annotations: { summary: 'shop is down' }, generatorURL: 'http://127.0.0.1:9090/graph', ...(endsAt && { endsAt }) };
    const res = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    if (!existsSync(ALERTMANAGER)) throw new Error(`no Alertmanager at ${ALERTMANAGER}: install it (Debian/Ubuntu: apt-get install prometheus-alertmanager) or set JETWAY_ALERTMANAGER_BIN`);
    dir = mkdtempSync(join(tmpdir(), 'jetway-am-ingress-'));
    mkdirSync(join(dir, 'stack', 'setups', 'shop-monitoring', 'alertmanager'), { recursive: true });
    const channels = [{ name: 'oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: '/etc/jetway/pd-key' } }];
    writeFileSync(join(dir, 'stack', 'setups', 'shop-monitoring', 'alertmanager', 'receivers.json'), JSON.stringify({ receivers: { 'payments-page': channels } }));
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'alert-ingress-test' });
    ingress = await startAlertIngress({ port: 0, stackDir: join(dir, 'stack'), publisher: incidentPublisherOver(new EventPublisher(mesh.js, 'monitor-configurator')) });
    const config = {
      route: { receiver: 'payments-page', group_wait: '100ms', group_interval: '200ms', repeat_interval: '1h' },
      receivers: [{ name: 'payments-page', webhook_configs: [{ url: `${ingress.url}/alerts/shop-monitoring/payments-page`, send_resolved: true }] }],
    };
    writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    alertmanager = spawn(ALERTMANAGER, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`${amUrl}/-/ready`)).ok, { timeoutMs: 30_000, message: `Alertmanager on ${amUrl} to be ready` });
  });
  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null) {
      const exited = new Promise((resolve) => alertmanager?.once('exit', resolve));
      alertmanager.kill('SIGTERM');
      await exited;
    }
    await ingress?.stop();
    await mesh?.drain();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes incident.detected when Alertmanager notifies a firing alert, then incident.resolved', async () => {
    await postAlert();
    await waitFor(async () => (await stored('jetway.incident.detected.v1')) === 1, { message: 'incident.detected from Alertmanager' });
    const detected = await mesh.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: 'jetway.incident.detected.v1' });
    const event = detected.json<{ fingerprint: string; starts_at: string; receiver: string; channels: unknown[] }>();
    expect(detected.header.get('Nats-Msg-Id')).toBe(`${event.fingerprint}-${event.starts_at}-firing`);
    expect(event).toMatchObject({ receiver: 'payments-page', channels: [{ name: 'oncall' }] });

    await postAlert(new Date().toISOString());
    await waitFor(async () => (await stored('jetway.incident.resolved.v1')) === 1, { message: 'incident.resolved from Alertmanager' });
    const resolved = await mesh.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: 'jetway.incident.resolved.v1' });
    expect(resolved.header.get('Nats-Msg-Id')).toBe(`${event.fingerprint}-${event.starts_at}-resolved`);
    expect(await stored('jetway.incident.detected.v1')).toBe(1);
  });
});
