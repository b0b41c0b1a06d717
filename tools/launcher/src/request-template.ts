/** What a template's placeholders stand for: a string, or a list spliced into the list that names it. */
export type PlaceholderValues = Readonly<Record<string, string | readonly string[]>>;

const PLACEHOLDER = /^\$([A-Z][A-Z0-9_]*)$/;

/**
 * A parsed YAML template with every placeholder filled in. A placeholder is a whole string value
 * `$NAME`; a list value is spliced into the list that holds it (`targets: [$TARGETS]`). A
 * placeholder without a value, or a list where a single value belongs, is an error naming it.
 */
export function fillPlaceholders(template: unknown, values: PlaceholderValues, where = ''): unknown {
  if (typeof template === 'string') {
    const value = lookup(template, values, where);
    if (Array.isArray(value)) throw new Error(`${where || 'the template'}: $${PLACEHOLDER.exec(template)?.[1]} is a list; name it inside a list ([...])`);
    return value;
  }
  if (Array.isArray(template)) {
    return template.flatMap((item: unknown, i) => {
      const at = `${where}[${i}]`;
      return typeof item === 'string' && PLACEHOLDER.test(item) ? [lookup(item, values, at)].flat() : [fillPlaceholders(item, values, at)];
    });
  }
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fillPlaceholders(value, values, where ? `${where}.${key}` : key)]));
  }
  return template;
}

function lookup(text: string, values: PlaceholderValues, where: string): string | readonly string[] {
  const name = PLACEHOLDER.exec(text)?.[1];
  if (name === undefined) return text;
  const value = values[name];
  if (value === undefined) throw new Error(`${where || 'the template'}: no value for $${name} (known: ${Object.keys(values).map((k) => `$${k}`).join(', ')})`);
  return value;
}
