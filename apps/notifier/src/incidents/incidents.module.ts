import { Module, type DynamicModule } from '@nestjs/common';
import { EffectLedger } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { NotifierConfig } from '../config/notifier.config';
import { guardWith } from '../notifier.guard';
import { providerFor } from '../notifier.tokens';
import type { SendJournal } from '../use-cases/journaled-guard';
import { incidentDeps } from './incident-deps';
import { IncidentHandler } from './incident.handler';
import { INCIDENT_DEPS } from './incident.tokens';

/** Alerts (incident.detected / resolved) → Slack, PagerDuty, CloudEvents: the handler and its dependencies from the configuration. */
@Module({})
export class IncidentsModule {
  static register(config: NotifierConfig, journal?: SendJournal): DynamicModule {
    return {
      module: IncidentsModule,
      controllers: [IncidentHandler],
      providers: [providerFor(INCIDENT_DEPS, [EffectLedger, JsonLogger], (ledger, logger) => incidentDeps(config, guardWith(ledger, journal, logger), logger))],
    };
  }
}
