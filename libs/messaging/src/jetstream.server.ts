import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom, defaultIfEmpty } from 'rxjs';
import type { Subscription } from 'nats';
import { isEventSubject, type EventSubject } from '@jetway/contracts';
import type { JsonLogger, Metrics } from '@jetway/telemetry';
import { untilAvailable } from './unavailable';
import { ConsumerRunner, DEFAULT_CONSUMER_SETTINGS, type ConsumerSettings, type MessageMeta } from './consumer-runner';
import type { Mesh } from './mesh';
import { describeError } from './settle';

export interface JetStreamServerOptions {
  service: string;
  logger: JsonLogger;
  metrics: Metrics;
  /** Defaults for every consumer, and overrides per subject. */
  consumer?: Partial<ConsumerSettings>;
  perSubject?: Partial<Record<EventSubject, Partial<ConsumerSettings>>>;
}

/**
 * NestJS transport on JetStream pull consumers. `@EventPattern(subject)` binds a durable
 * consumer (one per service and subject) with the settle rules; `@MessagePattern(subject)`
 * answers core NATS requests (queries) in a queue group. NestJS's built-in NATS transport is
 * core NATS only: no acks, no durability.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly runners: ConsumerRunner<EventSubject>[] = [];
  private readonly subscriptions: Subscription[] = [];
  private bound = false;

  constructor(
    private readonly mesh: Mesh,
    private readonly options: JetStreamServerOptions,
  ) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.bind().then(() => callback(), callback);
  }

  /** Ready = connected and every consumer bound. */
  get ready(): boolean {
    return this.bound && this.mesh.connected;
  }

  async close(): Promise<void> {
    this.bound = false;
    for (const sub of this.subscriptions) sub.unsubscribe();
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.options.metrics.consumersBound.set(0);
  }

  on(): never {
    throw new Error('JetStreamServer does not emit transport events; watch Mesh status instead');
  }

  unwrap<T>(): T {
    return this.mesh as T;
  }

  private async bind(): Promise<void> {
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) await this.bindEvent(pattern, handler);
      else this.bindQuery(pattern, handler);
    }
    this.bound = true;
    this.options.metrics.consumersBound.set(this.runners.length);
  }

  private async bindEvent(pattern: string, handler: MessageHandler): Promise<void> {
    if (!isEventSubject(pattern)) throw new Error(`@EventPattern('${pattern}') names no contract subject`);
    const settings = { ...DEFAULT_CONSUMER_SETTINGS, ...this.options.consumer, ...this.options.perSubject?.[pattern] };
    const runner = new ConsumerRunner(
      this.mesh,
      this.options.service,
      pattern,
      (payload: unknown, meta: MessageMeta) => this.invoke(handler, payload, meta),
      settings,
      { logger: this.options.logger, metrics: this.options.metrics },
    );
    await untilAvailable(`binding ${runner.durable}`, () => runner.start(), (message) => this.options.logger.warn(message));
    this.runners.push(runner as ConsumerRunner<EventSubject>);
  }

  private bindQuery(pattern: string, handler: MessageHandler): void {
    const sub = this.mesh.nc.subscribe(pattern, { queue: this.options.service });
    this.subscriptions.push(sub);
    void (async () => {
      for await (const msg of sub) {
        let reply: unknown;
        try {
          reply = await this.invoke(handler, JSON.parse(msg.string()), undefined);
        } catch (error) {
          reply = { error: describeError(error) };
        }
        msg.respond(JSON.stringify(reply ?? null));
      }
    })();
  }

  /** Runs a Nest handler (which may return a value, a promise or an observable) to completion. */
  private async invoke(handler: MessageHandler, payload: unknown, meta: MessageMeta | undefined): Promise<unknown> {
    const result = await handler(payload, meta);
    return lastValueFrom(this.transformToObservable(result).pipe(defaultIfEmpty(undefined)));
  }
}
