/**
 * The scenario names `--only` chose: each value is a name, or a comma-separated list of names
 * (a name with a comma in it, e.g. "router, canary 25 %", goes in an --only of its own).
 * Throws naming what is unknown and what is known.
 */
export function chosenNames(values: readonly string[], known: readonly string[]): string[] {
  const chosen = values.flatMap((value) => (known.includes(value.trim()) ? [value.trim()] : value.split(',').map((name) => name.trim())));
  const unknown = chosen.filter((name) => !known.includes(name));
  if (unknown.length) throw new Error(`--only ${unknown.map((name) => `"${name}"`).join(', ')}: use one of ${known.map((name) => `"${name}"`).join(', ')}`);
  return chosen;
}
