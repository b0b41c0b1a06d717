import type { KV } from 'nats';
import type { EnvironmentType } from '@jetway/contracts';
import { KvStore, StaleRevisionError, type EventPublisher } from '@jetway/messaging';
import { DriftState, type DriftPublication } from './drift-episode';
import type { DriftEvents, DriftStates } from './drift.ports';

/** `drift.<stack>.<env>` in the infrastructure bucket (jetway-infra), beside the stack store's keys. */
export const driftKey = (stack: string, environment: string) => `drift.${stack}.${environment}`;

/** The drift state per stack environment in KV, compare-and-set on the revision. */
export class KvDriftStates implements DriftStates {
  private readonly store: KvStore<typeof DriftState>;

  constructor(kv: KV) {
    this.store = new KvStore(kv, DriftState);
  }

  read(stack: string, environment: EnvironmentType) {
    return this.store.get(driftKey(stack, environment));
  }

  async write(state: DriftState, revision: number | undefined): Promise<void> {
    const key = driftKey(state.stack, state.environment);
    if (revision === undefined) {
      if ((await this.store.create(key, state)) === false) throw new StaleRevisionError(key, 0, new Error(`${key} was created meanwhile`));
      return;
    }
    await this.store.update(key, state, revision);
  }
}

/** Drift events on JetStream, each under its deterministic id (`ce-subject` `<stack>.<env>`). */
export class JetStreamDriftEvents implements DriftEvents {
  constructor(private readonly publisher: EventPublisher) {}

  async publish({ subject, id, event }: DriftPublication): Promise<void> {
    await this.publisher.publish(subject, event, { runId: event.applied_by_run, id, subject: `${event.stack}.${event.environment}` });
  }
}
