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

/** Object name of an artifact: its digest with ':' replaced by '-' (the builder stores it so). */
export function artifactObjectName(digest: string): string {
  return digest.replace(':', '-');
}

/** Object name of the SARIF report for a digest: `sarif-<hex>`; one report per digest. */
export function sarifObjectName(digest: string): string {
  return `sarif-${digest.slice(digest.indexOf(':') + 1)}`;
}
