import { parseHcl } from './hcl-parser';

/** An HCL body as the parser gives it: attributes as values, nested blocks as arrays of bodies. */
export type Body = Record<string, unknown>;

export interface Located {
  readonly file: string;
  /** 1-based line of the block's header in its file. */
  readonly line: number;
}

export interface Resource extends Located {
  readonly type: string;
  readonly name: string;
  readonly body: Body;
}

export interface Variable extends Located {
  readonly name: string;
  readonly body: Body;
}

export interface RequiredProvider extends Located {
  readonly name: string;
  readonly source?: string;
  readonly version?: string;
}

/** A Terraform configuration, parsed by a real HCL2 parser, every block with where it stands. */
export interface TerraformModel {
  readonly resources: Resource[];
  readonly variables: Variable[];
  readonly requiredProviders: RequiredProvider[];
}

/** The first line of `text` matching `pattern`, 1-based (1 when absent: the block is in the file). */
function lineOf(text: string, pattern: RegExp): number {
  const index = text.search(pattern);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

const quoted = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `${var.NAME}` standing alone: a value the variables can resolve. */
const VAR_REF = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/;

/** The body with every `${var.X}` whose value is known replaced by it (the rest stays an expression, unknown). */
function resolve(value: unknown, variables: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const name = VAR_REF.exec(value)?.[1];
    return name !== undefined && Object.hasOwn(variables, name) ? variables[name] : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, variables));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, variables)]));
  return value;
}

/**
 * Parses every `.tf` file; a file that does not parse throws naming it and the parser's words.
 * With `variables` (an environment's tfvars), `${var.X}` values are read as that environment
 * will apply them, so a rule sees `multi_az = true` where the module says `var.multi_az`.
 */
export async function parseTerraform(files: ReadonlyArray<{ path: string; content: string }>, variables: Readonly<Record<string, unknown>> = {}): Promise<TerraformModel> {
  const model: { resources: Resource[]; variables: Variable[]; requiredProviders: RequiredProvider[] } = { resources: [], variables: [], requiredProviders: [] };
  for (const { path, content } of files.filter((f) => f.path.endsWith('.tf'))) {
    let json: Body;
    try {
      json = (await parseHcl(path, content)) as Body;
    } catch (error) {
      throw new Error(`${path} does not parse as HCL: ${(error as Error).message}`);
    }
    for (const [type, byName] of Object.entries((json['resource'] ?? {}) as Record<string, Record<string, Body[]>>)) {
      for (const [name, bodies] of Object.entries(byName)) {
        const line = lineOf(content, new RegExp(`resource\\s+"${quoted(type)}"\\s+"${quoted(name)}"`));
        for (const body of bodies) model.resources.push({ type, name, body: resolve(body, variables) as Body, file: path, line });
      }
    }
    for (const [name, bodies] of Object.entries((json['variable'] ?? {}) as Record<string, Body[]>)) {
      for (const body of bodies) model.variables.push({ name, body, file: path, line: lineOf(content, new RegExp(`variable\\s+"${quoted(name)}"`)) });
    }
    for (const terraform of (json['terraform'] ?? []) as Body[]) {
      for (const block of (terraform['required_providers'] ?? []) as Body[]) {
        for (const [name, spec] of Object.entries(block)) {
          const line = lineOf(content, new RegExp(`\\b${quoted(name)}\\s*=\\s*\\{`));
          const entry = typeof spec === 'string' ? { version: spec } : (spec as { source?: string; version?: string });
          model.requiredProviders.push({ name, file: path, line, ...(entry.source && { source: entry.source }), ...(entry.version && { version: entry.version }) });
        }
      }
    }
  }
  return model;
}

/** The nested blocks named `name` of a body (the parser gives each block as an array). */
export function blocks(body: Body, name: string): Body[] {
  const value = body[name];
  return Array.isArray(value) ? (value as Body[]) : value && typeof value === 'object' ? [value as Body] : [];
}

/** Whether the attribute is literally true (a reference such as `${var.x}` is not known to be). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
