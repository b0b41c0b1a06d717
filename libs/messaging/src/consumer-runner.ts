import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type ConsumerMessages, type JsMsg } from 'nats';
import { STREAMS, type Envelope, type EventPayload, type EventSubject } from '@jetway/contracts';
import { extractTraceContext, tracerFor, type JsonLogger, type Metrics } from '@jetway/telemetry';
import { deadLetter } from './dead-letter';
import { decodeEvent } from './decode';
import { NotYetError } from './errors';
import type { Mesh } from './mesh';
import { DEFAULT_BACKOFF_MS, describeError, settle, type Settlement } from './settle';

/** Consumer settings; each is finite so no message circulates forever. */
export interface ConsumerSettings {
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending: number;
  /** Messages handled at once by this instance. */
  concurrency: number;
  backoffMs: readonly number[];
}

export const DEFAULT_CONSUMER_SETTINGS: ConsumerSettings = {
  maxDeliver: 5,
  ackWaitMs: 30_000,
  maxAckPending: 256,
  concurrency: 16,
  backoffMs: DEFAULT_BACKOFF_MS,
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
    await this.ensureConsumer();
    const consumer = await this.mesh.js.consumers.get(STREAMS.events.name, this.durable);
    this.messages = await consumer.consume({ max_messages: Math.min(this.settings.maxAckPending, 64) });
    this.loop = this.pump(this.messages);
  }

  /** Stops pulling, then waits for the messages already being handled. */
  async stop(): Promise<void> {
    this.messages?.stop();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
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
      if (!/not found/i.test(String(error))) throw error;
      await this.mesh.jsm.consumers.add(STREAMS.events.name, config);
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      if (this.inFlight.size >= this.settings.concurrency) await Promise.race(this.inFlight);
      const task = this.process(msg).finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const { metrics } = this.observe;
    if (msg.info.deliveryCount > 1) metrics.redeliveries.inc({ subject: this.subject });
    const decoded = decodeEvent(this.subject, msg.headers, msg.data);
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
    const heartbeat = setInterval(() => msg.working(), Math.max(200, this.settings.ackWaitMs / 3));
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
