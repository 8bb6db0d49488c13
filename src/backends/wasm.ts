/**
 * The WebAssembly backend (`@tensorflow/tfjs-backend-wasm`, a dependency): several times faster
 * than cpu, works offline in Node and browsers, and, with the kernels the library adds (see
 * `model/wasm-kernels.ts`), trains the CNN-LSTM. Importing this entry registers it.
 *
 * Where the `.wasm` binaries come from: in Node the installed package's `dist/` folder, resolved
 * at run time (single-threaded SIMD; tfjs has no Node threads). In a browser, tfjs looks next to
 * the bundled script unless you pass `wasmPaths` (a URL prefix ending in `/`, e.g. a CDN copy of
 * `@tensorflow/tfjs-backend-wasm@4.22.0/dist/`).
 * @example
 * import { createWasmBackend } from 'emotion-recog/backends/wasm';
 * await createWasmBackend({ wasmPaths: '/static/tfjs-wasm/' }).init();
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ensureTfSetup } from '../model/tf-setup.js';
import { isNode, nodeBuiltin } from '../model/io/node-builtins.js';
import { activateTfBackend, registerBackendPlugin, type Backend } from './backend.js';

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Folder (ending in `/`) or per-file map of the tfjs `.wasm` binaries. @defaultValue in Node,
   * the installed package's `dist/`; in browsers, tfjs' default (next to the script).
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
}

/** Folder of the installed `@tensorflow/tfjs-backend-wasm` binaries (Node only). */
export async function resolveWasmDistFolder(): Promise<string> {
  const { createRequire } = await nodeBuiltin<typeof import('node:module')>('module');
  const { dirname, sep } = await nodeBuiltin<typeof import('node:path')>('path');
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + sep;
}

/** A wasm backend plug-in with explicit binary locations. */
export function createWasmBackend(options: WasmBackendOptions = {}): Backend {
  return Object.freeze({
    name: 'wasm' as const,
    tfName: 'wasm',
    async init(): Promise<void> {
      ensureTfSetup();
      if (tf.getBackend() === 'wasm') return;
      // Binaries can be located only before the backend's first initialisation.
      if (tf.findBackend('wasm') == null) {
        let paths = options.wasmPaths;
        if (paths == null && isNode()) {
          // tfjs has no worker threads in Node; say so explicitly so a bundled copy never tries.
          tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
          paths = await resolveWasmDistFolder();
        }
        if (paths != null) setWasmPaths(typeof paths === 'string' ? paths : { ...paths });
      }
      await activateTfBackend(
        'wasm',
        'wasm',
        'Check that the .wasm files of @tensorflow/tfjs-backend-wasm are reachable (pass wasmPaths), or use the cpu backend',
      );
    },
  });
}

/** The wasm backend plug-in with default binary locations. */
export const wasmBackend: Backend = createWasmBackend();

registerBackendPlugin(wasmBackend);
