import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sharedSchemaPath } from '@jetway/testing';

let validate: ValidateFunction | undefined;

/**
 * Validates a SARIF log against the official schema with Ajv; returns the errors, empty when valid.
 * `unicodeRegExp: false`: the schema's language pattern (`…-[a-zA-Z]{2}]?$`) is valid only
 * without the `u` flag, as the JavaScript regular expressions it was written for.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(sharedSchemaPath('sarif-2.1.0.json'), 'utf8')) as object);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
