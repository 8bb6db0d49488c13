/**
 * Boundary checks and small helpers shared by the augment transforms. Not re-exported from the
 * package barrel (the public pieces are re-exported by name from `augment/index.ts`).
 */
import { EmptyAudioError, InvalidArgumentError } from '../errors.js';
import { createRng, type Rng } from '../internal/rng.js';
import { assertFiniteArray, describeValue } from '../internal/validate.js';

/** A seeded random source: a `() => number` in [0, 1) (e.g. from `createRng`) or an integer seed. */
export type RngLike = Rng | number;

/**
 * Check a signal at a public entry point: a Float32Array, non-empty, at least `minLength` samples
 * long, every sample finite.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when it is not a Float32Array or holds NaN/Inf.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO when it is empty or shorter than `minLength`.
 */
export function assertSignal(
  component: string,
  samples: unknown,
  minLength = 1,
  name = 'samples',
): asserts samples is Float32Array {
  if (!(samples instanceof Float32Array)) {
    throw new InvalidArgumentError(
      name,
      samples,
      'Float32Array',
      `${component}: ${name} must be a Float32Array (got ${describeValue(samples)}). Convert with Float32Array.from(x).`,
    );
  }
  if (samples.length === 0) {
    throw new EmptyAudioError(`${component}: ${name} is empty (0 samples). Pass a non-empty clip.`);
  }
  if (samples.length < minLength) {
    throw new EmptyAudioError(
      `${component}: ${name} must hold at least ${minLength} samples for this operation (got ${samples.length}). Pass a longer clip or pad it first (cropOrPad).`,
    );
  }
  assertFiniteArray(component, name, samples);
}

/** Turn an `RngLike` into an `Rng`, validating it. */
export function toRng(component: string, rng: unknown): Rng {
  if (typeof rng === 'function') return rng as Rng;
  if (typeof rng === 'number' && Number.isInteger(rng)) return createRng(rng);
  throw new InvalidArgumentError(
    'rng',
    rng,
    'function returning [0, 1) or an integer seed',
    `${component}: rng must be a function returning numbers in [0, 1) or an integer seed (got ${describeValue(rng)}). Pass e.g. 42 or createRng(42).`,
  );
}

/** Throw InvalidArgumentError unless `value` is a finite number strictly greater than 0. */
export function assertPositive(component: string, name: string, value: unknown, remedy = ''): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(
      name,
      value,
      'finite number > 0',
      `${component}: ${name} must be a finite number > 0 (got ${describeValue(value)}).${remedy ? ' ' + remedy : ''}`,
    );
  }
}

/** Throw InvalidArgumentError unless `value` is a finite number. */
export function assertFinite(component: string, name: string, value: unknown, remedy = ''): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      name,
      value,
      'finite number',
      `${component}: ${name} must be a finite number (got ${describeValue(value)}).${remedy ? ' ' + remedy : ''}`,
    );
  }
}

/** Mean power (mean of squares), accumulated in float64. */
export function meanPower(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    s += v * v;
  }
  return x.length > 0 ? s / x.length : 0;
}

/** Largest absolute sample value. */
export function peakAbs(x: Float32Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > m) m = v;
  }
  return m;
}

/** Periodic Hann window of length n (sums to a constant under hop n/2 and n/4 overlap-add). */
export function periodicHann(n: number): Float32Array {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** Copy `x` into a new array of exactly `length` samples (crop the end or zero-pad the end). */
export function fixLength(x: Float32Array, length: number): Float32Array {
  if (x.length === length) return x;
  const out = new Float32Array(length);
  out.set(x.length > length ? x.subarray(0, length) : x);
  return out;
}
