// Spec validation errors: one class so that the CLI and the components can tell bad input from GPU failure.

/** Thrown for invalid input; `field` is the dotted path of the offending spec field. */
export class SpecError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`[eos-lab] spec: ${field} ${message}`);
    this.name = 'SpecError';
    this.field = field;
  }
}

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** A finite number in [min, max] (integers when `integer`), else a SpecError naming the field and range. */
export function checkNumber(
  field: string,
  value: unknown,
  opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  const { min = -Infinity, max = Infinity, integer = false, exclusiveMin = false } = opts;
  const kind = integer ? 'an integer' : 'a finite number';
  const lo = exclusiveMin ? `(${min}` : `[${min}`;
  const range = min === -Infinity && max === Infinity ? '' : ` in ${lo}, ${max}]`;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max;
  if (!ok) throw new SpecError(field, `must be ${kind}${range}, got ${show(value)}`);
  return value as number;
}

/** One of the allowed strings, else a SpecError listing them. */
export function checkChoice<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new SpecError(
      field,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(value)}`,
    );
  }
  return value as T;
}

/** Rejects keys that no part of the engine reads, so a typo never silently does nothing. */
export function checkKeys(field: string, obj: object, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = field ? `${field}.${key}` : key;
      throw new SpecError(where, `is not a known field (known: ${allowed.join(', ')})`);
    }
  }
}

export function checkObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SpecError(field, `must be an object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}
