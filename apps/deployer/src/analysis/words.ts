// How analysis numbers read in messages: "3.1 %", "412 ms", "812 requests", "p = 0.0028".

/** A share (0..1) as a percentage with at most two decimals: 0.031 → "3.1 %". */
export function percent(share: number): string {
  return `${trim((share * 100).toFixed(2))} %`;
}

/** Milliseconds with at most one decimal: "412 ms", "0.4 ms". */
export function millis(ms: number): string {
  return `${trim(ms.toFixed(1))} ms`;
}

/** A count with its noun: "1 request", "2,412 requests". */
export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A p-value to two significant digits: 0.002761 → "0.0028". */
export function pValue(p: number): string {
  return String(Number(p.toPrecision(2)));
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
