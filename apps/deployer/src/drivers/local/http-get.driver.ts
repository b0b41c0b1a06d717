import http from 'node:http';
import type { HttpGet } from '../../use-cases';

/**
 * `HttpGet` over node:http. No keep-alive agent: probes are rare, and a pooled socket to an
 * instance that is shutting down would turn into a spurious reset.
 */
export const httpGetStatus: HttpGet = (url, timeoutMs) =>
  new Promise<number>((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume(); // drain the body so the socket closes
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
