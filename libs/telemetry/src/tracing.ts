import { context, propagation, trace, type Context, type TextMapGetter, type TextMapSetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP traces endpoint (e.g. http://localhost:4318/v1/traces); tracing exports nothing without it. */
  otlpEndpoint?: string;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

let sdk: NodeSDK | undefined;

/** W3C trace context in headers, without the SDK (the CLI joins a run's trace this way). */
export function enablePropagation(): void {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** A context whose parent is the given `traceparent` (e.g. a run's, kept by the planner). */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent }, {
    get: (carrier, key) => carrier[key as 'traceparent'],
    keys: () => ['traceparent'],
  });
}

/**
 * Starts the OpenTelemetry SDK once per process: W3C trace context propagation, async context,
 * and an OTLP exporter when an endpoint is configured. A second call is a no-op, so several
 * services may share one process (as in the mesh e2e tests).
 */
export function startTelemetry(options: TelemetryOptions): { shutdown(): Promise<void> } {
  enablePropagation();
  if (!sdk) {
    const processors = [...(options.spanProcessors ?? [])];
    if (options.otlpEndpoint) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.otlpEndpoint }) }));
    // Without any processor the SDK registers no tracer provider and every span id is zero:
    // keep real ids (for logs, summaries and propagation) even when nothing is exported.
    if (processors.length === 0) processors.push(new NoopSpanProcessor());
    sdk = new NodeSDK({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      spanProcessors: processors,
      instrumentations: [],
      autoDetectResources: false,
    });
    sdk.start();
  }
  return {
    shutdown: async () => {
      const current = sdk;
      sdk = undefined;
      await current?.shutdown();
    },
  };
}

/** Each service traces under its own instrumentation scope (its name). */
export function tracerFor(service: string): Tracer {
  return trace.getTracer(`jetway.${service}`);
}

/** The minimal header map both NATS headers and plain records satisfy. */
export interface HeaderCarrier {
  get(name: string): string;
  set(name: string, value: string): void;
  has(name: string): boolean;
}

const setter: TextMapSetter<HeaderCarrier> = { set: (carrier, key, value) => carrier.set(key, value) };
const getter: TextMapGetter<HeaderCarrier> = {
  get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
  keys: () => ['traceparent', 'tracestate'],
};

/** Writes `traceparent`/`tracestate` for the active (or given) context into message headers. */
export function injectTraceContext(headers: HeaderCarrier, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, setter);
}

/** Reads the W3C context a producer put into the headers (root context when absent). */
export function extractTraceContext(headers: HeaderCarrier | undefined): Context {
  return headers ? propagation.extract(context.active(), headers, getter) : context.active();
}

/** The trace id of the active span, for logs and summaries. */
export function activeTraceId(): string | undefined {
  const id = trace.getActiveSpan()?.spanContext().traceId;
  return id && id !== '00000000000000000000000000000000' ? id : undefined;
}
