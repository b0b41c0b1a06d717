import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per service instance (several may share a process in tests), every metric
 * prefixed `jetway_` and labelled with the service.
 */
export function createMetrics(service: string, options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'jetway_process_' });
  const registers = [registry];
  return {
    registry,
    messages: new Counter({
      name: 'jetway_messages_total',
      help: 'Messages settled, by subject and outcome (ack, nak, dead_letter)',
      labelNames: ['subject', 'outcome'] as const,
      registers,
    }),
    handlerDuration: new Histogram({
      name: 'jetway_handler_duration_seconds',
      help: 'Time spent in message handlers',
      labelNames: ['subject'] as const,
      buckets: [0.001, 0.005, 0.02, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers,
    }),
    redeliveries: new Counter({
      name: 'jetway_redeliveries_total',
      help: 'Messages received more than once',
      labelNames: ['subject'] as const,
      registers,
    }),
    duplicatesDropped: new Counter({
      name: 'jetway_duplicates_dropped_total',
      help: 'Duplicates stopped: a re-published event the broker dropped (publish), a finished effect replayed instead of repeated (effect)',
      labelNames: ['kind'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: 'jetway_dead_letters_total',
      help: 'Messages sent to the dead-letter stream',
      labelNames: ['subject', 'kind'] as const,
      registers,
    }),
    runs: new Counter({
      name: 'jetway_runs_total',
      help: 'Pipeline runs finished, by outcome',
      labelNames: ['application', 'outcome'] as const,
      registers,
    }),
    steps: new Counter({
      name: 'jetway_steps_total',
      help: 'Steps finished, by kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    }),
    stepsRecovered: new Counter({
      name: 'jetway_steps_recovered_total',
      help: "Steps whose finished event never reached the planner, applied at the deadline from the worker's effect record (a broker lost a delivery)",
      labelNames: ['kind'] as const,
      registers,
    }),
    deployments: new Counter({
      name: 'jetway_deployments_total',
      help: 'Deployments by application, environment and outcome (DORA: deployment frequency, change failure rate)',
      labelNames: ['application', 'environment', 'outcome'] as const,
      registers,
    }),
    leadTime: new Histogram({
      name: 'jetway_lead_time_seconds',
      help: 'Request to production deploy (DORA: lead time for changes)',
      labelNames: ['application'] as const,
      buckets: [10, 30, 60, 300, 900, 3600, 14400, 86400],
      registers,
    }),
    consumersBound: new Gauge({
      name: 'jetway_consumers_bound',
      help: 'Durable consumers this instance is pulling from',
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
