import type { EventPublisher } from '@jetway/messaging';
import type { IncidentMessage } from './incident-events';

/**
 * Publishes one incident event and resolves once JetStream stored it (or dropped it as a
 * duplicate of the same id within the stream's duplicate window). Rejects when it was not
 * acknowledged: the ingress then answers 5xx, so Alertmanager retries.
 */
export interface IncidentPublisher {
  publish(message: IncidentMessage): Promise<{ readonly duplicate: boolean }>;
}

/** Over the mesh's typed publisher: CloudEvents headers, trace context, `Nats-Msg-Id` = the message id. */
export function incidentPublisherOver(events: Pick<EventPublisher, 'publish'>): IncidentPublisher {
  return {
    publish: async ({ subject, id, event }) => {
      // Incidents belong to no run: the setup stands in for the run id (a span attribute), and
      // `ce-subject` is the alert's fingerprint, what every event of one alert shares.
      const ack = await events.publish(subject, event, { runId: event.setup, id, subject: event.fingerprint });
      return { duplicate: ack.duplicate };
    },
  };
}
