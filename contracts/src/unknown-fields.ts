import type { z } from 'zod';

/** A field in a document that its schema does not know, with the closest known name if one is near. */
export interface UnknownField {
  /** Dotted path, e.g. `platform_config.replicsa`. */
  readonly path: string;
  /** The known field at the same level the name most likely meant (a typo), if any is close. */
  readonly suggestion?: string;
  /** Every field the schema knows at that level. */
  readonly known: readonly string[];
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields of `value` that `schema` does not know, at any depth. Zod objects strip unknown keys
 * silently; this names them, so a publisher can refuse a typo (`replicsa`) and a consumer can note
 * what it ignored from a newer publisher. For a union, the branch that accepts the value (or whose
 * discriminator matches) is followed.
 */
export function unknownFields(schema: z.ZodType, value: unknown, path: readonly string[] = []): UnknownField[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return isRecord(value) ? objectFields(def.shape ?? {}, value, path) : [];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? unknownFields(def.innerType, value, path) : [];
    case 'pipe':
      return def.in ? unknownFields(def.in, value, path) : [];
    case 'lazy':
      return def.getter ? unknownFields(def.getter(), value, path) : [];
    case 'array':
      return Array.isArray(value) && def.element
        ? value.flatMap((item, index) => unknownFields(def.element as z.ZodType, item, [...path, String(index)]))
        : [];
    case 'record':
      return isRecord(value) && def.valueType
        ? Object.entries(value).flatMap(([key, item]) => unknownFields(def.valueType as z.ZodType, item, [...path, key]))
        : [];
    case 'union': {
      const branch = (def.options ?? []).find((option) => option.safeParse(value).success) ?? discriminated(def, value);
      return branch ? unknownFields(branch, value, path) : [];
    }
    default:
      return [];
  }
}

function objectFields(shape: Record<string, z.ZodType>, value: Record<string, unknown>, path: readonly string[]): UnknownField[] {
  const known = Object.keys(shape);
  return Object.entries(value).flatMap(([key, item]) => {
    const field = shape[key];
    if (field) return unknownFields(field, item, [...path, key]);
    const suggestion = closest(key, known);
    return [{ path: [...path, key].join('.'), known, ...(suggestion ? { suggestion } : {}) }];
  });
}

/** The union branch whose discriminator literal equals the value's (when no branch accepts it whole). */
function discriminated(def: Def & { discriminator?: string }, value: unknown): z.ZodType | undefined {
  if (!def.discriminator || !isRecord(value)) return undefined;
  const tag = value[def.discriminator];
  return (def.options ?? []).find((option) => {
    const field = defOf(option).shape?.[def.discriminator as string];
    const values = field && (field as unknown as { _zod: { values?: Set<unknown> } })._zod.values;
    return values?.has(tag) ?? false;
  });
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate a typo most likely meant: within a third of its length in edits (at least 2), or
 * the one it is a prefix/suffix of (`approvl` → `approval`, `strategy` → `deployment_strategy`).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  if (best && best.distance <= Math.max(2, Math.floor(word.length / 3))) return best.candidate;
  return candidates.find((candidate) => word.length >= 4 && (candidate.endsWith(`_${word}`) || candidate.startsWith(`${word}_`)));
}

/** `path: unknown field (did you mean "x"?)` — one line per field, for error messages. */
export function describeUnknownFields(fields: readonly UnknownField[]): string {
  return fields
    .map((field) => {
      const hint = field.suggestion
        ? `did you mean "${field.suggestion}"?`
        : `the fields here are ${field.known.join(', ')}`;
      return `${field.path}: unknown field (${hint})`;
    })
    .join('; ');
}
