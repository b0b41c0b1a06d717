import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tar from 'tar';
import type { BuildTriggered } from '@jetway/contracts';
import type { BuildDriver, DriverBuildResult } from '../../use-cases/build-driver.port';

/** The one file of a no-op artifact. */
export const NOOP_MANIFEST = 'jetway-noop-build.json';

/**
 * The no-op build (`JETWAY_BUILDER_DRIVER=noop`): reads no source and runs no command; the
 * artifact is a one-file tar.gz describing the request (application, source, build spec). Same
 * request → same bytes → same digest, like a real reproducible build, so the scanner and the
 * deployer handle it as any other artifact. For benchmarks that measure the mesh, not builds.
 */
export class NoopBuildDriver implements BuildDriver {
  async build(trigger: BuildTriggered, scratchDir: string): Promise<DriverBuildResult> {
    const output = join(scratchDir, 'noop-output');
    const archivePath = join(scratchDir, 'artifact.tar.gz');
    const logPath = join(scratchDir, 'build.log');
    const manifest = { application: trigger.application, source: trigger.source, build: trigger.build };
    await mkdir(output);
    await writeFile(join(output, NOOP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const log = `noop build of ${trigger.application}: no command run\n`;
    await writeFile(logPath, log);
    // The command driver's packing rules: fixed mtime and portable headers, so bytes depend on content only.
    await tar.create({ file: archivePath, cwd: output, gzip: true, portable: true, mtime: new Date(0), strict: true }, [NOOP_MANIFEST]);
    const bytes = await readFile(archivePath);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    return { ok: true, digest, sizeBytes: bytes.length, archivePath, logPath, logTail: log };
  }
}
