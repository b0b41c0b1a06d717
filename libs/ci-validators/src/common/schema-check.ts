import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ValidatorFinding } from '../types';
import { pointerToPath, type YamlSource } from './yaml-source';

/**
 * Compiles a platform's official JSON Schema as their editors use it: every error, no format
 * checks, unknown keywords (`markdownDescription`, `deprecationMessage`) ignored, patterns as the
 * JavaScript (non-`u`) regular expressions they were written for.
 */
export function compileSchema(schema: object): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

/** The schema's complaints about a parsed YAML file, one finding per place, with its line. */
export function schemaFindings(validate: ValidateFunction, source: YamlSource): ValidatorFinding[] {
  if (source.errors.length > 0) return source.errors;
  if (validate(source.data)) return [];
  return mostSpecific(validate.errors ?? []).map(({ error, alternatives }) => {
    const path = pointerToPath(error.instancePath, source.data);
    const extra = typeof error.params['additionalProperty'] === 'string' ? (error.params['additionalProperty'] as string) : undefined;
    const line = extra === undefined ? source.lineOf(path) : source.keyLineOf(path, extra);
    const others = alternatives > 0 ? ` (and ${alternatives} other way${alternatives === 1 ? '' : 's'} it fails the schema there)` : '';
    return { message: `${where(error.instancePath)}: ${describe(error)}${others}`, ...(line === undefined ? {} : { line }) };
  });
}

const CHOICES = ['oneOf', 'anyOf', 'if', 'not', 'false schema'];

/**
 * Ajv reports every failed branch of every `oneOf`/`anyOf`. Where a place in the file is such a
 * choice and something below it failed too, the branch that matched furthest is the one meant:
 * the place's own errors (other branches' "missing key" and "wrong type") are dropped. A place
 * that is not a choice keeps its errors (an unexpected key next to a bad value is two mistakes).
 * One message per place: the most telling, and how many other ways it fails there.
 */
function mostSpecific(errors: readonly ErrorObject[]): Array<{ error: ErrorObject; alternatives: number }> {
  const byPlace = new Map<string, ErrorObject[]>();
  for (const error of errors) byPlace.set(error.instancePath, [...(byPlace.get(error.instancePath) ?? []), error]);
  const places = [...byPlace.keys()];
  return [...byPlace.entries()].flatMap(([place, group]) => {
    const isChoice = group.some((e) => CHOICES.includes(e.keyword));
    if (isChoice && places.some((p) => p.startsWith(`${place}/`))) return [];
    const concrete = group.filter((e) => !CHOICES.includes(e.keyword) && e.keyword !== 'allOf');
    const candidates = concrete.length > 0 ? concrete : group;
    const unique = new Map(candidates.map((e) => [describe(e), e]));
    const [first] = [...unique.values()].sort((a, b) => rank(a) - rank(b));
    return first ? [{ error: first, alternatives: unique.size - 1 }] : [];
  });
}

/** An unexpected key is the likeliest typo; a missing required key next; types and the rest after. */
function rank(error: ErrorObject): number {
  return ['additionalProperties', 'required', 'enum', 'const', 'type'].indexOf(error.keyword) + 1 || 9;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unexpected key '${String(params['additionalProperty'])}'`;
    case 'required':
      return `missing required key '${String(params['missingProperty'])}'`;
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v));
      return `must be one of ${allowed.slice(0, 8).join(', ')}${allowed.length > 8 ? ', …' : ''}`;
    }
    default:
      return error.message ?? `fails '${error.keyword}'`;
  }
}

function where(pointer: string): string {
  return pointer === '' ? '(top level)' : pointer.slice(1).replace(/\//g, '.');
}
