import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithTimeout } from '@jetway/processes';
import { AnsibleMissingError, AnsibleTimeoutError } from './ansible-errors';
import { EVENTS_CALLBACK_NAME, EVENTS_CALLBACK_SOURCE } from './events-callback';

export interface AnsibleProcessOptions {
  /** The program to start; `ansible-playbook` from PATH unless given. */
  binary?: string;
  /** Kill the whole process group after this long. */
  timeoutMs: number;
}

export interface AnsibleOutcome {
  exitCode: number | null;
  /** stdout and stderr interleaved as ansible wrote them. */
  output: string;
  /** The events callback's JSON lines ('' when ansible stopped before loading it). */
  events: string;
}

/**
 * Runs `ansible-playbook <args>` in a private workspace: its own HOME, ANSIBLE_LOCAL_TEMP and an
 * empty ansible.cfg (so no ~/.ansible.cfg, ./ansible.cfg or /etc/ansible/ansible.cfg changes
 * the run), no colour, no retry files, and the events callback loaded. The workspace is removed
 * afterwards.
 */
export async function runAnsible(args: readonly string[], options: AnsibleProcessOptions): Promise<AnsibleOutcome> {
  const workspace = await mkdtemp(join(tmpdir(), 'jetway-ansible-'));
  try {
    const env = await prepare(workspace);
    const outcome = await spawnWithTimeout(options.binary ?? 'ansible-playbook', args, env, workspace, options.timeoutMs);
    const events = await readFile(env['JETWAY_ANSIBLE_EVENTS'] ?? '', 'utf8').catch(() => '');
    return { ...outcome, events };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

async function prepare(workspace: string): Promise<NodeJS.ProcessEnv> {
  const home = join(workspace, 'home');
  const callbacks = join(workspace, 'callbacks');
  await mkdir(join(home, 'tmp'), { recursive: true });
  await mkdir(callbacks);
  await writeFile(join(callbacks, `${EVENTS_CALLBACK_NAME}.py`), EVENTS_CALLBACK_SOURCE);
  await writeFile(join(workspace, 'ansible.cfg'), '[defaults]\n');
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: home,
    ANSIBLE_CONFIG: join(workspace, 'ansible.cfg'),
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_REMOTE_TEMP: join(home, 'remote-tmp'),
    ANSIBLE_CALLBACK_PLUGINS: callbacks,
    ANSIBLE_CALLBACKS_ENABLED: EVENTS_CALLBACK_NAME,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    // An inventory that does not parse is an error, not a warning followed by an empty run.
    ANSIBLE_INVENTORY_UNPARSED_FAILED: '1',
    ANSIBLE_HOST_KEY_CHECKING: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    JETWAY_ANSIBLE_EVENTS: join(workspace, 'events.jsonl'),
  };
}

/** ansible forks workers: on timeout the whole process group is killed, not just the parent. */
async function spawnWithTimeout(
  binary: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number,
): Promise<Omit<AnsibleOutcome, 'events'>> {
  const run = await runWithTimeout(binary, args, { cwd, env, timeoutMs }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new AnsibleMissingError(error) : error;
  });
  if (run.timedOut) throw new AnsibleTimeoutError(args, timeoutMs);
  return { exitCode: run.exitCode, output: run.output };
}
