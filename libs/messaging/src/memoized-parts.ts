import { z } from 'zod';

/**
 * Parts kept per memoized field, the least recently used dropped first: a planner's 100 open runs
 * hold ~500 steps, and a part is 0.2–5 KB of JSON (a step's inline log at most 4 KiB), so a few MB.
 */
export const MEMOIZED_PARTS_KEEP = 1024;

export interface MemoizedFields<K extends string> {
  /** Fields whose whole value is one part (a run's request: written on every update, never changed). */
  readonly one?: readonly K[];
  /** Array fields whose elements are each a part (a run's steps: an update changes one or two). */
  readonly each?: readonly K[];
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

/**
 * The JSON of `schema.parse(value)`, byte for byte, parsing again only what it has not seen: the
 * named fields' values (or array elements) are parts, and a part whose JSON was parsed before by
 * the same field schema reuses that parse's output; every other field is parsed each time. So
 * every byte it returns is still the JSON of a value the schema accepted — a record rewritten on
 * every change, most of it the same, pays for its changes only. A part that fails is never kept,
 * and the error names its full path (`steps.2.status`). At most `keep` parts per field are kept.
 * Object-level checks cannot be split into parts, so a schema with them is refused. Keyed by
 * content, not identity: a part mutated in place is a new part.
 */
export function memoizedPartsEncoder<S extends AnyObject>(schema: S, fields: MemoizedFields<Extract<keyof S['shape'], string>>, keep = MEMOIZED_PARTS_KEEP): (value: z.output<S>) => string {
  if ((schema._zod.def.checks ?? []).length > 0) throw new Error('memoizedPartsEncoder: the schema has object-level checks (refine, superRefine): parse it whole');
  const shape = schema.shape;
  const one = new Set<string>(fields.one ?? []);
  const each = new Set<string>(fields.each ?? []);
  const rest = schema.omit(Object.fromEntries([...one, ...each].map((key) => [key, true])) as never);
  const memos = new Map<string, Map<string, unknown>>([...one, ...each].map((key) => [key, new Map()]));
  // Each array field's element schema, found once (a field that is not an array is refused here).
  const elements = new Map([...each].map((key) => [key, elementOf(shape[key] as z.ZodType, key)]));
  const part = (field: string, partSchema: z.ZodType, value: unknown, path: PropertyKey[]): unknown => {
    if (value === undefined) return parseAt(partSchema, value, path);
    const memo = memos.get(field) as Map<string, unknown>;
    const json = JSON.stringify(value);
    if (memo.has(json)) {
      const kept = memo.get(json);
      memo.delete(json);
      memo.set(json, kept);
      return kept;
    }
    const parsed = parseAt(partSchema, value, path);
    memo.set(json, parsed);
    if (memo.size > keep) memo.delete(memo.keys().next().value as string);
    return parsed;
  };
  return (value) => {
    const input = value as Record<string, unknown>;
    const parsedRest = parseAt(rest, input, []) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const fieldSchema = shape[key] as z.ZodType;
      if (one.has(key)) out[key] = part(key, fieldSchema, input[key], [key]);
      else if (each.has(key)) out[key] = Array.isArray(input[key]) ? input[key].map((element, i) => part(key, elements.get(key) as z.ZodType, element, [key, i])) : parseAt(fieldSchema, input[key], [key]);
      else if (key in parsedRest) out[key] = parsedRest[key];
    }
    return JSON.stringify(out);
  };
}

/** The element schema of an array field (optional or not). */
function elementOf(schema: z.ZodType, key: string): z.ZodType {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodArray)) throw new Error(`memoizedPartsEncoder: '${key}' is not an array field`);
  return inner.element as z.ZodType;
}

/** `schema.parse(value)`, its issues' paths under `path`. */
function parseAt(schema: z.ZodType, value: unknown, path: PropertyKey[]): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new z.ZodError(result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })));
}
