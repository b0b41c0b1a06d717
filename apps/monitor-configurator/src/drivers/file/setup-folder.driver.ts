import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SetupFolder, StagedSetup } from '../../release/release.ports';
import { writeBundle } from '../../setup/bundle';
import type { BundleFile } from '../../setup/bundle.types';

/** The stack directory's `setups/` (the stack driver's layout: a directory per setup; dot-directories are scratch it skips). */
const SETUPS = 'setups';

/** Scratch directories older than this were left by a process killed mid-write (a staging lives seconds). */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Renames `from` to `to`; false when there was nothing to move. */
async function moveAside(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A setup's bundle as files under `<stackDir>/setups/<setup>/`, staged in `.staging-<setup>-<tag>/` and swapped in by renames. */
export class FsSetupFolder implements SetupFolder {
  constructor(private readonly stackDir: string) {}

  async stage(setup: string, files: readonly BundleFile[]): Promise<StagedSetup> {
    const setups = join(this.stackDir, SETUPS);
    const tag = randomBytes(4).toString('hex');
    const staging = join(setups, `.staging-${setup}-${tag}`);
    const discard = () => rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    try {
      await writeBundle(files, staging);
    } catch (error) {
      await discard();
      throw error;
    }
    return {
      dir: staging,
      commit: async () => {
        await this.swapIn(staging, this.dir(setup), join(setups, `.previous-${setup}-${tag}`));
        return files.map((file) => join(this.dir(setup), file.path)).sort();
      },
      discard,
    };
  }

  dir(setup: string): string {
    return join(this.stackDir, SETUPS, setup);
  }

  /**
   * Removes the staged and set-aside directories (`.staging-*`, `.previous-*`) under setups/
   * last changed over `olderThanMs` ago: what a process killed mid-write left behind (a live
   * one's are seconds old, so replicas sharing the directory are safe). Resolves with their paths.
   */
  async sweep(olderThanMs = ABANDONED_AFTER_MS, now = Date.now()): Promise<string[]> {
    const setups = join(this.stackDir, SETUPS);
    const names = await readdir(setups).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names.filter((n) => n.startsWith('.staging-') || n.startsWith('.previous-'))) {
      const path = join(setups, name);
      const changed = await stat(path).then((s) => s.mtimeMs, () => undefined);
      if (changed === undefined || now - changed < olderThanMs) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    }
    return removed;
  }

  resolve(relativePath: string): string {
    return join(this.stackDir, relativePath);
  }

  /** `staging` becomes `target`; the previous `target` goes back if the new one cannot take its place. */
  private async swapIn(staging: string, target: string, previous: string): Promise<void> {
    const moved = await moveAside(target, previous);
    try {
      await rename(staging, target);
    } catch (error) {
      if (moved) await rename(previous, target);
      throw error;
    } finally {
      await rm(previous, { recursive: true, force: true });
    }
  }
}
