import { createHash } from 'node:crypto';
import { PermanentError } from '@jetway/messaging';
import { artifactObjectName, type ArtifactReader } from './artifact-reader.port';

/**
 * The bytes stored for `digest`, hashed first: a verdict about a digest must be about exactly
 * those bytes. Other bytes under its name reject with `PermanentError` naming the trigger's `field`.
 */
export async function readVerified(digest: string, field: string, reader: ArtifactReader): Promise<Buffer> {
  const bytes = await reader.get(artifactObjectName(digest));
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) {
    throw new PermanentError(`${field}: object ${artifactObjectName(digest)} holds ${actual}, not ${digest}`);
  }
  return bytes;
}
