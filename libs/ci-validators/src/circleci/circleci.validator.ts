import type { ValidateFunction } from 'ajv';
import { compileSchema, schemaFindings } from '../common/schema-check';
import { readVendoredSchema } from '../common/vendored-schema';
import { cannotRun, verdict } from '../common/verdict';
import { readYaml } from '../common/yaml-source';
import type { CiFile, ValidatorVerdict } from '../types';
import { circleciReferenceFindings } from './circleci-references';

export const CIRCLECI_SCHEMA = "CircleCI schema (circleciconfig.json, CircleCI's YAML language server)";
export const CIRCLECI_REFERENCES = 'Jetway reference checks (CircleCI: workflow jobs, requires, executors, commands, orbs)';

let schema: ValidateFunction | undefined;

/** `.circleci/config.yml` against CircleCI's official schema, then the references CircleCI resolves when it compiles the config. */
export async function validateCircleci(file: CiFile): Promise<ValidatorVerdict[]> {
  const source = readYaml(file.content);
  let schemaVerdict: ValidatorVerdict;
  try {
    schema ??= compileSchema(readVendoredSchema('circleciconfig.json'));
    schemaVerdict = verdict(file, CIRCLECI_SCHEMA, schemaFindings(schema, source));
  } catch (error) {
    schemaVerdict = cannotRun(file, CIRCLECI_SCHEMA, error);
  }
  const references = source.errors.length > 0 ? source.errors : circleciReferenceFindings(source);
  return [schemaVerdict, verdict(file, CIRCLECI_REFERENCES, references)];
}
