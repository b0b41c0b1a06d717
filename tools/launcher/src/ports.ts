import { createServer } from 'node:net';
import { freePort } from '@jetway/testing';

/** True when nothing listens on 127.0.0.1:port. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The preferred port when it is free (stable URLs for humans), any free one otherwise. */
export async function portOr(preferred: number): Promise<number> {
  return (await portFree(preferred)) ? preferred : freePort();
}
