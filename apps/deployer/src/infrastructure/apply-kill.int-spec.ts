import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, terraformStandin, waitFor, type TerraformStandin } from '@jetway/testing';
import { InfraMesh } from './infra-mesh.fixture';

// kill -9 of a real deployer process during an infra-apply never applies twice. The deployer runs
// as `npm start` runs it (from TypeScript), Terraform is the stand-in from libs/testing behind a
// small wrapper script. Two windows:
//  1. killed while `terraform apply` runs and before it applied (the stand-in hangs: TF_STANDIN_HANG):
//     the next deployer takes the redelivered trigger, finds the apply marker `applying` and applies
//     the reviewed plan file — once in all;
//  2. killed after `terraform apply` applied but before the deployer recorded it (the wrapper
//     sleeps after a successful apply): the next deployer runs apply again, Terraform refuses the
//     plan file as stale, and the step fails saying to plan again — still one apply.
// A killed machine takes its child processes with it: the test kills the hung Terraform too (by
// the pids whose environment carries this test's mark).

const ROOT = resolve(__dirname, '../../../..');
const AWS = { cloud_provider: 'aws', budget_constraints: { monthly_limit: 500 }, application_requirements: { compute: { type: 'vms' }, networking: { security_zones: ['private'] } } };

describe('kill -9 of the deployer during infra-apply (int, real processes)', () => {
  let m: InfraMesh;
  let dir: string;
  let tf: TerraformStandin;
  let wrapper: string;
  let planJson: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'infra-kill-'));
    planJson = join(dir, 'recorded-plan.json');
    copyFileSync(join(__dirname, '../iac/terraform/fixtures/create.json'), planJson);
    tf = terraformStandin(dir, { planJson });
    wrapper = join(dir, 'terraform-wrapper');
    // Runs the stand-in; with JETWAY_TEST_SLEEP_AFTER_APPLY, a successful apply then never returns.
    writeFileSync(wrapper, `#!/bin/sh\n"${tf.bin}" "$@"\nrc=$?\nif [ "$1" = apply ] && [ "$rc" = 0 ] && [ -n "$JETWAY_TEST_SLEEP_AFTER_APPLY" ]; then exec sleep 600; fi\nexit $rc\n`);
    chmodSync(wrapper, 0o755);
    m = await InfraMesh.start('infra-kill', false);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    killMarked(dir);
    await m?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A deployer process, ready (its /health/ready answers 200); `terraformEnv` adds to Terraform's environment. */
  async function deployerProcess(name: string, terraformEnv: Record<string, string>): Promise<ChildProcess> {
    const opsPort = await freePort();
    const log = join(dir, `${name}.log`);
    const tfEnv = { TF_STANDIN_PLAN_JSON: planJson, TF_STANDIN_APPLY_LOG: tf.applyLog, JETWAY_TEST_MARK: dir, ...terraformEnv };
    const env = { PATH: process.env['PATH'], ...m.deployerEnv({ JETWAY_OPS_PORT: String(opsPort), JETWAY_LOG_LEVEL: 'info', JETWAY_TERRAFORM_BIN: wrapper, JETWAY_TERRAFORM_ENV: JSON.stringify(tfEnv) }) };
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/deployer/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')] });
    children.push(child);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`deployer ${name} exited ${child.exitCode}:\n${readFileSync(log, 'utf8').slice(-2_000)}`);
        return (await fetch(`http://127.0.0.1:${opsPort}/health/ready`).catch(() => undefined))?.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 200, message: `deployer ${name} to be ready` },
    );
    return child;
  }

  async function kill9(child: ChildProcess): Promise<void> {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  /** Plans stack `stack` in a new run through `deployer`, then publishes its apply; resolves once `terraform apply` runs. */
  async function planThenApply(stack: string): Promise<{ runId: string; digest: string; hash: string }> {
    const spec = m.spec(stack, AWS);
    const digest = await m.bundle({ stack, cloud: true });
    const { runId, finished } = await m.plan({ stack, digest, spec });
    const hash = m.review(finished).hash;
    await m.apply({ runId, stack, digest, planHash: hash, spec }, false);
    await waitFor(async () => (await m.store.marker(hash))?.in_progress === 'terraform' && markedApplies(dir).length > 0, { timeoutMs: 30_000, message: 'terraform apply to run' });
    return { runId, digest, hash };
  }

  it('killed before Terraform applied: the next deployer applies the reviewed plan, once', async () => {
    const first = await deployerProcess('hang-1', { TF_STANDIN_HANG: 'apply' });
    const { runId, hash } = await planThenApply('killed-early');
    expect(tf.applies()).toHaveLength(0);
    await kill9(first);
    killMarked(dir);

    const second = await deployerProcess('hang-2', {});
    const finished = await m.finishedOf('infra-apply', runId, 'apply-staging', 1, 90_000);
    expect(finished).toMatchObject({ outcome: 'succeeded', outputs: { plan_hash: hash, changelog_sequence: 1, already_applied: false, applied: ['Apply complete! Resources: 1 added, 0 changed, 0 destroyed.'] } });
    expect(tf.applies().map((a) => a.sha256)).toEqual([hash]);
    expect(await m.store.changelog('killed-early', 'staging')).toHaveLength(1);
    await kill9(second);
    await m.finishRun(runId, 'killed-early', 'succeeded');
  }, 150_000);

  it('killed after Terraform applied, before the deployer recorded it: applying again is refused as stale — one apply, and the step says to plan again', async () => {
    const first = await deployerProcess('late-1', { JETWAY_TEST_SLEEP_AFTER_APPLY: '1' });
    const before = tf.applies().length;
    const { runId, hash } = await planThenApply('killed-late');
    await waitFor(() => tf.applies().length === before + 1, { timeoutMs: 30_000, message: 'the stand-in to apply' });
    await kill9(first);
    killMarked(dir);

    const second = await deployerProcess('late-2', {});
    const finished = await m.finishedOf('infra-apply', runId, 'apply-staging', 1, 90_000);
    expect(finished).toMatchObject({ outcome: 'failed', reason: expect.stringContaining(`the apply of plan ${hash} started at`) });
    expect(finished.reason).toContain('Terraform now refuses its plan file as stale: the interrupted apply changed the state, so applying again could apply twice — plan again');
    expect(tf.applies().filter((a) => a.sha256 === hash)).toHaveLength(1);
    await kill9(second);
    await m.finishRun(runId, 'killed-late', 'failed');
  }, 150_000);
});

/** Pids of processes whose environment carries `JETWAY_TEST_MARK=<mark>` (Terraform and its wrapper, started for this test). */
function marked(mark: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`JETWAY_TEST_MARK=${mark}`)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

/** The marked processes running `apply`. */
function markedApplies(mark: string): number[] {
  return marked(mark).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('apply');
    } catch {
      return false;
    }
  });
}

function killMarked(mark: string): void {
  for (const pid of marked(mark)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
