/** Shared test helpers: paths to ../shared data, error assertions, synthetic signals. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SerError, type SerErrorCode } from '../src/errors.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Project root (the checkout). */
export const ROOT = resolve(here, '..');
/** ../shared beside the project root: real speech and librosa references (read-only). */
export const SHARED = resolve(ROOT, '..', 'shared');
export const DATA = join(SHARED, 'data');
export const REF = join(SHARED, 'ref');
export const hasShared = existsSync(DATA);

/**
 * Why the tests that need ../shared (the corpora in data/, the librosa references in ref/) cannot
 * run in this checkout, as one line; null when ../shared/data is there. A fresh clone without
 * ../shared runs every other test and skips these (`describeShared`, `itShared`, `ifShared`).
 */
export const SHARED_MISSING: string | null = hasShared
  ? null
  : `../shared/data not found (looked for ${DATA})`;

let warned = false;
/** Print the reason once per test file (vitest isolates files, so this module state is per file). */
function warnSkipped(): void {
  if (SHARED_MISSING === null || warned) return;
  warned = true;
  console.warn(`skipped: the tests that need the shared corpora and references: ${SHARED_MISSING}`);
}

/**
 * `api` when ../shared is present; otherwise `api.skip`, printing the reason once when first used.
 * `.each`, `.skipIf`, `.runIf` and the other modifiers keep working on the skipping variant.
 */
function gate<T extends typeof describe | typeof it>(api: T): T {
  if (SHARED_MISSING === null) return api;
  const skipped = api.skip as unknown as T;
  const proxy: T = new Proxy(skipped, {
    apply(target, thisArg, args) {
      warnSkipped();
      return Reflect.apply(target as unknown as (...a: unknown[]) => unknown, thisArg, args);
    },
    get(target, key, receiver) {
      warnSkipped();
      if (key === 'skipIf' || key === 'runIf') return () => proxy;
      return Reflect.get(target, key, receiver);
    },
  });
  return proxy;
}

/** `describe` for suites that need ../shared: skipped (reason printed once per file) when it is missing. */
export const describeShared: typeof describe = gate(describe);
/** `it` for tests that need ../shared: skipped (reason printed once per file) when it is missing. */
export const itShared: typeof it = gate(it);

/**
 * `load()` when ../shared is present, else `fallback`. For module-level and describe-level reads
 * of shared files: vitest still runs the body of a skipped `describe` to collect its tests, so
 * such reads must not throw; the tests that use the value are `itShared` / `describeShared`.
 */
export function ifShared<T>(load: () => T, fallback: T): T {
  return SHARED_MISSING === null ? load() : fallback;
}

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
