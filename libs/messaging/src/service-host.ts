import { randomUUID } from 'node:crypto';
import { Catch, Module, type DynamicModule, type ExceptionFilter, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';
import { z } from 'zod';
import type { BucketName } from '@jetway/contracts';
import { createMetrics, JsonLogger, startOpsServer, startTelemetry, type Metrics, type OpsServer } from '@jetway/telemetry';
import { JetStreamServer, type JetStreamServerOptions } from './jetstream.server';
import { Mesh } from './mesh';
import { MessagingModule } from './messaging.module';
import { combineReadiness, WriteProbe, type Readiness } from './write-probe';

/** Environment every service reads (each app's config composes this with its own). */
export const MeshEnv = z.object({
  JETWAY_NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  JETWAY_NATS_USER: z.string().optional(),
  JETWAY_NATS_PASSWORD: z.string().optional(),
  JETWAY_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Port of /metrics and /health/*; 0 picks a free one. */
  JETWAY_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  JETWAY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});
export type MeshEnv = z.infer<typeof MeshEnv>;

/** Keeps a handler's own error (and so its retryable flag) for the settle rules. */
@Catch()
class KeepErrorFilter implements ExceptionFilter {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}

export interface ServiceHandle {
  readonly app: INestMicroservice;
  readonly mesh: Mesh;
  readonly metrics: Metrics;
  readonly logger: JsonLogger;
  readonly ops: OpsServer;
  /**
   * Starts the write probe: `/health/ready` is false while the last write to any of `buckets`
   * failed. Resolves after the first probe.
   */
  probeWrites(options: WriteProbeSettings): Promise<WriteProbe>;
  /** Stops consuming, waits for in-flight handlers, drains the connection. */
  stop(): Promise<void>;
}

/** The KV buckets a service must be able to write, and how often to prove it (default 10 s). */
export interface WriteProbeSettings {
  buckets: readonly BucketName[];
  intervalMs?: number;
}

/**
 * Boots one service: telemetry, NATS (topology provisioned), the NestJS app on the JetStream
 * transport, and the ops endpoints. `feature` is the service's own module.
 */
export async function startService(options: {
  service: string;
  env: MeshEnv;
  feature: Type<unknown> | DynamicModule;
  server?: Pick<JetStreamServerOptions, 'consumer' | 'perSubject'>;
  logger?: JsonLogger;
  /** Probe these writes from the start (see `ServiceHandle.probeWrites`). */
  writeProbe?: WriteProbeSettings;
}): Promise<ServiceHandle> {
  const { service, env } = options;
  startTelemetry({ serviceName: `jetway-${service}`, otlpEndpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
  const logger = options.logger ?? new JsonLogger(service, {}, env.JETWAY_LOG_LEVEL);
  const metrics = createMetrics(service, { defaultMetrics: true });
  const mesh = await Mesh.connect({
    servers: env.JETWAY_NATS_URL,
    name: service,
    user: env.JETWAY_NATS_USER,
    pass: env.JETWAY_NATS_PASSWORD,
    replicas: env.JETWAY_REPLICAS,
    onStatus: (event, detail) => logger.info(`nats ${event}`, { detail }),
  });
  const server = new JetStreamServer(mesh, { service, logger, metrics, ...options.server });
  @Module({
    imports: [
      MessagingModule.forRoot({ mesh, service, instanceId: `${service}-${randomUUID().slice(0, 8)}`, logger, metrics }),
      options.feature,
    ],
  })
  class ServiceRoot {}
  const app = await NestFactory.createMicroservice(ServiceRoot, { strategy: server, logger, abortOnError: false });
  app.useGlobalFilters(new KeepErrorFilter());
  await app.listen();
  const probes: WriteProbe[] = [];
  const probeWrites = async (settings: WriteProbeSettings) => {
    const probe = new WriteProbe((bucket) => mesh.kv(bucket), {
      service,
      ...settings,
      onChange: (bucket, outcome) =>
        outcome.ok ? logger.info(`can write to KV ${bucket} again`) : logger.warn(`cannot write to KV ${bucket}`, { error: outcome.error }),
    });
    probes.push(probe);
    await probe.start();
    return probe;
  };
  if (options.writeProbe) await probeWrites(options.writeProbe);
  const ops = await startOpsServer({
    port: env.JETWAY_OPS_PORT,
    registry: metrics.registry,
    ready: () => serviceReadiness(server.ready, probes),
  });
  logger.info('service ready', { ops_port: ops.port });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(probes.map((probe) => probe.stop()));
      await app.close();
      await ops.close();
      await mesh.drain();
    })());
  return { app, mesh, metrics, logger, ops, probeWrites, stop };
}

/** Ready = NATS connected, consumers bound, and the last probe write to every declared bucket succeeded. */
function serviceReadiness(transportReady: boolean, probes: readonly WriteProbe[]): Readiness {
  const transport: Readiness = transportReady ? { ready: true } : { ready: false, detail: 'consumers not bound or NATS disconnected' };
  return combineReadiness([transport, ...probes.map((probe) => probe.readiness())]);
}

/** Parses the environment with a service's schema; on error throws naming each variable and the problem. */
export function loadEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv): z.output<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`invalid configuration:\n${lines.join('\n')}`);
}

/**
 * The body of every service's main.ts: start, then on SIGTERM/SIGINT stop gracefully (stop
 * pulling, finish in-flight messages, drain). A bad configuration exits 2 with what to fix.
 * `mustWrite` names the KV buckets the service writes: `/health/ready` is false while it cannot.
 */
export function runMain(service: string, start: () => Promise<ServiceHandle>, options: { mustWrite?: readonly BucketName[] } = {}): void {
  let handle: ServiceHandle | undefined;
  const shutdown = async (signal: string) => {
    handle?.logger.info(`${signal}: draining`);
    await handle?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  start().then(
    (started) => {
      handle = started;
      if (options.mustWrite?.length) void started.probeWrites({ buckets: options.mustWrite });
    },
    (error: Error) => {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(/invalid configuration/.test(error.message) ? 2 : 1);
    },
  );
}
