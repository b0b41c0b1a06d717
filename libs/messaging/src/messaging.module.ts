import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JsonLogger, type Metrics } from '@jetway/telemetry';
import { EffectLedger } from './effect-ledger';
import { Mesh } from './mesh';
import { EventPublisher } from './publisher';
import { StepWorker } from './step-worker';
import { storedEvents } from './stored-event';
import { ArtifactObjects } from './artifact-objects';
import { AttestationStore } from './attestation-store';

/** Injection token for the service's prom-client metrics. */
export const METRICS = Symbol('jetway.metrics');

export interface MessagingModuleOptions {
  mesh: Mesh;
  service: string;
  /** Distinguishes replicas in effect claims. */
  instanceId: string;
  logger: JsonLogger;
  metrics: Metrics;
}

/**
 * Provides what handlers and drivers need from the mesh, by class token: `Mesh`,
 * `EventPublisher`, `EffectLedger`, `StepWorker`, `ArtifactObjects`, `AttestationStore`, `JsonLogger`, and `METRICS`.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const dropped = (kind: 'publish' | 'effect') => options.metrics.duplicatesDropped.inc({ kind });
    return {
      module: MessagingModule,
      providers: [
        { provide: Mesh, useValue: options.mesh },
        { provide: EventPublisher, useValue: new EventPublisher(options.mesh.js, options.service, () => dropped('publish')) },
        { provide: EffectLedger, useValue: new EffectLedger(options.mesh.kv('idempotency'), options.instanceId, undefined, () => dropped('effect')) },
        { provide: ArtifactObjects, useValue: ArtifactObjects.of(options.mesh) },
        { provide: AttestationStore, useValue: new AttestationStore(options.mesh) },
        { provide: StepWorker, inject: [EventPublisher, EffectLedger], useFactory: (p: EventPublisher, l: EffectLedger) => new StepWorker(p, l, storedEvents(options.mesh.jsm)) },
        { provide: JsonLogger, useValue: options.logger },
        { provide: METRICS, useValue: options.metrics },
      ],
      exports: [Mesh, EventPublisher, EffectLedger, StepWorker, ArtifactObjects, AttestationStore, JsonLogger, METRICS],
    };
  }
}
