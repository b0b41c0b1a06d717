import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { sharedSchemaPath } from '@jetway/testing';
import { parse } from 'yaml';

const compiled = new Map<string, ValidateFunction>();

/**
 * The SchemaStore schema's complaints about a YAML file (`prometheus.json`,
 * `prometheus.rules.json`, `prometheus.rules.test.json` from shared/schemas), empty when valid.
 * Compiled as editors use them: every error, unknown keywords ignored, no format checks.
 */
export function schemaErrors(schemaFile: string, yamlText: string): string[] {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false, unicodeRegExp: false });
    validate = ajv.compile(JSON.parse(readFileSync(sharedSchemaPath(schemaFile), 'utf8')) as object);
    compiled.set(schemaFile, validate);
  }
  if (validate(parse(yamlText))) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
