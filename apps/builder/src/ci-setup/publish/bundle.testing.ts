import { gzipSync } from 'node:zlib';

/** Test helper (not a spec): a tar.gz written byte by byte, so specs can make archives no packer would. */
export interface RawEntry {
  path: string;
  content?: string;
  mode?: number;
  /** ustar type flag: '0' file (default), '5' directory, '2' symlink. */
  type?: '0' | '2' | '5';
  linkTarget?: string;
}

export function rawTarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.content ?? '');
    const header = Buffer.alloc(512);
    header.write(entry.path, 0, 100);
    header.write(octal(entry.mode ?? 0o644, 7), 100);
    header.write(octal(0, 7), 108);
    header.write(octal(0, 7), 116);
    header.write(octal(body.length, 11), 124);
    header.write(octal(0, 11), 136);
    header.write(entry.type ?? '0', 156);
    header.write(entry.linkTarget ?? '', 157, 100);
    header.write('ustar\u000000', 257);
    header.write('        ', 148);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${octal(sum, 6)} `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width, '0')}\u0000`;
}
