// A small HCL writer: Terraform configuration built as data, written as HCL text (no template
// strings), then checked by parsing it back with a real HCL2 parser (see hcl-writer.spec.ts).

/** An expression written bare (a reference, a function call): `aws_vpc.main.id`, `var.region`. */
export interface Expr {
  readonly expr: string;
}
export const ref = (expr: string): Expr => ({ expr });

/** A nested block (`ingress { … }`), possibly repeated. */
export interface NestedBlocks {
  readonly blocks: readonly Body[];
}
export const nested = (...blocks: Body[]): NestedBlocks => ({ blocks });

export type Value = string | number | boolean | Expr | readonly Value[] | { readonly [key: string]: Value };
export type Body = { readonly [key: string]: Value | NestedBlocks | undefined };

/** A top-level block: `resource "aws_vpc" "main" { … }`, `variable "region" { … }`, `terraform { … }`. */
export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
}

const isExpr = (v: unknown): v is Expr => typeof v === 'object' && v !== null && 'expr' in v;
const isNested = (v: unknown): v is NestedBlocks => typeof v === 'object' && v !== null && 'blocks' in v;
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function value(v: Value, indent: string): string {
  if (typeof v === 'string') return JSON.stringify(v).replace(/\$\{/g, '$${');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isExpr(v)) return v.expr;
  if (Array.isArray(v)) return `[${v.map((item) => value(item as Value, indent)).join(', ')}]`;
  const entries = Object.entries(v as Record<string, Value>);
  if (entries.length === 0) return '{}';
  const inner = `${indent}  `;
  return `{\n${entries.map(([k, item]) => `${inner}${IDENT.test(k) ? k : JSON.stringify(k)} = ${value(item, inner)}`).join('\n')}\n${indent}}`;
}

function body(b: Body, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, v] of Object.entries(b)) {
    if (v === undefined) continue;
    if (isNested(v)) for (const block of v.blocks) lines.push(`${indent}${key} {`, ...body(block, `${indent}  `), `${indent}}`);
    else lines.push(`${indent}${key} = ${value(v, indent)}`);
  }
  return lines;
}

/** The blocks as HCL text, one blank line between blocks. */
export function writeHcl(blocks: readonly Block[]): string {
  return `${blocks.map((b) => [`${[b.type, ...b.labels.map((l) => JSON.stringify(l))].join(' ')} {`, ...body(b.body, '  '), '}'].join('\n')).join('\n\n')}\n`;
}
