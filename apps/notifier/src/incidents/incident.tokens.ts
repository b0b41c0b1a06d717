import type { Token } from '../notifier.tokens';
import type { IncidentDeps } from './deliver-incident.use-case';

/** Everything incident delivery needs, assembled once by the notifier module. */
export const INCIDENT_DEPS = Symbol('jetway.notifier.incident-deps') as Token<IncidentDeps>;
