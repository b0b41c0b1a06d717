import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { z } from 'zod';
import { parseWith } from '@jetway/contracts';
import type { BundleFile } from './bundle.types';

/** A path inside a bundle: relative, normalised, never climbing out of it. */
const BundlePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && normalize(path) === path && !path.startsWith('..'), 'must be a relative path inside the bundle');

const BundleDocument = z.object({
  format: z.literal('jetway.monitoring-bundle.v1'),
  files: z.array(z.object({ path: BundlePath, content: z.string() })),
});

/**
 * A monitoring bundle as stored: one canonical JSON document (files sorted by path), addressed by
 * the sha256 of its bytes — the same files always give the same digest, so a re-run of generate
 * stores nothing new and an apply of an unchanged bundle changes nothing.
 */
export function packBundle(files: readonly BundleFile[]): { digest: string; bytes: Buffer } {
  const paths = new Set<string>();
  for (const file of files) {
    if (paths.has(file.path)) throw new Error(`two generated files have the path ${file.path}: a generator bug`);
    paths.add(file.path);
  }
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(({ path, content }) => ({ path, content }));
  const bytes = Buffer.from(JSON.stringify({ format: 'jetway.monitoring-bundle.v1', files: sorted }), 'utf8');
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes };
}

/** The files of a stored bundle; throws naming what is wrong when the bytes are not one (or not the digest's). */
export function unpackBundle(bytes: Buffer, digest: string): BundleFile[] {
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) throw new Error(`the stored bundle ${digest} has digest ${actual}: the object store returned other bytes`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`the stored bundle ${digest} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseWith(BundleDocument, json);
  if (!parsed.ok) throw new Error(`the stored bundle ${digest} is not a monitoring bundle: ${parsed.error}`);
  return parsed.data.files;
}

/** Writes the files under `dir` (created as needed), for the tools that read files. */
export async function writeBundle(files: readonly BundleFile[], dir: string): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}
