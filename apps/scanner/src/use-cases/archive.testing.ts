import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';

/** Test helpers (not a spec): tar.gz archives built with the `tar` package. */

/** Packs real files from a temp directory, the way the builder does. */
export async function packFiles(files: Record<string, string | Buffer>): Promise<Buffer> {
  const root = mkdtempSync(join(tmpdir(), 'jetway-scan-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, 'src', name)), { recursive: true });
      writeFileSync(join(root, 'src', name), content);
    }
    await tar.create({ file: join(root, 'a.tgz'), cwd: join(root, 'src'), gzip: true, portable: true }, ['.']);
    return readFileSync(join(root, 'a.tgz'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Writes raw headers, so tests can make entries no well-behaved packer would (e.g. `../x`). */
export function rawTarGz(entries: Array<{ path: string; content: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.content);
    const header = new tar.Header({ path: entry.path, type: 'File', size: body.length, mode: 0o644, mtime: new Date(0) });
    header.encode();
    if (!header.block) throw new Error('tar header did not encode');
    blocks.push(header.block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
