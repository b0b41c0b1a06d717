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

/**
 * `portOr` for several ports chosen together (before anything listens on them), each one distinct
 * from the others: two fallbacks to a free port could otherwise land on the same number.
 */
export async function portsOr<K extends string>(preferred: Readonly<Record<K, number>>): Promise<Record<K, number>> {
  const taken = new Set<number>();
  const chosen = {} as Record<K, number>;
  for (const name of Object.keys(preferred) as K[]) {
    let port = await portOr(preferred[name]);
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    chosen[name] = port;
  }
  return chosen;
}
