import http from 'node:http';
import type { HttpAnswer, HttpGet, HttpGetAnswer } from '../../use-cases';
import { RELEASE_HEADER } from '../../use-cases/weighted-router.port';

/**
 * `HttpGetAnswer` over node:http. No keep-alive agent: probes are rare, and a pooled socket to an
 * instance that is shutting down would turn into a spurious reset.
 */
export const httpGetAnswer: HttpGetAnswer = (url, timeoutMs) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const release = res.headers[RELEASE_HEADER];
      res.resume(); // drain the body so the socket closes
      res.on('end', () => resolve({ status: res.statusCode ?? 0, release: Array.isArray(release) ? release.join(', ') : release }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });

/** `HttpGet` over node:http: the status of `httpGetAnswer`. */
export const httpGetStatus: HttpGet = async (url, timeoutMs) => (await httpGetAnswer(url, timeoutMs)).status;
