import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
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

/**
 * The whole environment of a proof command: the tools on PATH, a HOME and TMPDIR inside the
 * sandbox, the language, and CI=true (tools stop asking questions). Nothing else of the
 * builder's environment — NATS credentials, tokens — reaches a command that could print it.
 */
export function proveEnvironment(sandbox: Pick<Sandbox, 'home' | 'tmp'>, source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { PATH: source.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: sandbox.home, TMPDIR: sandbox.tmp, LANG: source.LANG ?? 'C.UTF-8', CI: 'true' };
}
