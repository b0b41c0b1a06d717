import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { EventInput, EventSubject } from '@jetway/contracts';
import type { Mesh } from './mesh';
import { EventPublisher, type EventIds } from './publisher';

/** What `emit()` carries: the payload plus the parts of its deterministic id. */
export interface EmitData<S extends EventSubject> {
  payload: EventInput<S>;
  ids: EventIds;
}

/**
 * NestJS ClientProxy over the mesh: `emit(subject, {payload, ids})` publishes a typed,
 * validated event to JetStream; `send(query, data)` is a core NATS request/reply.
 * Prefer `EventPublisher.publish` in our own code: its subject literal types the payload.
 */
export class JetStreamClient extends ClientProxy {
  private readonly publisher: EventPublisher;

  constructor(
    private readonly mesh: Mesh,
    source: string,
    private readonly timeoutMs = 5_000,
  ) {
    super();
    this.publisher = new EventPublisher(mesh.js, source);
  }

  async connect(): Promise<Mesh> {
    return this.mesh;
  }

  async close(): Promise<void> {
    // The mesh belongs to the service host, which drains it.
  }

  unwrap<T>(): T {
    return this.mesh as T;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket<EmitData<EventSubject>>): Promise<T> {
    const subject = packet.pattern as EventSubject;
    return (await this.publisher.publish(subject, packet.data.payload, packet.data.ids)) as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    this.mesh.nc
      .request(String(packet.pattern), JSON.stringify(packet.data), { timeout: this.timeoutMs })
      .then((msg) => callback({ response: msg.json(), isDisposed: true }))
      .catch((error: Error) => callback({ err: error, isDisposed: true }));
    return () => undefined;
  }
}
