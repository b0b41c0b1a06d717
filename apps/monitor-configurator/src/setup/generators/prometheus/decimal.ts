/**
 * Exact decimals for the numbers written into rules: `units / 10^scale` with integer units, so
 * the budget of a 99.9 % objective is `0.001` and never `0.0009999999999999432` (what
 * `1 - 0.999` gives in floating point).
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** A decimal from a number as JavaScript prints it (shortest round-trip form) or from its text. */
export function decimal(value: number | string): Decimal {
  const text = typeof value === 'number' ? String(value) : value;
  const match = PLAIN.exec(text);
  if (!match) throw new Error(`${text} is not a finite decimal number`);
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = match;
  const units = BigInt(`${sign}${whole}${fraction}`);
  const scale = fraction.length - Number(exponent);
  return normalised(scale >= 0 ? { units, scale } : { units: units * 10n ** BigInt(-scale), scale: 0 });
}

export function times(a: Decimal, b: Decimal): Decimal {
  return normalised({ units: a.units * b.units, scale: a.scale + b.scale });
}

export function minus(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return normalised({ units: widen(a, scale) - widen(b, scale), scale });
}

/** `a / 10^digits`: exact, as dividing by a power of ten only moves the point. */
export function shift(a: Decimal, digits: number): Decimal {
  return digits >= 0 ? normalised({ units: a.units, scale: a.scale + digits }) : times(a, decimal(`1e${-digits}`));
}

export function lessThan(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return widen(a, scale) < widen(b, scale);
}

/** The plain decimal text (`0.0144`, `14.4`, `6`): no exponent, no trailing zeros. */
export function text(a: Decimal): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const fraction = digits.slice(digits.length - a.scale);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The nearest float: for assertions and comparisons, never for writing rules. */
export function toNumber(a: Decimal): number {
  return Number(text(a));
}

function widen(a: Decimal, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

function normalised(a: Decimal): Decimal {
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}
