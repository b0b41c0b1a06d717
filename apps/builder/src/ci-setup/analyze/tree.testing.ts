import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFiles } from '@jetway/testing';
import { readProjectTree, type ProjectTree } from './project-tree';

/** Test helper (not a spec): real project trees in temp directories, removed by `cleanup()`. */
export class TempTrees {
  private readonly dirs: string[] = [];

  /** A new temp directory holding `files` (relative path → content). */
  dir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'jetway-analyze-'));
    this.dirs.push(dir);
    writeFiles(dir, files);
    return dir;
  }

  /** `files` written to disk and read back as the analysis reads a project. */
  tree(files: Record<string, string>): Promise<ProjectTree> {
    return readProjectTree(this.dir(files));
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
