import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { IncidentEvent } from '@jetway/contracts';
import type { MessageMeta } from '@jetway/messaging';
import { deliverIncident, type IncidentDeps } from './deliver-incident.use-case';
import { INCIDENT_DEPS } from './incident.tokens';

/**
 * Alerts from Alertmanager (through the alert ingress) → the channels of their receiver:
 * PagerDuty trigger / resolve keyed on the alert's fingerprint, a Slack message, a CloudEvent.
 * Publishes nothing; a failed channel retries (or dead-letters) only this message.
 */
@Controller()
export class IncidentHandler {
  constructor(@Inject(INCIDENT_DEPS) private readonly deps: IncidentDeps) {}

  @EventPattern('jetway.incident.detected.v1')
  async detected(@Payload() incident: IncidentEvent, @Ctx() meta: MessageMeta): Promise<void> {
    await deliverIncident(incident, 'detected', meta.envelope.time, this.deps);
  }

  @EventPattern('jetway.incident.resolved.v1')
  async resolved(@Payload() incident: IncidentEvent, @Ctx() meta: MessageMeta): Promise<void> {
    await deliverIncident(incident, 'resolved', meta.envelope.time, this.deps);
  }
}
