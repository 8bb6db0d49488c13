/** Shared test helpers: paths to ../shared data, error assertions, synthetic signals. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { SerError, type SerErrorCode } from '../src/errors.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Project root (the checkout). */
export const ROOT = resolve(here, '..');
/** ../shared beside the project root: real speech and librosa references (read-only). */
export const SHARED = resolve(ROOT, '..', 'shared');
export const DATA = join(SHARED, 'data');
export const REF = join(SHARED, 'ref');
export const hasShared = existsSync(DATA);

/** Assert that `caught` is a SerError with `code` whose message matches `pattern`. */
function assertSerError(caught: unknown, code: SerErrorCode, pattern?: RegExp): SerError {
  expect(SerError.is(caught), `expected SerError ${code}, got ${String(caught)}`).toBe(true);
  const err = caught as SerError;
  expect(err.code).toBe(code);
  if (pattern) expect(err.message).toMatch(pattern);
  return err;
}

/** Assert that `fn` throws a SerError with `code` whose message matches `pattern`. */
export function expectSerError(fn: () => unknown, code: SerErrorCode, pattern?: RegExp): SerError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  return assertSerError(caught, code, pattern);
}

/** Async variant of expectSerError. */
export async function expectSerErrorAsync(fn: () => Promise<unknown>, code: SerErrorCode, pattern?: RegExp): Promise<SerError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  return assertSerError(caught, code, pattern);
}

/** A sine of `freqHz` at `sampleRate`, `durationSec` long, peak `amplitude`. */
export function sine(freqHz: number, sampleRate: number, durationSec: number, amplitude = 0.5): Float32Array {
  const n = Math.round(sampleRate * durationSec);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / sampleRate);
  return out;
}

/** Max absolute difference between two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
