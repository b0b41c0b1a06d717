import { SpanKind, context, trace, type Context } from '@opentelemetry/api';
import { headers as natsHeaders, type JetStreamClient, type JetStreamPublishOptions, type PubAck } from 'nats';
import { describeIssues, envelopeHeaders, eventId, events, type EventInput, type EventSubject } from '@jetway/contracts';
import { injectTraceContext, tracerFor } from '@jetway/telemetry';
import { PermanentError } from './errors';

/** What makes an event's id: the same parts always give the same id (see `eventId`). */
export interface EventIds {
  runId: string;
  stepId?: string;
  attempt?: number;
  /** Overrides the derived id (pipeline requests use their idempotency key). */
  id?: string;
  /** `ce-subject`; defaults to the run id. */
  subject?: string;
}

/** The id an event published on `subject` with these ids carries (`ce-id` and `Nats-Msg-Id`). */
export function idOfEvent(subject: EventSubject, ids: EventIds): string {
  return ids.id ?? eventId({ ...ids, event: subject.split('.').slice(1, -1).join('-') });
}

/**
 * Typed publishing: the subject literal fixes the payload type, the payload is validated
 * before it leaves, and the CloudEvents headers, trace context and `Nats-Msg-Id` are set.
 */
export class EventPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly source: string,
    /** Told when the broker dropped a publish as a duplicate of an earlier one (same event id). */
    private readonly onDuplicate: () => void = () => undefined,
  ) {}

  async publish<S extends EventSubject>(
    subject: S,
    payload: EventInput<S>,
    ids: EventIds,
    parent: Context = context.active(),
  ): Promise<PubAck> {
    const parsed = events[subject].schema.safeParse(payload);
    if (!parsed.success) {
      throw new PermanentError(`refusing to publish invalid ${subject}: ${describeIssues(parsed.error)}`);
    }
    const id = idOfEvent(subject, ids);
    const span = tracerFor(this.source).startSpan(
      `${subject} send`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'send',
          'messaging.destination.name': subject,
          'messaging.message.id': id,
          'jetway.run_id': ids.runId,
        },
      },
      parent,
    );
    try {
      const h = natsHeaders();
      const envelope = { id, source: this.source, time: new Date().toISOString(), subject: ids.subject ?? ids.runId };
      for (const [name, value] of envelopeHeaders(subject, envelope)) h.set(name, value);
      injectTraceContext(h, trace.setSpan(parent, span));
      // 503 = no stream leader for a moment (a cluster election): ride through ~2 s of it. A retry
      // carries the same msgID, so a publish that did land is not stored twice. (nats.js reads
      // `retries`/`retry_delay` but its types do not declare them.)
      const options: Partial<JetStreamPublishOptions> & { retries: number; retry_delay: number } = { msgID: id, headers: h, retries: 8, retry_delay: 250 };
      const ack = await this.js.publish(subject, JSON.stringify(parsed.data), options);
      if (ack.duplicate) this.onDuplicate();
      return ack;
    } catch (error) {
      span.recordException(error as Error);
      throw error;
    } finally {
      span.end();
    }
  }
}
