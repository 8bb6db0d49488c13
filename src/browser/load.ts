/**
 * Loading a recognizer in the browser: resolve the model URL against the page, start the tfjs
 * backend (webgl, then wasm, then cpu for 'auto') with the wasm binaries' location, then load
 * the bundle's static files (model.json, weights.bin, metadata.json).
 */
import type { Backend } from '../backends/backend.js';
import { initBackend, type ActiveBackend } from '../backends/select.js';
import { InvalidArgumentError } from '../errors.js';
import type { PredictEngine } from '../predict/predictor.js';
import { EmotionRecognizer, type LoadOptions } from '../recognizer/emotion-recognizer.js';
import type { BackendName, Logger } from '../types.js';

/** Options of {@link loadRecognizer}. */
export interface BrowserLoadOptions {
  /**
   * tfjs backend. `'auto'` tries webgl (only when `emotion-recog/backends/webgl` was imported,
   * or `@tensorflow/tfjs-backend-webgl` registered itself), then wasm, then cpu.
   * @defaultValue 'auto'
   */
  readonly backend?: BackendName | 'auto';
  /**
   * Where the `.wasm` files of `@tensorflow/tfjs-backend-wasm` are served: a folder URL ending
   * in `/` (relative URLs resolve against the page) or a map from file name to URL.
   * @defaultValue tfjs' default (next to the running script)
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /**
   * Compute path for prediction: 'auto' runs the library's WASM SIMD engine when the model
   * allows (fastest everywhere, independent of the tfjs backend), 'tfjs' runs the model on the
   * tfjs backend (e.g. webgl). @defaultValue 'auto'
   */
  readonly engine?: PredictEngine;
  readonly logger?: Logger;
  /**
   * For a model trained on a pretrained front end: a loaded front end (e.g. one made with
   * `loadOnnxFrontEnd(url, { ort, wasmPaths })` to choose onnxruntime-web's files) or the URL of
   * the folder holding its files. @defaultValue the bundle's `front-end/` folder
   */
  readonly frontEnd?: LoadOptions['frontEnd'];
  /** Loads front-end files the built-in adapters do not know. @defaultValue the built-in adapters */
  readonly frontEndLoader?: LoadOptions['frontEndLoader'];
}

/** A loaded recognizer with what runs it. */
export interface BrowserRecognizer {
  readonly recognizer: EmotionRecognizer;
  /** The tfjs backend that is active. */
  readonly backend: ActiveBackend;
  /** What computes predictions: the library's WASM kernels or the tfjs backend. */
  readonly engine: 'wasm-kernels' | 'tfjs';
}

function resolveUrl(url: string | URL, what: string): string {
  try {
    const base = typeof document !== 'undefined' ? document.baseURI : typeof location !== 'undefined' ? location.href : undefined;
    return new URL(url, base).href;
  } catch {
    throw new InvalidArgumentError(what, url, 'an absolute URL or one relative to the page', `loadRecognizer: ${what} must be a URL, absolute or relative to the page (got ${JSON.stringify(String(url))}).`);
  }
}

/**
 * Load a model bundle served as static files and start the backend.
 * @param modelUrl - URL of the bundle folder (ending in `/`) or of its `model.json`; relative
 *   URLs resolve against the page; `indexeddb://name` for a bundle saved in the browser.
 * @throws {BackendUnavailableError} SER_BACKEND_UNAVAILABLE when the chosen backend cannot start.
 * @throws {ModelFormatError} SER_MODEL_FORMAT for a missing or damaged bundle.
 * @example
 * import 'emotion-recog/backends/webgl'; // optional: lets 'auto' pick WebGL
 * const { recognizer, backend } = await loadRecognizer('/models/default/', { wasmPaths: '/tfjs-wasm/' });
 */
export async function loadRecognizer(modelUrl: string | URL, options: BrowserLoadOptions = {}): Promise<BrowserRecognizer> {
  const wasmPaths =
    options.wasmPaths === undefined
      ? undefined
      : typeof options.wasmPaths === 'string'
        ? resolveUrl(options.wasmPaths, 'wasmPaths')
        : Object.fromEntries(Object.entries(options.wasmPaths).map(([k, v]) => [k, resolveUrl(v, 'wasmPaths')]));
  const backend = await initBackend(options.backend ?? 'auto', {
    platform: 'browser',
    ...(wasmPaths !== undefined ? { wasmPaths } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  // The backend is active: hand the recognizer a plug-in that keeps it.
  const keep: Backend = { name: backend.name, tfName: backend.tfName, init: async () => {} };
  const source = String(modelUrl).startsWith('indexeddb://') || String(modelUrl).startsWith('localstorage://') ? String(modelUrl) : resolveUrl(modelUrl, 'modelUrl');
  const recognizer = await EmotionRecognizer.load(source, {
    backend: keep,
    engine: options.engine ?? 'auto',
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.frontEnd !== undefined ? { frontEnd: options.frontEnd } : {}),
    ...(options.frontEndLoader ? { frontEndLoader: options.frontEndLoader } : {}),
  });
  return { recognizer, backend, engine: recognizer.predictor.engine ? 'wasm-kernels' : 'tfjs' };
}
