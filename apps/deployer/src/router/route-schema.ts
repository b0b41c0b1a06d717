import { z } from 'zod';

// The wire shape of a route (control API, routes file): `Route` of weighted-router.port.ts, checked.

/** `host:port` of an instance. */
const Target = z.string().regex(/^[^\s/:]+:\d{1,5}$/, 'must be host:port');
const Backend = z.strictObject({ target: Target, release: z.string().min(1).max(200) });
const Backends = z.array(Backend).max(256);

export const RouteSchema = z.strictObject({
  stable: Backends,
  canary: z.strictObject({ backends: Backends, weight: z.number().int().min(0).max(100) }).optional(),
  preview: Backends.optional(),
});

/** An application or environment name: a path segment of the router's URLs. */
export const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The routes file and `GET /v1/routes`: every route by `<app>/<env>`. */
export const RouteTableSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]{0,62}\/[a-z][a-z0-9-]{0,62}$/, 'must be <application>/<environment>'),
  RouteSchema,
);

export const DrainRequestSchema = z.strictObject({
  targets: z.array(Target).max(1024),
  timeout_ms: z.number().int().min(0).max(600_000),
});
