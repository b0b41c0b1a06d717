import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ConfigDir } from '../../use-cases';

/** `ConfigDir` on the local file system: write to a temp file beside the target, then rename. */
export class FsConfigDir implements ConfigDir {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async write(relativePath: string, content: string): Promise<{ path: string; changed: boolean }> {
    const path = this.resolve(relativePath);
    if ((await readFile(path, 'utf8').catch(() => undefined)) === content) return { path, changed: false };
    await mkdir(dirname(path), { recursive: true });
    // Same directory as the target so rename() stays on one file system and is atomic.
    const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, content, { encoding: 'utf8', mode: 0o644 });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { path, changed: true };
  }

  async list(relativeDir: string): Promise<string[]> {
    try {
      const entries = await readdir(this.resolve(relativeDir), { withFileTypes: true });
      return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Keeps every write inside the root, whatever the relative path says. */
  private resolve(relativePath: string): string {
    const path = resolve(this.root, relativePath);
    if (path !== this.root && !path.startsWith(this.root + sep)) {
      throw new Error(`${relativePath} is outside the config directory ${this.root}`);
    }
    return path;
  }
}
