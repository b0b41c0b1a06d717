/**
 * One HTTP GET: resolves with the status code (the body is read and dropped), rejects on a
 * network error or when no answer arrives within `timeoutMs`.
 */
export type HttpGet = (url: string, timeoutMs: number) => Promise<number>;

/** An answer's status and the release the router says answered (`RELEASE_HEADER`), if it said. */
export interface HttpAnswer {
  readonly status: number;
  readonly release: string | undefined;
}

/** As `HttpGet`, resolving with the status and the answering release. */
export type HttpGetAnswer = (url: string, timeoutMs: number) => Promise<HttpAnswer>;
