import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Test helper (not a spec): the official SARIF 2.1.0 schema, kept outside the repository. */
export const SARIF_SCHEMA_PATH = resolve(__dirname, '../../../../../shared/schemas/sarif-2.1.0.json');

let validate: ValidateFunction | undefined;

/**
 * Validates a SARIF log against the official schema with Ajv; returns the errors, empty when valid.
 * `unicodeRegExp: false`: the schema's language pattern (`…-[a-zA-Z]{2}]?$`) is valid only
 * without the `u` flag, as the JavaScript regular expressions it was written for.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!existsSync(SARIF_SCHEMA_PATH)) throw new Error(`${SARIF_SCHEMA_PATH} is missing: see ../shared/schemas/README.md`);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
