/**
 * NATS subject algebra for the declaration's checks: `*` matches one token, `>` one or more
 * trailing tokens. Pure functions; no NATS.
 */

/** True when some concrete subject matches both `a` and `b` (two streams cannot share one). */
export function subjectsOverlap(a: string, b: string): boolean {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < left.length && i < right.length; i += 1) {
    const l = left[i];
    const r = right[i];
    if (l === '>' || r === '>') return true;
    if (l !== '*' && r !== '*' && l !== r) return false;
  }
  return left.length === right.length;
}

/** True when every subject `inner` matches is also matched by `outer` (a filter within a stream). */
export function subjectCovers(outer: string, inner: string): boolean {
  const o = outer.split('.');
  const n = inner.split('.');
  for (let i = 0; i < o.length; i += 1) {
    const token = o[i];
    if (token === '>') return i < n.length;
    const other = n[i];
    if (other === undefined || other === '>') return false;
    if (token === '*') continue;
    if (other === '*' || other !== token) return false;
  }
  return o.length === n.length;
}

/** A concrete subject matched by `pattern` (wildcards become `probe`): where a probe is published. */
export function concreteSubject(pattern: string): string {
  return pattern
    .split('.')
    .map((token) => (token === '*' || token === '>' ? 'probe' : token))
    .join('.');
}
