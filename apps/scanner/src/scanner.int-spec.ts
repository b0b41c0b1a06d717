import { createHash } from 'node:crypto';
import type { Msg, Subscription } from 'nats';
import { ulid } from 'ulid';
import { ScanFinished, sarifObjectName, type Severity } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, EventPublisher, kvKey, stepEffectKey, type ServiceHandle } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { loadScannerConfig, startScanner } from './index';
import { packFiles } from './use-cases/archive.testing';
import { sarifSchemaErrors } from './use-cases/sarif-schema.testing';

// Assembled at run time so this file does not itself look like it leaks secrets.
const AWS_KEY = 'AKIA' + 'Q3ZT7WLM2XKD9PRB';
const GH_TOKEN = 'ghp' + '_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const SECRETS = [AWS_KEY, GH_TOKEN, GH_TOKEN.slice(4, 30)];

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('scanner on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  const logLines: string[] = [];
  const finished: Msg[] = [];
  let sub: Subscription;

  beforeAll(async () => {
    nats = await startNats();
    const logger = new JsonLogger('scanner', {}, 'info', (line) => logLines.push(line));
    handle = await startScanner({ ...loadScannerConfig({}), JETWAY_NATS_URL: nats.url }, { logger });
    sub = handle.mesh.nc.subscribe('jetway.step.scan.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(msg);
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
  });

  async function store(files: Record<string, string>): Promise<string> {
    const bytes = await packFiles(files);
    const digest = digestOf(bytes);
    await handle.mesh.artifacts.putBlob({ name: digest.replace(':', '-') }, bytes);
    return digest;
  }

  async function scan(fields: { digest: string; source_digest?: string; fail_on_severity: Severity }): Promise<{ event: ScanFinished; raw: string }> {
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'scan', attempt: 1, application: 'hello', ...fields };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.scan.triggered.v1', trigger, { runId, stepId: 'scan', attempt: 1 });
    const msg = await waitFor(() => finished.find((m) => (m.json() as { run_id: string }).run_id === runId), { message: 'step.scan.finished' });
    const headers = [...(msg.headers?.keys() ?? [])].map((key) => `${key}: ${msg.headers?.get(key) ?? ''}`).join('\n');
    return { event: ScanFinished.parse(msg.json()), raw: `${headers}\n${msg.string()}` };
  }

  it('finishes a failing scan failed, with the masked findings of both trees as reason and outputs', async () => {
    const digest = await store({ 'server.js': `const awsKey = '${AWS_KEY}';\n`, 'package.json': '{}', 'package-lock.json': '{}' });
    const sourceDigest = await store({ 'server.js': `const awsKey = '${AWS_KEY}';\n`, 'deploy/notes#ops.txt': `token ${GH_TOKEN}\n` });
    const { event, raw } = await scan({ digest, source_digest: sourceDigest, fail_on_severity: 'high' });

    expect(event.outcome).toBe('failed');
    expect(event.reason).toBe(
      [
        '3 findings at or above high in the build output and its source:',
        '- critical secret/aws-access-key-id server.js:1 (artifact): AWS access key id AKIA…9PRB',
        '- critical secret/aws-access-key-id server.js:1 (source): AWS access key id AKIA…9PRB',
        '- high secret/github-token deploy/notes#ops.txt:1 (source): GitHub token ghp_…q7R8',
      ].join('\n'),
    );
    expect(event.outputs).toEqual({
      digest,
      verdict: 'fail',
      counts: { low: 0, medium: 0, high: 1, critical: 2 },
      top_findings: [
        { rule: 'secret/aws-access-key-id', severity: 'critical', file: 'server.js', line: 1, target: 'artifact', excerpt: "const awsKey = 'AKIA…9PRB';" },
        { rule: 'secret/aws-access-key-id', severity: 'critical', file: 'server.js', line: 1, target: 'source', excerpt: "const awsKey = 'AKIA…9PRB';" },
        { rule: 'secret/github-token', severity: 'high', file: 'deploy/notes#ops.txt', line: 1, target: 'source', excerpt: 'token ghp_…q7R8' },
      ],
      targets: ['artifact', 'source'],
      sarif_object: sarifObjectName(digest),
    });

    // The gates still read the verdict from the attestation.
    expect(await new AttestationStore(handle.mesh).scanVerdict(digest as `sha256:${string}`)).toBe('fail');
    const sarif = JSON.parse((await ArtifactObjects.of(handle.mesh).getBytes(sarifObjectName(digest))).toString()) as unknown;
    expect(sarifSchemaErrors(sarif)).toEqual([]);

    // The scanner's log shows the findings, masked.
    const warning = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry['level'] === 'warn' && entry['digest'] === digest);
    expect(warning).toMatchObject({
      msg: 'scan failed: 3 findings at or above high in the build output and its source',
      targets: ['artifact', 'source'],
      findings: [
        expect.objectContaining({ rule: 'secret/aws-access-key-id', location: 'server.js:1', target: 'artifact', excerpt: "const awsKey = 'AKIA…9PRB';" }),
        expect.objectContaining({ target: 'source' }),
        expect.objectContaining({ rule: 'secret/github-token', location: 'deploy/notes#ops.txt:1' }),
      ],
    });

    // Nothing that leaves the scanner holds a secret: the event (headers and body), the log and
    // the SARIF report. A scan is repeatable work: the effect ledger holds nothing of it.
    const ledger = await handle.mesh.kv('idempotency').get(kvKey(stepEffectKey('scan', { run_id: event.run_id, step_id: 'scan', attempt: 1 })));
    expect(ledger).toBeNull();
    const leaving = [raw, logLines.join('\n'), JSON.stringify(sarif)];
    expect(raw).toContain('AKIA…9PRB');
    for (const text of leaving) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('keeps a passing scan succeeded, and says when only the artifact was scanned', async () => {
    const digest = await store({ 'server.js': 'require("http").createServer().listen(8080);\n' });
    const { event } = await scan({ digest, fail_on_severity: 'high' });
    expect(event.outcome).toBe('succeeded');
    expect(event.outputs).toMatchObject({ verdict: 'pass', targets: ['artifact'], top_findings: [] });
    expect(event.reason).toContain('Only the artifact was scanned');
    expect(await new AttestationStore(handle.mesh).scanVerdict(digest as `sha256:${string}`)).toBe('pass');
  });
});
