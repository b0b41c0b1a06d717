import { z } from 'zod';
import { subjectCovers, subjectsOverlap } from './nats-subjects';

/**
 * Messaging infrastructure as a request declares it (seed 000 §6): JetStream streams, durable
 * consumers and KV buckets. Defaults are nats-server's own (2.9), so an omitted setting plans
 * no change against a server that kept its default. Only nats-server 2.9 features: one filter
 * subject per consumer.
 */

/** Names nats-server accepts for streams, consumers and buckets (no spaces, dots or wildcards). */
const NAME = /^[A-Za-z0-9_-]+$/;
/** The mesh's own streams and buckets: never declared, planned or deleted by a request. */
const RESERVED = [/^jetway/i, /^KV_/, /^OBJ_/];
const MAX_REPLICAS = 5;

const name = (what: string) =>
  z.string().regex(NAME, `${what} may hold only letters, digits, '-' and '_' (no dots, spaces or wildcards)`);
const replicas = z.number().int().min(1).max(MAX_REPLICAS, `replicas is at most ${MAX_REPLICAS} (a JetStream cluster's limit); use 1, 3 or 5`).default(1);
/** -1 means unlimited, as nats-server says it. */
const limit = z.number().int().min(-1).default(-1);

const streamSchema = z.object({
  name: name('a stream name'),
  subjects: z.array(z.string().min(1)).min(1, 'a stream needs at least one subject'),
  retention: z.enum(['limits', 'interest', 'workqueue']).default('limits'),
  storage: z.enum(['file', 'memory']).default('file'),
  replicas,
  /** 0 keeps messages forever. */
  max_age_seconds: z.number().int().min(0).default(0),
  max_bytes: limit,
  max_msgs: limit,
  /** nats-server's default: 2 minutes, or max_age when that is shorter. */
  duplicate_window_seconds: z.number().int().min(0).optional(),
  discard: z.enum(['old', 'new']).default('old'),
});

const consumerSchema = z.object({
  stream: name('a consumer stream'),
  /** The durable name. */
  name: name('a consumer name'),
  /** One subject (nats-server 2.9); the stream's subjects when omitted. */
  filter_subject: z.string().min(1).optional(),
  /** Pull consumers need acks: explicit is what nats.js and the nats CLI default to. */
  ack_policy: z.enum(['explicit', 'all', 'none']).default('explicit'),
  /** -1: redeliver forever. */
  max_deliver: z.number().int().min(-1).refine((n) => n !== 0, 'max_deliver is -1 (unlimited) or at least 1').default(-1),
  ack_wait_seconds: z.number().int().min(1).default(30),
  deliver_policy: z.enum(['all', 'last', 'new', 'last_per_subject']).default('all'),
});

const kvSchema = z.object({
  bucket: name('a KV bucket name'),
  history: z.number().int().min(1).max(64, 'history is at most 64 (nats-server KV limit)').default(1),
  /** 0: entries never expire. */
  ttl_seconds: z.number().int().min(0).default(0),
  max_bytes: limit,
  replicas,
});

export const messagingSchema = z
  .object({
    /**
     * What the declaration owns: streams and buckets whose names start with it (case-insensitive).
     * Only these are ever deleted; everything else on the server is left alone.
     */
    managed_prefix: z.string().min(2).regex(NAME, 'managed_prefix may hold only letters, digits, "-" and "_"'),
    streams: z.array(streamSchema).default([]),
    consumers: z.array(consumerSchema).default([]),
    kv: z.array(kvSchema).default([]),
  })
  .superRefine((value, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkOwnership(value, issue);
    checkStreams(value.streams, issue);
    checkConsumers(value.streams, value.consumers, issue);
    checkUnique(value.kv.map((b) => b.bucket), 'kv', 'bucket', issue);
  })
  .transform((value) => ({
    ...value,
    streams: value.streams.map((s) => ({ ...s, duplicate_window_seconds: s.duplicate_window_seconds ?? defaultDuplicateWindow(s.max_age_seconds) })),
  }));

export type MessagingDeclaration = z.output<typeof messagingSchema>;
export type MessagingDeclarationInput = z.input<typeof messagingSchema>;
export type DeclaredStream = MessagingDeclaration['streams'][number];
export type DeclaredConsumer = MessagingDeclaration['consumers'][number];
export type DeclaredKv = MessagingDeclaration['kv'][number];

/** The names a declaration owns: what readActual reads and what a plan may delete. */
export interface MessagingScope {
  readonly prefix: string;
}

export function scopeOf(declaration: MessagingDeclaration): MessagingScope {
  return { prefix: declaration.managed_prefix };
}

/** True when a stream or bucket name is the declaration's to manage (never the mesh's own). */
export function inScope(scope: MessagingScope, objectName: string): boolean {
  return !isReserved(objectName) && objectName.toLowerCase().startsWith(scope.prefix.toLowerCase());
}

export function isReserved(objectName: string): boolean {
  return RESERVED.some((pattern) => pattern.test(objectName));
}

/** Parses a declaration; the error lists every problem with the field it is about. */
export function parseMessaging(input: unknown): MessagingDeclaration {
  const result = messagingSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(declaration)'}: ${i.message}`);
  throw new MessagingDeclarationError(`the messaging declaration is invalid:\n  ${lines.join('\n  ')}`);
}

export class MessagingDeclarationError extends Error {
  override readonly name = 'MessagingDeclarationError';
  /** Fixing the declaration is the only way forward. */
  readonly retryable = false;
}

function defaultDuplicateWindow(maxAgeSeconds: number): number {
  return maxAgeSeconds > 0 ? Math.min(120, maxAgeSeconds) : 120;
}

type Issue = (path: (string | number)[], message: string) => void;
interface Parsed {
  managed_prefix: string;
  streams: z.output<typeof streamSchema>[];
  consumers: z.output<typeof consumerSchema>[];
  kv: z.output<typeof kvSchema>[];
}

function checkOwnership(value: Parsed, issue: Issue): void {
  const prefix = value.managed_prefix;
  if (isReserved(prefix) || isReserved(`${prefix}x`) || 'jetway'.startsWith(prefix.toLowerCase())) {
    issue(['managed_prefix'], `'${prefix}' would claim the mesh's own streams and buckets (JETWAY_*, jetway-*, KV_*, OBJ_*); choose a prefix of your own, e.g. 'orders'`);
  }
  const scope = { prefix };
  value.streams.forEach((s, i) => {
    if (!inScope(scope, s.name)) issue(['streams', i, 'name'], `'${s.name}' does not start with managed_prefix '${prefix}': rename it so the declaration owns it`);
  });
  value.kv.forEach((b, i) => {
    if (!inScope(scope, b.bucket)) issue(['kv', i, 'bucket'], `'${b.bucket}' does not start with managed_prefix '${prefix}': rename it so the declaration owns it`);
  });
}

function checkStreams(streams: Parsed['streams'], issue: Issue): void {
  checkUnique(streams.map((s) => s.name), 'streams', 'name', issue);
  streams.forEach((stream, i) => {
    const window = stream.duplicate_window_seconds;
    if (window !== undefined && stream.max_age_seconds > 0 && window > stream.max_age_seconds) {
      issue(['streams', i, 'duplicate_window_seconds'], `${window}s is longer than max_age_seconds (${stream.max_age_seconds}s): nats-server refuses it; shorten it`);
    }
    stream.subjects.forEach((subject, j) => {
      for (let k = 0; k < i; k += 1) {
        const other = streams[k];
        const clash = other?.subjects.find((s) => subjectsOverlap(s, subject));
        if (other && clash !== undefined) {
          issue(['streams', i, 'subjects', j], `'${subject}' overlaps '${clash}' of stream ${other.name}: a message may belong to one stream only; narrow one of them`);
        }
      }
    });
  });
}

function checkConsumers(streams: Parsed['streams'], consumers: Parsed['consumers'], issue: Issue): void {
  const byName = new Map(streams.map((s) => [s.name, s]));
  checkUnique(consumers.map((c) => `${c.stream}/${c.name}`), 'consumers', 'name', issue);
  consumers.forEach((consumer, i) => {
    const stream = byName.get(consumer.stream);
    if (!stream) {
      issue(['consumers', i, 'stream'], `stream '${consumer.stream}' is not declared in streams: declare it or fix the name (declared: ${[...byName.keys()].join(', ') || 'none'})`);
      return;
    }
    const filter = consumer.filter_subject;
    if (filter !== undefined && !stream.subjects.some((s) => subjectCovers(s, filter))) {
      issue(['consumers', i, 'filter_subject'], `'${filter}' is not within stream ${stream.name}'s subjects (${stream.subjects.join(', ')})`);
    }
  });
}

function checkUnique(names: string[], field: string, key: string, issue: Issue): void {
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) issue([field, i, key], `'${n}' is declared twice; each must be unique`);
  });
}
