import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SetupFolder } from '../../release/release.ports';
import { writeBundle } from '../../setup/bundle';
import type { BundleFile } from '../../setup/bundle.types';

/** The stack directory's `setups/` (the stack driver's layout: a directory per setup; dot-directories are scratch it skips). */
const SETUPS = 'setups';

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

/** A setup's bundle as files under `<stackDir>/setups/<setup>/`, swapped in by renames. */
export class FsSetupFolder implements SetupFolder {
  constructor(private readonly stackDir: string) {}

  async write(setup: string, files: readonly BundleFile[]): Promise<string[]> {
    const setups = join(this.stackDir, SETUPS);
    const target = this.dir(setup);
    const tag = randomBytes(4).toString('hex');
    const staging = join(setups, `.staging-${setup}-${tag}`);
    const previous = join(setups, `.previous-${setup}-${tag}`);
    await mkdir(staging, { recursive: true });
    try {
      await writeBundle(files, staging);
      const moved = await moveAside(target, previous);
      try {
        await rename(staging, target);
      } catch (error) {
        // The previous bundle goes back if the new one cannot take its place.
        if (moved) await rename(previous, target);
        throw error;
      }
    } finally {
      await Promise.all([rm(staging, { recursive: true, force: true }), rm(previous, { recursive: true, force: true })]);
    }
    return files.map((file) => join(target, file.path)).sort();
  }

  dir(setup: string): string {
    return join(this.stackDir, SETUPS, setup);
  }

  resolve(relativePath: string): string {
    return join(this.stackDir, relativePath);
  }
}
