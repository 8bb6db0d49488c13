/**
 * The backend plug-in contract. Each backend lives in its own subpath entry
 * (`emotion-recog/backends/wasm`, `/cpu`, `/webgl`, `/node`) that imports its tfjs package and
 * registers a {@link Backend} by side effect, so a browser bundle never sees Node-only packages.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors.js';
import type { BackendName } from '../types.js';

/** A tfjs backend the library can switch to. */
export interface Backend {
  /** The library's name for it. */
  readonly name: BackendName;
  /** The name tfjs registers it under (`tf.getBackend()` after `init()`). */
  readonly tfName: string;
  /**
   * Load what it needs, make it tfjs' active backend and wait until it is ready.
   * @throws {BackendUnavailableError} SER_BACKEND_UNAVAILABLE when it cannot be used here.
   */
  init(): Promise<void>;
}

// Shared through globalThis so the ESM and CJS copies (and every entry bundle) see one registry.
const REGISTRY_KEY = Symbol.for('emotion-recog.backends');

function registry(): Map<BackendName, Backend> {
  const g = globalThis as unknown as Record<symbol, Map<BackendName, Backend> | undefined>;
  return (g[REGISTRY_KEY] ??= new Map());
}

/** Make a backend plug-in known to `initBackend` (the subpath entries call this on import). */
export function registerBackendPlugin(backend: Backend): void {
  registry().set(backend.name, backend);
}

/** The registered plug-in for `name`, if its subpath entry was imported. */
export function getBackendPlugin(name: BackendName): Backend | undefined {
  return registry().get(name);
}

/**
 * `tf.setBackend(tfName)` + `tf.ready()`, turning tfjs' `false` / rejection into a typed error.
 * @internal
 */
export async function activateTfBackend(name: BackendName, tfName: string, remedy: string): Promise<void> {
  let ok = false;
  let cause: unknown;
  try {
    ok = await tf.setBackend(tfName);
    if (ok) await tf.ready();
  } catch (e) {
    cause = e;
    ok = false;
  }
  if (!ok || tf.getBackend() !== tfName) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    throw new BackendUnavailableError(
      name,
      `initBackend: backend '${name}' failed to initialise (tfjs backend '${tfName}'${why}). ${remedy}`,
      { cause },
    );
  }
}

const NOT_INSTALLED = Symbol.for('emotion-recog.backend-not-installed');

/** @internal Flag an error as "this optional backend is simply not installed / not for this platform". */
export function notInstalled<E extends Error>(e: E): E {
  (e as unknown as Record<symbol, boolean>)[NOT_INSTALLED] = true;
  return e;
}

/** @internal True for errors made by {@link notInstalled}: 'auto' skips those silently. */
export function isNotInstalled(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[NOT_INSTALLED] === true;
}
