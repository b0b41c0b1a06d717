import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The state directories (`.jetway`) the CLI looks in, in order: `JETWAY_STATE_DIR`, the working
 * directory's, then the one of the checkout the CLI runs from — so `jetway` works from any
 * directory after `npm link` against the mesh `npm start` runs.
 */
export function stateDirsOf(env: NodeJS.ProcessEnv, cwd: string, installRoot: string): string[] {
  const dirs = [env['JETWAY_STATE_DIR'], join(cwd, '.jetway'), join(installRoot, '.jetway')].filter((d): d is string => Boolean(d));
  return [...new Set(dirs.map((dir) => resolve(cwd, dir)))];
}

/** The URL the embedded NATS of `npm start` listens on, from the first state dir that has one. */
export function embeddedNatsUrl(stateDirs: readonly string[]): string | undefined {
  const file = stateDirs.map((dir) => join(dir, 'nats.url')).find((path) => existsSync(path));
  return file ? readFileSync(file, 'utf8').trim() : undefined;
}
