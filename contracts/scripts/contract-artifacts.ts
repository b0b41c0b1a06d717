import { stringify } from 'yaml';
import { z } from 'zod';
import { CE, TRACE_HEADERS } from '../src/envelope';
import { ChangelogQuery, ChangelogReply, DriftCheckQuery, DriftCheckReply } from '../src/infrastructure/drift.v1';
import { ReleaseHistoryQuery, ReleaseHistoryReply } from '../src/query/release-history.v1';
import { RunListQuery, RunListReply } from '../src/query/run-list.v1';
import { RunLookupQuery, RunLookupReply, RunStatusQuery, RunStatusReply } from '../src/query/run-status.v1';
import { EVENT_SUBJECTS, events, queries, type EventSubject } from '../src/registry';

/**
 * Generates, from the zod contracts, what publishers in other languages read: one JSON Schema per
 * event subject and per query request/reply, and an AsyncAPI 3.0 document tying subjects to them.
 * Pure: returns the files (path relative to the repository root → content); the export script
 * writes them, and a spec checks the committed copies equal this output.
 */
export const GENERATED_DIR = 'contracts/generated';
export const SCHEMA_DIR = `${GENERATED_DIR}/json-schema`;
export const ASYNCAPI_PATH = `${GENERATED_DIR}/asyncapi.yaml`;

/**
 * draft-07 rather than zod's default 2020-12: it is the JSON Schema version AsyncAPI 3.0 names
 * (`application/schema+json;version=draft-07`) and the one most code generators read.
 * `io: 'input'`: publishers may leave out fields that have defaults.
 */
const JSON_SCHEMA_TARGET = 'draft-07';
const SCHEMA_FORMAT = 'application/schema+json;version=draft-07';

/** The core-NATS request/reply queries: subject, request and reply schemas, and the service that answers. */
export const QUERY_CONTRACTS = {
  [queries.runStatus]: { request: RunStatusQuery, reply: RunStatusReply, summary: 'The status of one run, by run id.', answeredBy: 'planner' },
  [queries.runLookup]: { request: RunLookupQuery, reply: RunLookupReply, summary: 'The run id a request idempotency key maps to.', answeredBy: 'planner' },
  [queries.runList]: { request: RunListQuery, reply: RunListReply, summary: 'Runs, newest first, filtered by kind, application and status.', answeredBy: 'planner' },
  [queries.releaseHistory]: { request: ReleaseHistoryQuery, reply: ReleaseHistoryReply, summary: 'What served an application (per environment), newest first, with the run behind each release.', answeredBy: 'planner' },
  [queries.infraDrift]: { request: DriftCheckQuery, reply: DriftCheckReply, summary: 'Check a stack for drift now (jetway drift): per environment, in sync, drifted with the changes, or unknown with why.', answeredBy: 'deployer' },
  [queries.infraChangelog]: { request: ChangelogQuery, reply: ChangelogReply, summary: "A stack's changelog (jetway changelog): one entry per apply, newest first, with the spec each applied (what jetway rollback --infra re-applies).", answeredBy: 'deployer' },
} as const satisfies Record<string, { request: z.ZodType; reply: z.ZodType; summary: string; answeredBy: 'planner' | 'deployer' }>;
type QuerySubject = keyof typeof QUERY_CONTRACTS;

export function schemaFileOf(subject: string, part?: 'request' | 'reply'): string {
  return `${subject}${part ? `.${part}` : ''}.json`;
}

function jsonSchema(schema: z.ZodType, id: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'input', target: JSON_SCHEMA_TARGET }) as Record<string, unknown>;
  return { ...generated, $id: `https://jetway.dev/schemas/${id}` };
}

/** `jetway.step.build.triggered.v1` → `StepBuildTriggeredV1` (AsyncAPI component keys). */
export function componentName(subject: string): string {
  return subject
    .replace(/^jetway\./, '')
    .split(/[.-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The CloudEvents 1.0 binary-mode headers every persisted message carries (see envelope.ts). */
function cloudEventsHeaders(): Record<string, unknown> {
  const text = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'string', description, ...extra });
  return {
    type: 'object',
    description: 'CloudEvents 1.0 attributes as NATS headers (binary content mode), plus W3C trace context.',
    required: [CE.id, CE.type, CE.source, CE.specversion, CE.time, CE.subject, 'Nats-Msg-Id'],
    properties: {
      [CE.id]: text('Deterministic event id: f(run id, step id, attempt, event). Equals Nats-Msg-Id.'),
      'Nats-Msg-Id': text('Same value as ce-id; JetStream drops copies inside the duplicate window.'),
      [CE.type]: text('`dev.` + the subject, e.g. dev.jetway.step.build.triggered.v1.'),
      [CE.source]: text('The publishing service, e.g. planner, builder, cli.'),
      [CE.specversion]: text('CloudEvents spec version.', { const: '1.0' }),
      [CE.time]: text('When the event happened (RFC 3339).', { format: 'date-time' }),
      [CE.subject]: text('The run id; for a request, its ce-id: `req.` + the first 40 hex digits of sha256(idempotency key).'),
      [CE.datacontenttype]: text('Body media type.', { const: 'application/json' }),
      [TRACE_HEADERS.traceparent]: text('W3C trace context: one pipeline run is one trace.'),
      [TRACE_HEADERS.tracestate]: text('W3C trace state (optional).'),
    },
  };
}

function eventMessage(subject: EventSubject): Record<string, unknown> {
  const contract: { summary: string; cdevent?: string } = events[subject];
  return {
    name: componentName(subject),
    title: subject,
    summary: contract.summary,
    contentType: 'application/json',
    headers: { $ref: '#/components/schemas/CloudEventsHeaders' },
    payload: { schemaFormat: SCHEMA_FORMAT, schema: { $ref: `./json-schema/${schemaFileOf(subject)}` } },
    ...(contract.cdevent ? { 'x-cdevents-type': contract.cdevent } : {}),
    'x-cloudevents-type': `dev.${subject}`,
  };
}

function queryMessage(subject: QuerySubject, part: 'request' | 'reply'): Record<string, unknown> {
  return {
    name: `${componentName(subject)}${part === 'request' ? 'Request' : 'Reply'}`,
    title: `${subject} (${part})`,
    summary: QUERY_CONTRACTS[subject].summary,
    contentType: 'application/json',
    payload: { schemaFormat: SCHEMA_FORMAT, schema: { $ref: `./json-schema/${schemaFileOf(subject, part)}` } },
  };
}

/** Builds the AsyncAPI 3.0 document: one channel per subject, its address being the subject. */
export function asyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const subject of EVENT_SUBJECTS) {
    const name = componentName(subject);
    messages[name] = eventMessage(subject);
    channels[name] = {
      address: subject,
      description: `JetStream stream JETWAY_EVENTS. ${events[subject].summary}`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[`publish${name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${name}` },
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  for (const subject of Object.keys(QUERY_CONTRACTS) as QuerySubject[]) {
    const name = componentName(subject);
    messages[`${name}Request`] = queryMessage(subject, 'request');
    messages[`${name}Reply`] = queryMessage(subject, 'reply');
    channels[name] = {
      address: subject,
      description: `Core NATS request/reply (not persisted), answered by the ${QUERY_CONTRACTS[subject].answeredBy}. ${QUERY_CONTRACTS[subject].summary}`,
      messages: {
        [`${name}Request`]: { $ref: `#/components/messages/${name}Request` },
        [`${name}Reply`]: { $ref: `#/components/messages/${name}Reply` },
      },
    };
    operations[`ask${name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${name}` },
      messages: [{ $ref: `#/channels/${name}/messages/${name}Request` }],
      reply: { messages: [{ $ref: `#/channels/${name}/messages/${name}Reply` }] },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Jetway pipeline mesh',
      version: '1.0.0',
      description:
        'Events choreographing Jetway pipeline runs over NATS JetStream. Generated from contracts/src ' +
        '(npm run contracts:export); do not edit by hand. A new major version is a new subject.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:4222', protocol: 'nats', description: 'nats-server 2.9 with JetStream' } },
    channels,
    operations,
    components: { schemas: { CloudEventsHeaders: cloudEventsHeaders() }, messages },
  };
}

/** Every generated file, path (from the repository root) → content, in a stable order. */
export function generateContractArtifacts(): Map<string, string> {
  const files = new Map<string, string>();
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  for (const subject of EVENT_SUBJECTS) {
    files.set(`${SCHEMA_DIR}/${schemaFileOf(subject)}`, json(jsonSchema(events[subject].schema, schemaFileOf(subject))));
  }
  for (const [subject, contract] of Object.entries(QUERY_CONTRACTS)) {
    for (const part of ['request', 'reply'] as const) {
      const file = schemaFileOf(subject, part);
      files.set(`${SCHEMA_DIR}/${file}`, json(jsonSchema(contract[part], file)));
    }
  }
  const header = '# Generated by `npm run contracts:export` from contracts/src. Do not edit.\n';
  files.set(ASYNCAPI_PATH, header + stringify(asyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false }));
  return files;
}
