/** Boundary validation helpers; each names the parameter in the error it throws. */
import { InvalidArgumentError } from '../errors.js';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return Object.prototype.toString.call(value);
}

/** Throw InvalidArgumentError unless `value` is an integer ≥ `min` (default 1). */
export function assertPositiveInt(component: string, name: string, value: unknown, min = 1): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(
      name,
      value,
      `integer >= ${min}`,
      `${component}: ${name} must be an integer >= ${min} (got ${describe(value)}).`,
    );
  }
}

/** Throw InvalidArgumentError unless `value` is a finite number within [lo, hi]. */
export function assertInRange(
  component: string,
  name: string,
  value: unknown,
  lo: number,
  hi: number,
  remedy = '',
): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
    throw new InvalidArgumentError(
      name,
      value,
      `number in [${lo}, ${hi}]`,
      `${component}: ${name} must be a number in [${lo}, ${hi}] (got ${describe(value)}).${remedy ? ' ' + remedy : ''}`,
    );
  }
}

/** Throw InvalidArgumentError unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(
  component: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      name,
      value,
      `one of ${allowed.join(', ')}`,
      `${component}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')} (got ${describe(value)}).`,
    );
  }
}

/** Throw InvalidArgumentError unless every element of `arr` is finite (no NaN/Inf). */
export function assertFiniteArray(component: string, name: string, arr: ArrayLike<number>): void {
  for (let i = 0; i < arr.length; i++) {
    if (!Number.isFinite(arr[i])) {
      throw new InvalidArgumentError(
        name,
        arr[i],
        'finite numbers',
        `${component}: ${name} contains a non-finite value (${arr[i]}) at index ${i}. Remove NaN/Inf samples before calling.`,
      );
    }
  }
}

export { describe as describeValue };
