import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import { PermanentError } from '@jetway/messaging';
import { readBundle } from '../publish/bundle';
import { fetchArtifact, type ArtifactReader } from '../publish/fetch-artifact';

/** A fresh directory tree the proof runs in; removed by the caller with `root`. */
export interface Sandbox {
  root: string;
  /** The project tree with the generated files on top: what the branch will hold. */
  project: string;
  /** HOME of the commands (package caches land here, never in the builder's own home). */
  home: string;
  tmp: string;
  /** Logs of each command and the step's whole log, outside the project so no tool picks them up. */
  logs: string;
}

/**
 * Makes the sandbox under `root` (which must be new and empty): the project tree `sourceDigest`
 * unpacked, then the generated bundle `bundleDigest` written over it, because the generated
 * pipeline runs in a checkout of the branch: the project plus its files. Both archives are
 * checked against their digests; node-tar refuses entries escaping the tree (strict mode).
 */
export async function prepareSandbox(root: string, objects: ArtifactReader, sourceDigest: string, bundleDigest: string): Promise<Sandbox> {
  const sandbox: Sandbox = { root, project: join(root, 'project'), home: join(root, 'home'), tmp: join(root, 'tmp'), logs: join(root, 'logs') };
  await Promise.all([sandbox.project, sandbox.home, sandbox.tmp, sandbox.logs].map((dir) => mkdir(dir, { recursive: true })));
  const sourceArchive = join(sandbox.logs, 'source.tar.gz');
  await fetchArtifact(objects, sourceDigest, sourceArchive);
  await tar.x({ file: sourceArchive, cwd: sandbox.project, strict: true }).catch((error: unknown) => {
    throw new PermanentError(`source_digest: the project tree does not unpack: ${(error as Error).message}`, { cause: error });
  });
  const bundleArchive = join(sandbox.logs, 'bundle.tar.gz');
  await fetchArtifact(objects, bundleDigest, bundleArchive);
  for (const file of await readBundle(await readFile(bundleArchive))) {
    const path = join(sandbox.project, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
    if (file.executable) await chmod(path, 0o755);
  }
  return sandbox;
}

/** Package managers' own settings (which registry or mirror, which CA): the builder's, carried into the sandbox. */
const PACKAGE_MANAGER_SETTINGS = /^(PIP_|npm_config_|NPM_CONFIG_|UV_INDEX|UV_EXTRA_INDEX|GOPROXY$|GOFLAGS$|MAVEN_OPTS$)/;

/**
 * The whole environment of a proof command: the tools on PATH, a HOME and TMPDIR inside the
 * sandbox, the language, CI=true (tools stop asking questions), and the package managers'
 * settings of the builder (its registry mirror, its CA: the sandbox's HOME would lose a pip.conf
 * kept in the builder's). Caches land in the sandbox. Nothing else of the builder's environment —
 * NATS credentials, tokens — reaches a command that could print it.
 */
export function proveEnvironment(sandbox: Pick<Sandbox, 'home' | 'tmp'>, source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const settings = Object.fromEntries(Object.entries(source).filter(([name]) => PACKAGE_MANAGER_SETTINGS.test(name)));
  const pipConf = source.HOME ? join(source.HOME, '.config', 'pip', 'pip.conf') : undefined;
  const pip = !settings['PIP_CONFIG_FILE'] && pipConf && existsSync(pipConf) ? { PIP_CONFIG_FILE: pipConf } : {};
  return { ...settings, ...pip, PATH: source.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: sandbox.home, TMPDIR: sandbox.tmp, LANG: source.LANG ?? 'C.UTF-8', CI: 'true' };
}

const PYTHON_COMMAND = /(^|[\s;&|(])(python3?|pip3?)(\s|$)/;

/**
 * For commands that run Python: a virtual environment in the sandbox, first on PATH. What the
 * generated pipeline installs (`python -m pip install coverage`) then lands in the sandbox, never
 * in the machine's own Python, and `python` resolves to a real interpreter even where the
 * builder's PATH holds version-manager shims that need the builder's HOME. Without python3 on the
 * builder's PATH nothing is made (the toolchain check then skips those components, saying why).
 */
export async function withPythonVenv(env: NodeJS.ProcessEnv, sandbox: Pick<Sandbox, 'root'>, commands: readonly string[], source: NodeJS.ProcessEnv = process.env): Promise<NodeJS.ProcessEnv> {
  if (!commands.some((command) => PYTHON_COMMAND.test(command))) return env;
  const venv = join(sandbox.root, 'venv');
  try {
    await promisify(execFile)('python3', ['-m', 'venv', venv], { env: source, timeout: 120_000 });
  } catch {
    return env;
  }
  return { ...env, PATH: `${join(venv, 'bin')}:${env.PATH ?? ''}`, VIRTUAL_ENV: venv };
}
