/**
 * One HTTP GET: resolves with the status code (the body is read and dropped), rejects on a
 * network error or when no answer arrives within `timeoutMs`.
 */
export type HttpGet = (url: string, timeoutMs: number) => Promise<number>;
