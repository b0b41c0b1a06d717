import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { subjectsTable } from '../scripts/subjects-table';
import { ASYNCAPI_PATH, QUERY_CONTRACTS, SCHEMA_DIR, generateContractArtifacts, schemaFileOf } from '../scripts/contract-artifacts';
import { EVENT_SUBJECTS, queries } from './registry';
import { MINIMAL_CI_SETUP_REQUEST, SAMPLES } from './samples';

const root = resolve(__dirname, '..', '..');
const files = generateContractArtifacts();

interface AsyncApiDoc {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, { headers?: { $ref: string }; payload: { schema: { $ref: string } } }> };
}

describe('generated JSON Schema and AsyncAPI', () => {
  it('exports a JSON Schema for every event subject and each query request and reply', () => {
    const expected = [
      ...EVENT_SUBJECTS.map((subject) => schemaFileOf(subject)),
      ...Object.values(queries).flatMap((subject) => [schemaFileOf(subject, 'request'), schemaFileOf(subject, 'reply')]),
    ];
    const generated = [...files.keys()].filter((path) => path.startsWith(`${SCHEMA_DIR}/`)).map((path) => path.slice(SCHEMA_DIR.length + 1));
    expect(generated.sort()).toEqual(expected.sort());
    expect(Object.keys(QUERY_CONTRACTS).sort()).toEqual(Object.values(queries).sort());
  });

  it('describes the input shape, one schema per pipeline kind: fields with defaults are optional', () => {
    const union = JSON.parse(files.get(`${SCHEMA_DIR}/jetway.pipeline.requested.v1.json`) ?? '{}');
    expect(union.oneOf.map((member: { properties: { kind: { const: string } } }) => member.properties.kind.const)).toEqual(['deployment', 'ci_cd_setup', 'monitoring_setup', 'infrastructure', 'rollback']);
    const request = union.oneOf[0];
    expect(request.required).toEqual(expect.arrayContaining(['kind', 'idempotency_key', 'target_environments', 'platform_config']));
    expect(request.required).not.toContain('deployment_strategy');
    expect(request.properties.deployment_strategy.default).toBe('rolling');
  });

  it('gives every channel the subject as address and every message a schema file that exists', () => {
    const doc = parse(files.get(ASYNCAPI_PATH) ?? '') as AsyncApiDoc;
    expect(doc.asyncapi).toBe('3.0.0');
    const addresses = Object.values(doc.channels).map((channel) => channel.address);
    expect(addresses.sort()).toEqual([...EVENT_SUBJECTS, ...Object.values(queries)].sort());
    for (const channel of Object.values(doc.channels)) {
      for (const { $ref } of Object.values(channel.messages)) {
        const message = doc.components.messages[$ref.replace('#/components/messages/', '')];
        expect(message).toBeDefined();
        expect(files.has(join('contracts/generated', message?.payload.schema.$ref ?? '?'))).toBe(true);
      }
    }
  });

  it('describes the CloudEvents headers on every persisted message', () => {
    const doc = parse(files.get(ASYNCAPI_PATH) ?? '') as AsyncApiDoc & { components: { schemas: Record<string, { required: string[] }> } };
    expect(doc.components.schemas['CloudEventsHeaders']?.required).toEqual(
      expect.arrayContaining(['ce-id', 'ce-type', 'ce-source', 'ce-specversion', 'ce-time', 'ce-subject']),
    );
    const persisted = Object.values(doc.channels).filter((channel) => !channel.address.startsWith('jetway.query.'));
    for (const channel of persisted) {
      for (const { $ref } of Object.values(channel.messages)) {
        expect(doc.components.messages[$ref.replace('#/components/messages/', '')]?.headers).toEqual({ $ref: '#/components/schemas/CloudEventsHeaders' });
      }
    }
  });

  it('compiles every schema with a standard JSON Schema validator (Ajv) and accepts the samples', () => {
    const ajv = new Ajv({ allErrors: true }); // Ajv's default strict mode: unknown keywords and formats are errors
    addFormats(ajv);
    const refused: string[] = [];
    for (const [path, content] of files) {
      if (!path.endsWith('.json')) continue;
      try {
        ajv.compile(JSON.parse(content));
      } catch (error) {
        refused.push(`${path}: ${(error as Error).message}`);
      }
    }
    expect(refused).toEqual([]);
    const request = ajv.getSchema('https://jetway.dev/schemas/jetway.pipeline.requested.v1.json');
    if (!request) throw new Error('the request schema was not compiled');
    expect(request(SAMPLES['jetway.pipeline.requested.v1'])).toBe(true);
    expect(request(MINIMAL_CI_SETUP_REQUEST)).toBe(true);
    expect(request({ ...SAMPLES['jetway.pipeline.requested.v1'], platform_config: { run: { command: 'x' }, health_check: { path: 'health' } } })).toBe(false);
  });

  it('keeps the README subjects table equal to the one derived from the step kinds', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(subjectsTable());
    expect(subjectsTable()).toContain('`jetway.step.analyze.triggered.v1`, `jetway.step.generate.triggered.v1`, `jetway.step.prove.triggered.v1`, `jetway.step.infra-generate.triggered.v1`, `jetway.step.publish.triggered.v1` | planner | builder |');
  });

  it('matches the committed files: run `npm run contracts:export` and commit when this fails', () => {
    const stale = [...files].filter(([path, content]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== content);
    expect(stale.map(([path]) => path)).toEqual([]);
    const committed = readdirSync(join(root, SCHEMA_DIR)).map((name) => `${SCHEMA_DIR}/${name}`);
    expect(committed.filter((path) => !files.has(path))).toEqual([]);
  });
});
