/**
 * `each` over `items`, `size` at a time, results in the items' order: the validators run a
 * bundle's tool processes (promtool, amtool) a few at once, not one per file or case at once.
 * A chunk starts once the previous one has settled; the first rejection rejects the whole.
 */
export async function inChunks<T, R>(items: readonly T[], size: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(each))));
  return out;
}
