export { artifactObjectName, sarifObjectName } from '@jetway/contracts';
/**
 * Reads artifacts the builder stored (the JetStream Object Store `artifacts` in production).
 */
export interface ArtifactReader {
  /**
   * The whole object named `name`. Rejects with `PermanentError` when no such object exists
   * (the digest was never built here) and `TransientError` when the store cannot be reached.
   */
  get(name: string): Promise<Buffer>;
}

