import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { z } from 'zod';
import { parseWith } from '@jetway/contracts';

/** One generated file of a bundle: a relative path and its text. */
export interface BundleFile {
  readonly path: string;
  readonly content: string;
}

/** A path inside a bundle: relative, normalised, never climbing out of it. */
const BundlePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && normalize(path) === path && !path.startsWith('..'), 'must be a relative path inside the bundle');

const BundleDocument = z.object({ format: z.string().min(1), files: z.array(z.object({ path: BundlePath, content: z.string() })) });

/**
 * Generated files as stored: one canonical JSON document of a named format (files sorted by
 * path), addressed by the sha256 of its bytes — the same files always give the same digest, so a
 * re-run of a generate step stores nothing new and an apply of an unchanged bundle changes nothing.
 */
export function packFiles(format: string, files: readonly BundleFile[]): { digest: string; bytes: Buffer } {
  const paths = new Set<string>();
  for (const file of files) {
    if (paths.has(file.path)) throw new Error(`two generated files have the path ${file.path}: a generator bug`);
    paths.add(file.path);
  }
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(({ path, content }) => ({ path, content }));
  const bytes = Buffer.from(JSON.stringify({ format, files: sorted }), 'utf8');
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes };
}

/** The files of a stored bundle of `format`; throws naming what is wrong when the bytes are not one (or not the digest's). */
export function unpackFiles(format: string, bytes: Buffer, digest: string): BundleFile[] {
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) throw new Error(`the stored bundle ${digest} has digest ${actual}: the object store returned other bytes`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`the stored bundle ${digest} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseWith(BundleDocument, json);
  if (!parsed.ok || parsed.data.format !== format) throw new Error(`the stored bundle ${digest} is not a ${format} bundle: ${parsed.ok ? `its format is ${parsed.data.format}` : parsed.error}`);
  return parsed.data.files;
}

/** Writes the files under `dir` (created as needed), for the tools that read files. */
export async function writeFiles(files: readonly BundleFile[], dir: string): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}
