import type { Provider } from '@nestjs/common';
import { EventPublisher, Mesh } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { KeyedQueue } from '../handlers/keyed-queue';
import { INFRA_DEPS, type InfraDeps } from '../infrastructure';
import { AnsibleDriftProbe, TerraformDriftProbe } from './bundle-drift.probes';
import { DriftSchedule } from './drift-schedule';
import type { AppliedStack, DriftProbe, StackRecords } from './drift.ports';
import type { DriftQueryDeps } from './drift-query.use-case';
import { MessagingDriftProbe } from './messaging-drift.probe';
import { JetStreamDriftEvents, KvDriftStates } from './nats-drift.driver';
import { runDriftCheck } from './run-drift-check.use-case';

/** Injection token for drift detection in the deployer: the query's dependencies and the schedule. */
export const DRIFT = Symbol('jetway.deployer.drift');

export interface DriftWiring {
  readonly deps: DriftQueryDeps;
  readonly schedule: DriftSchedule;
}

/** The stack store's reads drift needs (InfraStackStore). */
export interface StackStoreReader {
  stack(stack: string, environment: string): Promise<AppliedStack | undefined>;
  stacks(): Promise<AppliedStack[]>;
  lockOf(stack: string, environment: string): Promise<{ readonly run_id: string } | undefined>;
}

export interface DriftWiringOptions {
  readonly mesh: Mesh;
  readonly publisher: EventPublisher;
  readonly logger: JsonLogger;
  readonly store: StackStoreReader;
  /** Probes besides the JetStream one (Terraform, Ansible). */
  readonly probes?: readonly DriftProbe[];
  readonly refreshMs?: number;
  readonly now?: () => Date;
}

/** Reads the stack store as the drift checks need it. */
export function recordsOf(store: StackStoreReader): StackRecords {
  return {
    list: async (stack) => (await store.stacks()).filter((r) => stack === undefined || r.stack === stack),
    get: (stack, environment) => store.stack(stack, environment),
    holder: async (stack, environment) => (await store.lockOf(stack, environment))?.run_id,
  };
}

/** Drift detection over the mesh: states in jetway-infra (`drift.<stack>.<env>`), events on JetStream, one queue per stack environment. */
export function wireDrift(options: DriftWiringOptions): DriftWiring {
  const queue = new KeyedQueue();
  const records = recordsOf(options.store);
  const deps: DriftQueryDeps = {
    records,
    holder: records.holder,
    probes: [new MessagingDriftProbe(options.mesh.jsm), ...(options.probes ?? [])],
    states: new KvDriftStates(options.mesh.kv('infra')),
    events: new JetStreamDriftEvents(options.publisher),
    now: options.now ?? (() => new Date()),
    serial: (key, task) => queue.run(key, task),
  };
  const schedule = new DriftSchedule({
    records,
    check: (record) => runDriftCheck(record, deps),
    onError: (message, fields) => options.logger.warn(message, fields),
    ...(options.refreshMs !== undefined && { refreshMs: options.refreshMs }),
  });
  return { deps, schedule };
}

/**
 * The deployer module's provider for drift detection (DriftHandler injects it): over the
 * infrastructure steps' dependencies (INFRA_DEPS) — their stack store, and Terraform and Ansible
 * on the applied bundle in the stack environment's workspace, taking turns with the steps there.
 */
export function driftProviders(): Provider[] {
  return [
    {
      provide: DRIFT,
      inject: [Mesh, EventPublisher, JsonLogger, INFRA_DEPS],
      useFactory: (mesh: Mesh, publisher: EventPublisher, logger: JsonLogger, infra: InfraDeps) =>
        wireDrift({ mesh, publisher, logger, store: infra.store, probes: [new TerraformDriftProbe(infra), new AnsibleDriftProbe(infra)] }),
    },
  ];
}
