import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type ConsumerMessages, type JsMsg } from 'nats';
import { STREAMS, type Envelope, type EventPayload, type EventSubject } from '@jetway/contracts';
import { extractTraceContext, tracerFor, type JsonLogger, type Metrics } from '@jetway/telemetry';
import { deadLetter } from './dead-letter';
import { decodeMessage } from './decode';
import { NotYetError } from './errors';
import type { Mesh } from './mesh';
import { DEFAULT_BACKOFF_MS, describeError, settle, type Settlement } from './settle';
import { classifyJsError } from './js-errors';

/** Consumer settings; each is finite so no message circulates forever. */
export interface ConsumerSettings {
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending: number;
  /** Messages handled at once by this instance. */
  concurrency: number;
  backoffMs: readonly number[];
  /**
   * Lifetime of each pull request. The server heartbeats a waiting pull every half of it, and
   * nats.js re-pulls after two missed heartbeats: so this bounds how long a consumer stays idle
   * when its consumer leader dies on a cluster while our own connection stays up (no reconnect
   * event to re-pull on). nats.js's default, 30 s, left runs stalled for ~30 s per node loss.
   */
  pullExpiresMs: number;
}

export const DEFAULT_CONSUMER_SETTINGS: ConsumerSettings = {
  maxDeliver: 10,
  ackWaitMs: 10_000,
  maxAckPending: 256,
  concurrency: 16,
  backoffMs: DEFAULT_BACKOFF_MS,
  pullExpiresMs: 5_000,
};

/** What a handler learns about the message besides its payload. */
export interface MessageMeta {
  readonly subject: EventSubject;
  readonly envelope: Envelope;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  /** No further delivery follows a failure of this one: say so (finish the step) instead of retrying. */
  readonly lastDelivery: boolean;
  readonly streamSeq: number;
  /** Fields of the body its contract does not know, dropped by validation (see `Decoded`). */
  readonly ignoredFields: () => string[];
}

export type EventHandler<S extends EventSubject> = (payload: EventPayload<S>, meta: MessageMeta) => Promise<unknown>;

/** `planner` + `jetway.step.build.finished.v1` → `planner--jetway_step_build_finished_v1`. */
export function durableName(service: string, subject: string): string {
  return `${service}--${subject.replace(/[.*>]/g, '_')}`;
}

/**
 * One durable pull consumer (service, subject) and its consume loop, applying the settle rules
 * to every message: invalid → DLQ + term; handled → ack; failed → nak with backoff or DLQ.
 */
export class ConsumerRunner<S extends EventSubject> {
  private messages: ConsumerMessages | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  readonly durable: string;

  constructor(
    private readonly mesh: Mesh,
    private readonly service: string,
    readonly subject: S,
    private readonly handler: EventHandler<S>,
    private readonly settings: ConsumerSettings,
    private readonly observe: { logger: JsonLogger; metrics: Metrics },
  ) {
    this.durable = durableName(service, subject);
  }

  async start(): Promise<void> {
    this.messages = await this.subscribe();
    this.loop = this.keepConsuming(this.messages);
  }

  /** Stops pulling, then waits for the messages already being handled. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async subscribe(): Promise<ConsumerMessages> {
    await this.ensureConsumer();
    const consumer = await this.mesh.js.consumers.get(STREAMS.events.name, this.durable);
    return consumer.consume({
      max_messages: Math.min(this.settings.maxAckPending, 64),
      expires: this.settings.pullExpiresMs,
      // End the iterator when the consumer or stream is gone instead of polling for it forever:
      // keepConsuming() then re-creates the durable and subscribes again.
      abort_on_missing_resource: true,
    });
  }

  /**
   * nats.js ends a consume() when the server says the consumer is gone (deleted, or lost while
   * a cluster moved it): without this loop the service would sit idle, ready in name only, while
   * its messages wait. It subscribes again (re-creating the durable) until stop() is called.
   */
  private async keepConsuming(first: ConsumerMessages): Promise<void> {
    let messages = first;
    for (let attempt = 0; ; ) {
      await this.pump(messages).catch((error: unknown) => this.observe.logger.warn(`consumer ${this.durable} ended: ${describeError(error)}`));
      if (this.stopping) return;
      for (;;) {
        await sleep(Math.min(250 * 2 ** attempt++, 5_000));
        if (this.stopping) return;
        try {
          messages = await this.subscribe();
          this.messages = messages;
          this.observe.logger.warn(`consumer ${this.durable} subscribed again`, { subject: this.subject });
          attempt = 0;
          break;
        } catch (error) {
          this.observe.logger.warn(`consumer ${this.durable} cannot subscribe yet: ${describeError(error)}`);
        }
      }
    }
  }

  private async ensureConsumer(): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: this.durable,
      filter_subject: this.subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: this.settings.maxDeliver,
      ack_wait: nanos(this.settings.ackWaitMs),
      max_ack_pending: this.settings.maxAckPending,
    };
    try {
      await this.mesh.jsm.consumers.info(STREAMS.events.name, this.durable);
      await this.mesh.jsm.consumers.update(STREAMS.events.name, this.durable, {
        max_deliver: config.max_deliver,
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (error) {
      if (classifyJsError(error) !== 'not-found') throw error;
      await this.mesh.jsm.consumers.add(STREAMS.events.name, config);
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      if (this.inFlight.size >= this.settings.concurrency) await Promise.race(this.inFlight);
      const task = this.process(msg)
        .catch((error: unknown) => this.crashed(msg, error))
        .finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  /** A bug while settling must not reject into the pump (an unhandled rejection ends the process). */
  private crashed(msg: JsMsg, error: unknown): void {
    this.observe.logger.error(`settling failed, will retry: ${describeError(error)}`, { subject: this.subject, stream_seq: msg.seq });
    try {
      msg.nak(1_000);
    } catch {
      // The connection is gone: the message comes back after ack_wait.
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const { metrics } = this.observe;
    if (msg.info.deliveryCount > 1) metrics.redeliveries.inc({ subject: this.subject });
    const decoded = decodeMessage(this.subject, msg);
    if (!decoded.ok) {
      await this.apply(msg, { action: 'dead-letter', reason: decoded.reason }, 'invalid');
      return;
    }
    const meta: MessageMeta = {
      subject: this.subject,
      envelope: decoded.envelope,
      deliveryCount: msg.info.deliveryCount,
      lastDelivery: msg.info.deliveryCount >= this.settings.maxDeliver,
      streamSeq: msg.seq,
      ignoredFields: decoded.ignoredFields,
    };
    const outcome = await this.runHandler(msg, decoded.payload, meta);
    const settlement = settle(outcome, { count: meta.deliveryCount, maxDeliver: this.settings.maxDeliver }, this.settings.backoffMs);
    if (!outcome.ok && !(outcome.error instanceof NotYetError)) {
      this.observe.logger.warn(`handler failed: ${describeError(outcome.error)}`, {
        subject: this.subject,
        run_id: decoded.envelope.subject,
        delivery: meta.deliveryCount,
        settle: settlement.action,
      });
    }
    await this.apply(msg, settlement, 'failed');
  }

  private async runHandler(msg: JsMsg, payload: EventPayload<S>, meta: MessageMeta) {
    const parent = extractTraceContext(msg.headers);
    const span = tracerFor(this.service).startSpan(
      `${this.subject} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': this.subject,
          'messaging.consumer.group.name': this.durable,
          'messaging.message.id': meta.envelope.id,
          'jetway.run_id': meta.envelope.subject,
          'jetway.delivery_count': meta.deliveryCount,
        },
      },
      parent,
    );
    // working() resets the ack timer, so a long handler is not redelivered while it still runs.
    // Heartbeats also keep a hung handler's message from ever being redelivered: the same tick
    // says so, loudly, once per minute the handler has been running.
    const began = Date.now();
    let minutesWarned = 0;
    const heartbeat = setInterval(() => {
      msg.working();
      const minutes = Math.floor((Date.now() - began) / 60_000);
      if (minutes <= minutesWarned) return;
      minutesWarned = minutes;
      this.observe.logger.warn(`handler still running after ${Math.round((Date.now() - began) / 1000)} s`, {
        subject: this.subject,
        run_id: meta.envelope.subject,
        stream_seq: meta.streamSeq,
      });
    }, Math.max(200, this.settings.ackWaitMs / 3));
    const timer = this.observe.metrics.handlerDuration.startTimer({ subject: this.subject });
    try {
      await context.with(trace.setSpan(parent, span), () => this.handler(payload, meta));
      return { ok: true as const };
    } catch (error) {
      if (!(error instanceof NotYetError)) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
      }
      return { ok: false as const, error };
    } finally {
      clearInterval(heartbeat);
      timer();
      span.end();
    }
  }

  private async apply(msg: JsMsg, settlement: Settlement, kind: 'invalid' | 'failed'): Promise<void> {
    const { metrics, logger } = this.observe;
    if (settlement.action === 'ack') {
      msg.ack();
    } else if (settlement.action === 'nak') {
      msg.nak(settlement.delayMs);
    } else {
      try {
        await deadLetter(this.mesh.js, msg, { reason: settlement.reason, service: this.service, consumer: this.durable });
      } catch (error) {
        // Could not park it (NATS away?): keep it in the stream and try again later, never lose it.
        logger.error(`dead-lettering failed, will retry: ${describeError(error)}`, { subject: this.subject });
        msg.nak(1_000);
        return;
      }
      msg.term();
      metrics.deadLetters.inc({ subject: this.subject, kind });
      logger.warn(`dead-lettered: ${settlement.reason}`, { subject: this.subject, stream_seq: msg.seq });
    }
    metrics.messages.inc({ subject: this.subject, outcome: settlement.action === 'dead-letter' ? 'dead_letter' : settlement.action });
  }
}
