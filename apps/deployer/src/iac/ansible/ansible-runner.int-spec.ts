import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@jetway/testing';
import { AnsibleRunner } from './ansible-runner';
import { AnsibleMissingError, AnsibleRunError, AnsibleSyntaxError, AnsibleTimeoutError, NotIdempotentError } from './ansible-errors';
import { totalChanged } from './ansible-report';

// Real ansible-playbook (Debian's ansible-core) against localhost over the local connection: no ssh.
const INVENTORY = 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n';

function configurePlaybook(target: string): string {
  return `- hosts: all
  gather_facts: false
  tasks:
    - name: app directory
      ansible.builtin.file: { path: "${target}/app", state: directory, mode: "0755" }
    - name: app settings
      ansible.builtin.copy: { dest: "${target}/app/settings.txt", content: "replicas=3\\n", mode: "0644" }
    - name: listen port
      ansible.builtin.lineinfile: { path: "${target}/app/server.conf", line: "port=8080", create: true, mode: "0644" }
`;
}

describe('AnsibleRunner (real ansible-playbook)', () => {
  const runner = new AnsibleRunner({ timeoutMs: 60_000 });
  let dir: string;
  let target: string;
  let inventory: string;
  let playbook: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ansible-runner-'));
    target = join(dir, 'target');
    inventory = join(dir, 'inventory.ini');
    playbook = join(dir, 'configure.yml');
    await writeFile(inventory, INVENTORY);
    await writeFile(playbook, configurePlaybook(target));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };

  it('passes the syntax check of a playbook that parses', async () => {
    await expect(runner.syntaxCheck(playbook, inventory)).resolves.toBeUndefined();
  });

  it('refuses a playbook that does not parse, with ansible’s message and the file and line', async () => {
    const broken = await write('broken.yml', '- hosts: all\n  tasks:\n    - name: x\n      ansible.builtin.file: { path: /tmp/x\n     bad: [\n');
    const error = await runner.syntaxCheck(broken, inventory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnsibleSyntaxError);
    const syntax = error as AnsibleSyntaxError;
    expect(syntax.location).toEqual({ file: broken, line: 5, column: 9 });
    expect(syntax.message).toContain('Syntax Error while loading YAML');
    expect(syntax.message).toContain(`${broken}:5:9`);
    expect(syntax.retryable).toBe(false);
  });

  it('refuses a playbook naming a module that does not exist', async () => {
    const unknown = await write('unknown.yml', '- hosts: all\n  tasks:\n    - name: x\n      ansible.builtin.nosuch: { path: /tmp/x }\n');
    await expect(runner.syntaxCheck(unknown, inventory)).rejects.toThrow(/couldn't resolve module\/action 'ansible.builtin.nosuch'/);
  });

  it('plans with check mode: reports the changes with diffs and changes nothing on disk', async () => {
    const plan = await runner.checkDiff(playbook, inventory);
    expect(plan.hosts['localhost']).toEqual({ ok: 3, changed: 3, failed: 0, unreachable: 0, skipped: 0 });
    expect(plan.tasks.map((task) => [task.task, task.changed])).toEqual([
      ['app directory', true],
      ['app settings', true],
      ['listen port', true],
    ]);
    expect(plan.tasks[1]?.diff).toContain('+replicas=3');
    expect(plan.tasks[2]?.diff).toContain('+port=8080');
    expect(existsSync(target)).toBe(false);
  });

  it('applies the changes, then a second apply changes nothing', async () => {
    const first = await runner.apply(playbook, inventory);
    expect(totalChanged(first)).toBe(3);
    expect(await readFile(join(target, 'app', 'settings.txt'), 'utf8')).toBe('replicas=3\n');
    expect(await readFile(join(target, 'app', 'server.conf'), 'utf8')).toBe('port=8080\n');

    const second = await runner.assertIdempotent(playbook, inventory);
    expect(second.hosts['localhost']).toEqual({ ok: 3, changed: 0, failed: 0, unreachable: 0, skipped: 0 });
    expect(totalChanged(await runner.checkDiff(playbook, inventory))).toBe(0);
  });

  it('reports a file edited by hand as drift in check mode, and leaves it as it is', async () => {
    const settings = join(target, 'app', 'settings.txt');
    await writeFile(settings, 'replicas=1\n');
    const plan = await runner.checkDiff(playbook, inventory);
    expect(totalChanged(plan)).toBeGreaterThanOrEqual(1);
    const drifted = plan.tasks.find((task) => task.changed);
    expect(drifted?.task).toBe('app settings');
    expect(drifted?.diff).toContain('-replicas=1');
    expect(drifted?.diff).toContain('+replicas=3');
    expect(await readFile(settings, 'utf8')).toBe('replicas=1\n');
  });

  it('fails the idempotency check naming the task that changes on every run', async () => {
    const always = await write(
      'always.yml',
      '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: stamp\n      ansible.builtin.command: "true"\n',
    );
    const error = await runner.assertIdempotent(always, inventory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotIdempotentError);
    expect((error as NotIdempotentError).changedTasks).toEqual(['localhost: stamp']);
  });

  it('fails an apply naming the host and the task that failed', async () => {
    const failing = await write(
      'failing.yml',
      '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: must fail\n      ansible.builtin.fail: { msg: "disk full" }\n',
    );
    const error = await runner.apply(failing, inventory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnsibleRunError);
    expect((error as Error).message).toContain('localhost: failed=1 unreachable=0 (task "must fail": disk full)');
  });

  it('stops a run that outlives its timeout, with the processes ansible started', async () => {
    const marker = 'sleep 59.731';
    const slow = await write('slow.yml', `- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.command: ${marker}\n`);
    const running = (): boolean => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(marker);
    const started = Date.now();
    const run = new AnsibleRunner({ timeoutMs: 8_000 }).apply(slow, inventory).catch((e: unknown) => e);
    await waitFor(running, { timeoutMs: 8_000, message: `${marker} to start under ansible` });
    const error = await run;
    expect(error).toBeInstanceOf(AnsibleTimeoutError);
    expect(Date.now() - started).toBeLessThan(20_000);
    await waitFor(() => !running(), { timeoutMs: 5_000, message: `${marker} to be killed with ansible's process group` });
  });

  it('refuses a run that matched no host instead of calling it in sync', async () => {
    const elsewhere = await write('elsewhere.yml', configurePlaybook(target).replace('hosts: all', 'hosts: databases'));
    await expect(runner.checkDiff(elsewhere, inventory)).rejects.toThrow(/no host of the inventory matched the plays/);
    await expect(runner.checkDiff(playbook, join(dir, 'no-such-inventory.ini'))).rejects.toThrow(/No inventory was parsed/);
  });

  it('says how to install ansible-playbook when it is missing', async () => {
    const missing = new AnsibleRunner({ binary: join(dir, 'no-such-ansible-playbook') });
    const error = await missing.syntaxCheck(playbook, inventory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnsibleMissingError);
    expect((error as Error).message).toContain('sudo apt-get install ansible-core');
  });
});
