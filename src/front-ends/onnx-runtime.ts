/**
 * Finds an ONNX runtime at run time: `onnxruntime-node` in Node, `onnxruntime-web` (WebAssembly)
 * in browsers. Both are optional peer dependencies; neither is imported statically, so a browser
 * bundle never pulls in the native Node package and an app that uses no ONNX front end pays
 * nothing. A missing package is a MissingDependencyError naming what to install.
 *
 * Only the small part of onnxruntime's API that the adapters use is typed here (structurally), so
 * the library's declarations do not depend on either package.
 */
import { BackendUnavailableError, MissingDependencyError } from '../errors.js';
import { isNode } from '../internal/runtime.js';
import { importOptional } from '../model/io/node-builtins.js';

/** A tensor as onnxruntime returns it (float32 outputs only are read by the adapters). */
export interface OrtTensorLike {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
  /** Frees the tensor's native/wasm memory (onnxruntime ≥ 1.16). */
  dispose?(): void;
}

/** Input/output metadata of a session (onnxruntime ≥ 1.21); `shape` holds numbers or symbolic names. */
export interface OrtValueMetadataLike {
  readonly name: string;
  readonly isTensor?: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

/** An inference session over one ONNX model. */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadataLike[];
  readonly outputMetadata?: readonly OrtValueMetadataLike[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** Session options the adapters pass through (see onnxruntime's `InferenceSession.SessionOptions`). */
export interface OrtSessionOptionsLike {
  executionProviders?: readonly unknown[];
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
}

/** The parts of the `onnxruntime-node` / `onnxruntime-web` module the adapters use. */
export interface OrtModule {
  readonly InferenceSession: { create(model: Uint8Array, options?: OrtSessionOptionsLike): Promise<OrtSessionLike> };
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;
  readonly env?: { wasm?: { wasmPaths?: unknown; numThreads?: number; proxy?: boolean } };
}

/** How to obtain the runtime. */
export interface OnnxRuntimeOptions {
  /**
   * The onnxruntime module to use, e.g. `import * as ort from 'onnxruntime-web'` (how a bundled
   * web app should pass it, so its bundler sees the import). Default: found at run time —
   * `onnxruntime-node` in Node; in a browser `globalThis.ort` (the `ort.min.js` script build),
   * else `import('onnxruntime-web')` (which resolves only through an import map).
   */
  readonly ort?: OrtModule;
  /**
   * onnxruntime-web only: where its `.wasm`/`.mjs` files are served from (a URL prefix ending in
   * '/', or a map of file name → URL), set on `ort.env.wasm.wasmPaths`. Default: onnxruntime-web's
   * own default (next to its script, or a CDN in its bundled build).
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /** onnxruntime-web only: WebAssembly threads (`ort.env.wasm.numThreads`). Default: its own (1 without cross-origin isolation). */
  readonly wasmThreads?: number;
  /** Options for every session created (threads, execution providers, optimisation level). Default: onnxruntime's. */
  readonly sessionOptions?: OrtSessionOptionsLike;
}

/** The package name that provides the runtime where this code runs. */
export function onnxRuntimePackage(): 'onnxruntime-node' | 'onnxruntime-web' {
  return isNode() ? 'onnxruntime-node' : 'onnxruntime-web';
}

function isOrtModule(m: unknown): m is OrtModule {
  const o = m as Partial<OrtModule> | null | undefined;
  return typeof o?.InferenceSession?.create === 'function' && typeof o?.Tensor === 'function';
}

/** A module namespace from `import()` may hold the API on `default` (CJS interop). */
function unwrap(m: unknown): unknown {
  if (isOrtModule(m)) return m;
  const d = (m as { default?: unknown } | null)?.default;
  return isOrtModule(d) ? d : m;
}

let found: Promise<OrtModule> | null = null;

async function find(): Promise<OrtModule> {
  const pkg = onnxRuntimePackage();
  if (pkg === 'onnxruntime-web') {
    const global = (globalThis as { ort?: unknown }).ort;
    if (isOrtModule(global)) return global;
  }
  let mod: unknown;
  try {
    mod = unwrap(await importOptional(pkg));
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = String((e as Error)?.message ?? e);
    const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (package|module)|Failed to resolve module specifier|Failed to fetch dynamically imported module/i.test(message);
    if (notFound) {
      const how = pkg === 'onnxruntime-node'
        ? 'Install it with `npm install onnxruntime-node` (an optional peer dependency of emotion-recog).'
        : 'Install it with `npm install onnxruntime-web` and pass the module as `{ ort }` (`import * as ort from \'onnxruntime-web\'`), or load its ort.min.js script so that `globalThis.ort` exists.';
      throw new MissingDependencyError(pkg, `ONNX front ends need ${pkg}, which could not be loaded (${message}). ${how}`, { cause: e });
    }
    throw new BackendUnavailableError(pkg, `${pkg} is installed but failed to load (${message}). Reinstall it for this platform (its native binaries or .wasm files may be missing).`, { cause: e });
  }
  if (!isOrtModule(mod)) {
    throw new BackendUnavailableError(pkg, `${pkg} loaded but does not export InferenceSession and Tensor; install onnxruntime ≥ 1.16.`);
  }
  return mod;
}

/**
 * The onnxruntime module for this environment (`options.ort` if given), with the web runtime's
 * `wasmPaths`/`wasmThreads` applied. The run-time lookup is cached; a failed lookup is retried
 * on the next call. Throws MissingDependencyError when the package is not installed.
 */
export async function loadOnnxRuntime(options: OnnxRuntimeOptions = {}): Promise<OrtModule> {
  let ort: OrtModule;
  if (options.ort !== undefined) {
    const m = unwrap(options.ort);
    if (!isOrtModule(m)) throw new BackendUnavailableError('onnxruntime', 'options.ort must be the onnxruntime-node or onnxruntime-web module (with InferenceSession and Tensor).');
    ort = m;
  } else {
    found ??= find();
    try {
      ort = await found;
    } catch (e) {
      found = null;
      throw e;
    }
  }
  const wasm = ort.env?.wasm;
  if (wasm) {
    if (options.wasmPaths !== undefined) wasm.wasmPaths = options.wasmPaths;
    if (options.wasmThreads !== undefined) wasm.numThreads = options.wasmThreads;
  }
  return ort;
}
