import { parse } from '@cdktn/hcl2json';
import type { GeneratedFile } from './generate-terraform';

// What `terraform validate` would check of generated files, done here without Terraform: every
// reference resolves (variables, resources, data sources, module outputs), every module call passes
// exactly the module's variables, every root variable is set by the tfvars; and, against a provider
// schema extracted from the prebuilt CDKTF bindings, every resource type, argument and nested block
// exists and every required one is set.

type Json = Record<string, unknown>;
type Attribute = { required: boolean; block?: Record<string, Attribute> };
export interface ProviderSchema {
  readonly provider: string;
  readonly provider_version: string;
  readonly from: string;
  readonly types: Readonly<Record<string, Record<string, Attribute>>>;
}

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

/** Every string of a parsed body holding an interpolation (`${…}`): where references are. */
function expressions(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('${') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(expressions);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressions);
  return [];
}

const entries = (json: Json, key: string): Array<[string, Json]> => Object.entries((json[key] ?? {}) as Json).map(([k, v]) => [k, v as Json]);

/** Addresses a module defines: `var.x`, `type.name`, `data.type.name`, `module.name`, and its outputs. */
function definitions(json: Json) {
  const defined = new Set<string>();
  for (const [name] of entries(json, 'variable')) defined.add(`var.${name}`);
  for (const [type, byName] of entries(json, 'resource')) for (const name of Object.keys(byName)) defined.add(`${type}.${name}`);
  for (const [type, byName] of entries(json, 'data')) for (const name of Object.keys(byName)) defined.add(`data.${type}.${name}`);
  for (const [name] of entries(json, 'module')) defined.add(`module.${name}`);
  return { defined, outputs: new Set(entries(json, 'output').map(([name]) => name)), variables: new Set(entries(json, 'variable').map(([name]) => name)) };
}

/** The references of an expression: `var.x`, `aws_vpc.main`, `data.t.n`, `module.m.output`. */
function references(expression: string): string[] {
  const text = expression.replace(/"(?:[^"\\]|\\.)*"/g, (s) => (s.includes('${') ? s : '""'));
  return [...text.matchAll(/(?<![\w.])(var\.\w+|data\.\w+\.\w+|module\.\w+\.\w+|(?:aws|azurerm|google)_\w+\.\w+)/g)].map((m) => m[1] ?? '');
}

/** Unresolved references and mismatched module calls of a generated configuration, one line each. */
export async function wiringErrors(files: readonly GeneratedFile[]): Promise<string[]> {
  const parsed = new Map<string, Json>();
  for (const f of files) parsed.set(f.path, (await parse(f.path, f.content)) as Json);
  const errors: string[] = [];
  const modules = new Map([...parsed].filter(([p]) => p.startsWith('modules/')).map(([p, json]) => [p.split('/')[1] ?? '', definitions(json)]));
  for (const [path, json] of parsed) {
    if (!path.endsWith('.tf')) continue;
    const { defined } = definitions(json);
    const body = { resource: json['resource'], data: json['data'], output: json['output'], module: json['module'], provider: json['provider'] };
    for (const ref of new Set(expressions(body).flatMap(references))) {
      const [head, name, output] = ref.split('.');
      if (head === 'module') {
        if (!modules.get(name ?? '')?.outputs.has(output ?? '')) errors.push(`${path}: ${ref} is not an output of modules/${name}`);
      } else if (!defined.has(ref.split('.').slice(0, head === 'data' ? 3 : 2).join('.'))) errors.push(`${path}: ${ref} is not defined`);
    }
    for (const [name, calls] of entries(json, 'module')) {
      const call = (calls as unknown as Json[])[0];
      const target = modules.get(name);
      const passed = Object.keys(call ?? {}).filter((k) => k !== 'source');
      if (!target) { errors.push(`${path}: module ${name} has no modules/${name}`); continue; }
      for (const k of passed) if (!target.variables.has(k)) errors.push(`${path}: module ${name} passes ${k}, which modules/${name} does not declare`);
      for (const k of target.variables) if (!passed.includes(k)) errors.push(`${path}: module ${name} does not pass ${k}`);
    }
    if (path.startsWith('environments/')) {
      const tfvars = parsed.get(path.replace(/main\.tf$/, 'terraform.tfvars')) ?? {};
      const declared = Object.keys((json['variable'] ?? {}) as Json).sort();
      if (JSON.stringify(declared) !== JSON.stringify(Object.keys(tfvars).sort())) errors.push(`${path}: variables [${declared.join(', ')}] are not those the tfvars set [${Object.keys(tfvars).sort().join(', ')}]`);
    }
  }
  return errors;
}

/** Meta-arguments are a resource's own: inside a nested block `provider` (eks encryption_config) or `count` is the provider's. */
function checkBody(where: string, body: Json, schema: Record<string, Attribute>, errors: string[], inBlock = false): void {
  for (const [key, value] of Object.entries(body)) {
    if (!inBlock && META.has(key)) continue;
    const attribute = schema[key];
    if (!attribute) { errors.push(`${where}: ${key} is not an argument or block of this type`); continue; }
    if (attribute.block && Array.isArray(value)) for (const [i, nested] of value.entries()) checkBody(`${where}.${key}[${i}]`, nested as Json, attribute.block, errors, true);
    else if (attribute.block) errors.push(`${where}: ${key} is a block, written as an attribute`);
  }
  for (const [key, attribute] of Object.entries(schema)) if (attribute.required && body[key] === undefined) errors.push(`${where}: required ${attribute.block ? 'block' : 'argument'} ${key} is missing`);
}

/** Resource types, arguments and nested blocks the provider schema does not know, and required ones missing. */
export async function schemaErrors(files: readonly GeneratedFile[], schema: ProviderSchema): Promise<string[]> {
  const errors: string[] = [];
  const prefix = `${schema.provider}_`;
  for (const f of files.filter((x) => x.path.endsWith('.tf'))) {
    const json = (await parse(f.path, f.content)) as Json;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of entries(json, kind)) {
        const key = kind === 'data' ? `data.${type}` : type;
        const typeSchema = schema.types[key];
        if (!type.startsWith(prefix)) errors.push(`${f.path}: ${key} is not a ${schema.provider} type`);
        else if (!typeSchema) errors.push(`${f.path}: ${key} is not in the ${schema.provider} ${schema.provider_version} schema snapshot (${schema.from})`);
        else for (const [name, bodies] of Object.entries(byName)) for (const body of bodies as Json[]) checkBody(`${f.path}: ${key}.${name}`, body, typeSchema, errors);
      }
    }
  }
  return errors;
}
