import type { v1 as DatadogV1 } from '@datadog/datadog-api-client';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check } from '../../bundle.types';
import { DATADOG_DIR, datadogMonitorPath } from './datadog';

// Each generated monitor read by the Datadog API client's own model: its ObjectSerializer throws
// on a missing required field or a value of the wrong type and marks an unknown enum value as
// unparsed; the model's attribute map names every field it knows, so an unknown field is found too.
// Not checked: the monitor query's syntax (Datadog offers no offline parser; its
// `POST /api/v1/monitor/validate` needs an account).

export const DATADOG_CHECK = 'datadog monitor (API client model)';

let models: Promise<typeof DatadogV1> | undefined;

/**
 * The Datadog client's v1 models, loaded on the first check: the client costs ~145 MB of RSS once
 * loaded (measured: `require` alone), which a monitor-configurator that never writes Datadog
 * files should not carry.
 */
function datadogModels(): Promise<typeof DatadogV1> {
  models ??= import('@datadog/datadog-api-client').then((client) => client.v1);
  return models;
}

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}
type ModelClass = { getAttributeTypeMap(): Record<string, Attribute> };

export async function checkDatadog(dir: string): Promise<Check[]> {
  const names = (await readdir(join(dir, DATADOG_DIR, 'monitors')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  if (names.length === 0) return [{ check: DATADOG_CHECK, file: `${DATADOG_DIR}/monitors/`, passed: false, detail: 'the bundle has no Datadog monitors' }];
  return Promise.all(
    names.map(async (name) => {
      const file = datadogMonitorPath(name.slice(0, -'.json'.length));
      const problems = await monitorProblems(await readFile(join(dir, file), 'utf8'));
      const detail = problems.length === 0 ? 'read by @datadog/datadog-api-client\'s Monitor model: required fields, types, enum values, no unknown fields (query syntax not checked offline)' : problems.map((p) => `${file}: ${p}`).join('\n');
      return { check: DATADOG_CHECK, file, passed: problems.length === 0, detail: detail.slice(0, 2000) };
    }),
  );
}

/** What the Datadog client's Monitor model refuses in one monitor's JSON text. */
export async function monitorProblems(text: string): Promise<string[]> {
  const v1 = await datadogModels();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return [`does not parse as JSON: ${(error as Error).message}`];
  }
  let monitor: DatadogV1.Monitor;
  try {
    monitor = v1.ObjectSerializer.deserialize(data, 'Monitor', '') as DatadogV1.Monitor;
  } catch (error) {
    return [`Monitor model refuses it: ${(error as Error).message}`];
  }
  return [...unparsed(monitor, 'monitor'), ...unknownFields(v1, data, 'Monitor', 'monitor')];
}

/** Paths of values the serializer could not read as their declared type (unknown enum values). */
function unparsed(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (value instanceof Object && '_data' in value && value.constructor.name === 'UnparsedObject') {
    return [`${path}: ${JSON.stringify((value as { _data: unknown })._data)} is not a value the Monitor model allows`];
  }
  return Object.entries(value).flatMap(([key, inner]) => (key === '_unparsed' || key === 'additionalProperties' ? [] : unparsed(inner, `${path}.${key}`)));
}

/** Fields of `data` that the model `type` (and the models of its fields) does not declare. */
function unknownFields(v1: typeof DatadogV1, data: unknown, type: string, path: string): string[] {
  const model = (v1 as unknown as Record<string, ModelClass | undefined>)[type];
  if (!model?.getAttributeTypeMap || typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const known = new Map(Object.values(model.getAttributeTypeMap()).map((a) => [a.baseName, a.type]));
  return Object.entries(data).flatMap(([key, value]) => {
    const inner = known.get(key);
    if (inner === undefined) return [`${path}.${key}: the ${type} model has no such field`];
    const element = /^Array<(.+)>$/.exec(inner)?.[1];
    if (element && Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v1, v, element, `${path}.${key}[${i}]`));
    return unknownFields(v1, value, inner, `${path}.${key}`);
  });
}
