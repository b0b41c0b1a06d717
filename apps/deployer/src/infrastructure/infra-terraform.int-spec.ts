import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttestationStore } from '@jetway/messaging';
import { terraformStandin, waitFor, type TerraformStandin } from '@jetway/testing';
import { InfraMesh } from './infra-mesh.fixture';

// Terraform through the stand-in (Terraform's documented CLI from recorded plans: Terraform
// itself does not install here), real ansible-playbook against localhost (connection: local),
// real packer validate, real HTTP smoke tests — all through the deployer service on a real
// nats-server.

const FIXTURES = join(__dirname, '../iac/terraform/fixtures');
const AWS = { cloud_provider: 'aws', budget_constraints: { monthly_limit: 500 }, application_requirements: { compute: { type: 'vms' }, networking: { security_zones: ['private'] } } };

function playbook(target: string, extraTask = ''): string {
  return `- hosts: all
  gather_facts: false
  tasks:
    - name: app directory
      ansible.builtin.file: { path: "${target}/app", state: directory, mode: "0755" }
    - name: app settings
      ansible.builtin.copy: { dest: "${target}/app/settings.txt", content: "replicas=3\\n", mode: "0644" }
${extraTask}`;
}
const INVENTORY = 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n';

describe('infrastructure steps: Terraform (stand-in), Ansible, Packer, smoke tests (int, real nats-server)', () => {
  let m: InfraMesh;
  let dir: string;
  let tf: TerraformStandin;
  let planJson: string;
  let http: Server;
  let httpUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'infra-terraform-'));
    planJson = join(dir, 'recorded-plan.json');
    copyFileSync(join(FIXTURES, 'create.json'), planJson);
    tf = terraformStandin(dir, { planJson });
    m = await InfraMesh.start('infra-terraform', { JETWAY_TERRAFORM_BIN: tf.bin, JETWAY_TERRAFORM_ENV: JSON.stringify({ TF_STANDIN_PLAN_JSON: planJson, TF_STANDIN_APPLY_LOG: tf.applyLog }) });
    http = createServer((req, res) => res.writeHead(req.url === '/ok' ? 200 : 503).end());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await m?.stop();
    await new Promise((resolve) => http?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const done = (runId: string, stack: string) => m.finishRun(runId, stack, 'succeeded');

  it('plans through Terraform, applies exactly the reviewed plan file once; a redelivered apply answers from the record; another hash or an edited plan file applies nothing', async () => {
    const spec = m.spec('web', AWS);
    const digest = await m.bundle({ stack: 'web', cloud: true });
    const { runId, finished } = await m.plan({ stack: 'web', digest, spec });
    const review = m.review(finished);
    expect(review).toMatchObject({ add: 1, change: 0, destroy: 0, changes: [{ address: 'aws_s3_bucket.logs', action: 'create' }] });
    const stored = await m.store.plan(review.hash);
    expect(createHash('sha256').update(readFileSync(stored?.terraform?.plan_file ?? '')).digest('hex')).toBe(review.hash); // the plan file's own sha256
    expect(stored?.terraform?.root).toBe(join(m.dataDir, 'infra', 'web', 'staging', 'environments', 'staging'));

    const applied = await m.apply({ runId, stack: 'web', digest, planHash: review.hash, spec });
    expect(applied).toMatchObject({ outcome: 'succeeded', outputs: { applied: ['Apply complete! Resources: 1 added, 0 changed, 0 destroyed.'], changelog_sequence: 1, already_applied: false } });
    expect(tf.applies()).toEqual([expect.objectContaining({ sha256: review.hash, addresses: ['aws_s3_bucket.logs'] })]);

    const redelivered = await m.apply({ runId, stack: 'web', digest, planHash: review.hash, spec, attempt: 2 });
    expect(redelivered).toMatchObject({ outcome: 'succeeded', outputs: { changelog_sequence: 1, already_applied: true, applied: ['Apply complete! Resources: 1 added, 0 changed, 0 destroyed.'] } });
    expect(tf.applies()).toHaveLength(1);

    // A second plan in the same run, its file edited after review: nothing applies.
    const second = m.review((await m.plan({ runId, stack: 'web', digest, spec, attempt: 2 })).finished);
    expect(second.hash).not.toBe(review.hash);
    const file = (await m.store.plan(second.hash))?.terraform?.plan_file ?? '';
    writeFileSync(file, `${await readFile(file, 'utf8')} `);
    const edited = await m.apply({ runId, stack: 'web', digest, planHash: second.hash, spec, attempt: 3 });
    expect(edited).toMatchObject({ outcome: 'failed', reason: expect.stringContaining(`but the approved plan has hash ${second.hash} — plan again and have the new plan reviewed; nothing was applied`) });
    const other = await m.apply({ runId, stack: 'web', digest, planHash: 'a'.repeat(64), spec, attempt: 4 });
    expect(other).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('names no plan a plan step stored') });
    expect(tf.applies()).toHaveLength(1);
    expect((await m.store.changelog('web', 'staging')).map((e) => e.plan_hash)).toEqual([review.hash]);

    const verified = await m.verify({ runId, stack: 'web', digest, spec });
    expect(verified).toMatchObject({ outcome: 'succeeded', reason: expect.stringContaining('nothing could be checked beyond the applied configuration: the stack declares no messaging and no smoke_tests') });
    await done(runId, 'web');
  });

  it('names a destroyed database for the second approver', async () => {
    copyFileSync(join(FIXTURES, 'replace-database.json'), planJson);
    const digest = await m.bundle({ stack: 'db', cloud: true });
    const { runId, finished } = await m.plan({ stack: 'db', digest, spec: m.spec('db', AWS) });
    copyFileSync(join(FIXTURES, 'create.json'), planJson);
    expect(m.review(finished)).toMatchObject({ add: 1, change: 1, destroy: 1, protected_destroys: ['module.data.aws_db_instance.main'] });
    await done(runId, 'db');
  });

  it('configures with ansible-playbook for real: the first run changes, the second none; its check mode is in the review', async () => {
    const target = join(dir, 'conf-target');
    const digest = await m.bundle({ stack: 'conf', cloud: true, playbook: playbook(target), inventory: INVENTORY });
    const spec = m.spec('conf', { ...AWS, configuration: { playbook: 'playbook.yml' } });
    const { runId, finished } = await m.plan({ stack: 'conf', digest, spec });
    expect(m.review(finished).configuration).toEqual(['localhost: 2 to change, 0 ok, 0 failed, 0 unreachable (app directory; app settings)']);
    const configured = await m.configure({ runId, stack: 'conf', digest, spec });
    expect(configured).toMatchObject({ outcome: 'succeeded', outputs: { changed_first: 2, changed_second: 0, tasks: ['localhost: app directory', 'localhost: app settings'] } });
    expect(await readFile(join(target, 'app', 'settings.txt'), 'utf8')).toBe('replicas=3\n');
    const again = await m.configure({ runId, stack: 'conf', digest, spec, attempt: 2 });
    expect(again).toMatchObject({ outcome: 'succeeded', outputs: { changed_first: 0, changed_second: 0, tasks: [] } });
    await done(runId, 'conf');
  });

  it('fails a configuration that is not idempotent, naming the task', async () => {
    const target = join(dir, 'drifty-target');
    const stamp = '    - name: stamp the time\n      ansible.builtin.shell: "date +%s%N > ' + target + '/stamp"\n';
    const digest = await m.bundle({ stack: 'drifty', cloud: true, playbook: playbook(target, stamp), inventory: INVENTORY });
    const spec = m.spec('drifty', AWS);
    const { runId } = await m.plan({ stack: 'drifty', digest, spec });
    const configured = await m.configure({ runId, stack: 'drifty', digest, spec });
    expect(configured).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('the second apply changed 1 task(s), expected none: localhost: stamp the time') });
    await done(runId, 'drifty');
  });

  it('fails the plan of a playbook that does not parse, with ansible\'s message; nothing planned or applied', async () => {
    const digest = await m.bundle({ stack: 'broken', cloud: true, playbook: '- hosts: all\n  tasks:\n    - name: x\n      ansible.builtin.file: { path: /tmp/x\n     bad: [\n', inventory: INVENTORY });
    const applies = tf.applies().length;
    const { runId, finished } = await m.plan({ stack: 'broken', digest, spec: m.spec('broken', AWS) });
    expect(finished).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/playbook .*ansible\/playbook\.yml does not parse \(.*playbook\.yml:\d+:\d+\): .+ — fix the playbook and run again/) });
    expect(await m.store.stack('broken', 'staging')).toBeUndefined();
    expect(tf.applies()).toHaveLength(applies);
    await done(runId, 'broken');
  });

  it('validates the image template with packer: a valid one plans, one packer refuses fails the plan with packer\'s error', async () => {
    const valid = await m.bundle({ stack: 'image', cloud: true, packer: JSON.stringify({ source: { null: { x: { communicator: 'none' } } }, build: { sources: ['source.null.x'] } }) });
    const ok = await m.plan({ stack: 'image', digest: valid, spec: m.spec('image', AWS) });
    expect(ok.finished).toMatchObject({ outcome: 'succeeded' });
    const invalid = await m.bundle({ stack: 'image', cloud: true, packer: JSON.stringify({ builders: [{ type: 'no-such-builder' }] }) });
    const { finished } = await m.plan({ runId: ok.runId, stack: 'image', digest: invalid, spec: m.spec('image', AWS), attempt: 2 });
    expect(finished).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^packer validate packer\/image\.pkr\.json failed: .*No argument or block type is named "builders"/s) });
    await done(ok.runId, 'image');
  });

  it('runs the smoke tests: all answering writes the attestation; a wrong status fails naming the test', async () => {
    const digest = await m.bundle({ stack: 'smoke', cloud: true });
    const smoke = (path: string) => m.spec('smoke', { ...AWS, smoke_tests: [{ name: 'home', url: `${httpUrl}/ok` }, { name: 'status', url: `${httpUrl}${path}`, expect_status: 200 }] });
    const { runId, finished } = await m.plan({ stack: 'smoke', digest, spec: smoke('/ok') });
    await m.apply({ runId, stack: 'smoke', digest, planHash: m.review(finished).hash, spec: smoke('/ok') });
    const failing = await m.verify({ runId, stack: 'smoke', digest, spec: smoke('/down') });
    expect(failing).toMatchObject({ outcome: 'failed', reason: `1 of 3 checks failed: smoke status (GET ${httpUrl}/down answered 503, expected 200)` });
    expect(await new AttestationStore(m.mesh).verified('staging', digest)).toBe(false);
    const passing = await m.verify({ runId, stack: 'smoke', digest, spec: smoke('/ok'), attempt: 2 });
    expect(passing).toMatchObject({ outcome: 'succeeded', reason: 'checked: the applied configuration, 0 JetStream probe(s), 2 smoke test(s); verified attestation written' });
    expect(await new AttestationStore(m.mesh).verified('staging', digest)).toBe(true);
    await done(runId, 'smoke');
    await waitFor(async () => (await m.store.lockOf('smoke', 'staging')) === undefined, { timeoutMs: 10_000, message: 'locks released' });
  });
});
