import http from 'node:http';

/** The router's control socket did not answer (it is not running, not yet, or hangs): the call can be tried again once it runs. */
export class RouterUnreachable extends Error {
  override readonly name = 'RouterUnreachable';
}

/** The control API refused a call (a bad route, an unknown call): trying again cannot help. */
export class RouterRefused extends Error {
  override readonly name = 'RouterRefused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Socket errors that mean "nobody listens there (any more)", or nobody answers. */
const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTSOCK', 'ETIMEDOUT']);

/**
 * One JSON call to the router's control API on its unix socket. Resolves the body of a 2xx
 * answer (`undefined` for a 404 when `missingIsUndefined`); rejects RouterUnreachable when
 * nothing answers on the socket, RouterRefused for any other answer.
 */
export function controlCall<T>(
  socket: string,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  options: { body?: unknown; timeoutMs?: number; missingIsUndefined?: boolean } = {},
): Promise<T | undefined> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath: socket,
        method,
        path,
        timeout: options.timeoutMs ?? 10_000,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(new RouterUnreachable(`router control ${method} ${path}: ${error.message}`)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status === 404 && options.missingIsUndefined) return resolve(undefined);
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            return reject(new RouterRefused(status, `router control ${method} ${path}: answered ${status} ${text.slice(0, 200)}`));
          }
          if (status >= 200 && status < 300) return resolve(body as T);
          const error = (body as { error?: string }).error ?? text;
          reject(new RouterRefused(status, `router control ${method} ${path}: ${status} ${error}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = `router control ${method} ${path}: ${error.message}`;
      reject(UNREACHABLE.has(error.code ?? '') ? new RouterUnreachable(reason) : new RouterRefused(0, reason));
    });
    req.end(payload);
  });
}
