import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, nanos, type ConsumerConfig, type StreamConfig } from 'nats';
import type { DeclaredConsumer, DeclaredKv, DeclaredStream } from '@jetway/contracts';

/** Between the declaration's shape (seconds, names) and nats.js's configs (nanoseconds, enums). */

/** A KV bucket lives in the stream `KV_<bucket>` (the layout nats.js and the nats CLI use). */
export const KV_STREAM_PREFIX = 'KV_';

const seconds = (ns: number | undefined): number => Math.round((ns ?? 0) / 1e9);
const ns = (s: number): number => nanos(s * 1000);

export function streamConfig(stream: DeclaredStream): Partial<StreamConfig> & { name: string } {
  return {
    name: stream.name,
    subjects: [...stream.subjects],
    retention: stream.retention as RetentionPolicy,
    storage: stream.storage as StorageType,
    num_replicas: stream.replicas,
    max_age: ns(stream.max_age_seconds),
    max_bytes: stream.max_bytes,
    max_msgs: stream.max_msgs,
    duplicate_window: ns(stream.duplicate_window_seconds),
    discard: stream.discard as DiscardPolicy,
  };
}

export function declaredStream(config: StreamConfig): DeclaredStream {
  return {
    name: config.name,
    subjects: [...(config.subjects ?? [])],
    retention: config.retention,
    storage: config.storage,
    replicas: config.num_replicas,
    max_age_seconds: seconds(config.max_age),
    max_bytes: config.max_bytes,
    max_msgs: config.max_msgs,
    duplicate_window_seconds: seconds(config.duplicate_window),
    discard: config.discard ?? 'old',
  };
}

export function consumerConfig(consumer: DeclaredConsumer): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: consumer.name,
    ack_policy: consumer.ack_policy as AckPolicy,
    max_deliver: consumer.max_deliver,
    ack_wait: ns(consumer.ack_wait_seconds),
    deliver_policy: consumer.deliver_policy as DeliverPolicy,
    ...(consumer.filter_subject === undefined ? {} : { filter_subject: consumer.filter_subject }),
  };
}

export function declaredConsumer(stream: string, config: ConsumerConfig): DeclaredConsumer {
  return {
    stream,
    name: config.durable_name ?? config.name ?? '',
    ...(config.filter_subject ? { filter_subject: config.filter_subject } : {}),
    ack_policy: config.ack_policy as DeclaredConsumer['ack_policy'],
    max_deliver: config.max_deliver ?? -1,
    ack_wait_seconds: seconds(config.ack_wait),
    deliver_policy: config.deliver_policy as DeclaredConsumer['deliver_policy'],
  };
}

export function declaredKv(config: StreamConfig): DeclaredKv {
  return {
    bucket: config.name.slice(KV_STREAM_PREFIX.length),
    history: config.max_msgs_per_subject,
    ttl_seconds: seconds(config.max_age),
    max_bytes: config.max_bytes,
    replicas: config.num_replicas,
  };
}

/** The KV settings a declaration owns, written over the bucket stream's current config. */
export function kvStreamUpdate(current: StreamConfig, bucket: DeclaredKv): StreamConfig {
  const maxAge = ns(bucket.ttl_seconds);
  // nats-server refuses a duplicate window longer than max_age.
  const duplicateWindow = maxAge > 0 ? Math.min(current.duplicate_window ?? maxAge, maxAge) : current.duplicate_window;
  return { ...current, max_msgs_per_subject: bucket.history, max_age: maxAge, max_bytes: bucket.max_bytes, num_replicas: bucket.replicas, duplicate_window: duplicateWindow };
}
