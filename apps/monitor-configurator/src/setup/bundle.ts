import { packFiles, unpackFiles, writeFiles } from '@jetway/messaging';
import type { BundleFile } from './bundle.types';

const FORMAT = 'jetway.monitoring-bundle.v1';

/** A monitoring bundle as stored: canonical JSON of its files, addressed by the sha256 of its bytes (see packFiles). */
export function packBundle(files: readonly BundleFile[]): { digest: string; bytes: Buffer } {
  return packFiles(FORMAT, files);
}

/** The files of a stored monitoring bundle; throws naming what is wrong when the bytes are not one (or not the digest's). */
export function unpackBundle(bytes: Buffer, digest: string): BundleFile[] {
  return unpackFiles(FORMAT, bytes, digest);
}

/** Writes the files under `dir` (created as needed), for the tools that read files. */
export const writeBundle = writeFiles;
