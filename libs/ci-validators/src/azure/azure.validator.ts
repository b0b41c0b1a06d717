import type { ValidateFunction } from 'ajv';
import { compileSchema, schemaFindings } from '../common/schema-check';
import { readVendoredSchema } from '../common/vendored-schema';
import { cannotRun, verdict } from '../common/verdict';
import { readYaml } from '../common/yaml-source';
import type { CiFile, ValidatorVerdict } from '../types';
import { azureReferenceFindings } from './azure-references';

export const AZURE_SCHEMA = 'Azure Pipelines schema (azure-pipelines.json, the service schema of azure-pipelines-vscode)';
export const AZURE_REFERENCES = 'Jetway reference checks (Azure Pipelines: dependsOn, names, templates)';

let schema: ValidateFunction | undefined;

/** An Azure Pipelines file against Microsoft's schema (1.6 MB, compiled once: ~2 s), then the references Azure resolves. */
export async function validateAzurePipeline(file: CiFile, bundle: readonly CiFile[]): Promise<ValidatorVerdict[]> {
  const source = readYaml(file.content);
  let schemaVerdict: ValidatorVerdict;
  try {
    schema ??= compileSchema(readVendoredSchema('azure-pipelines.json'));
    schemaVerdict = verdict(file, AZURE_SCHEMA, schemaFindings(schema, source));
  } catch (error) {
    schemaVerdict = cannotRun(file, AZURE_SCHEMA, error);
  }
  const references = source.errors.length > 0 ? source.errors : azureReferenceFindings(source, file.path, new Set(bundle.map((f) => f.path)));
  return [schemaVerdict, verdict(file, AZURE_REFERENCES, references)];
}
