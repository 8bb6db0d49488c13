/**
 * Choosing and starting a tfjs backend: `initBackend('auto')` takes the fastest one available,
 * an explicit name insists on that one and says what to install when it is missing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, InvalidArgumentError } from '../errors.js';
import type { BackendName, Logger } from '../types.js';
import { importOptional, isNode } from '../model/io/node-builtins.js';
import { activateTfBackend, getBackendPlugin, isNotInstalled, notInstalled, type Backend } from './backend.js';

/** Every backend name `initBackend` accepts, besides `'auto'`. */
export const BACKEND_NAMES = Object.freeze(['tensorflow', 'wasm', 'cpu', 'webgl'] as const satisfies readonly BackendName[]);

/** Order tried by `initBackend('auto')`, per platform. */
export const AUTO_BACKEND_ORDER = Object.freeze({
  node: Object.freeze(['tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendName[]),
  browser: Object.freeze(['webgl', 'wasm', 'cpu'] as const satisfies readonly BackendName[]),
});

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Receives `info` about the choice and `warn`ings about installed backends that failed. */
  readonly logger?: Logger;
  /** Where the wasm binaries are (see `createWasmBackend`). @defaultValue auto in Node */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /** Platform whose order 'auto' follows. @defaultValue detected (`process.versions.node`) */
  readonly platform?: 'node' | 'browser';
  /**
   * Loader for optional packages (`@tensorflow/tfjs-node[-gpu]`, `@tensorflow/tfjs-backend-webgl`).
   * For tests and custom resolution. @defaultValue dynamic `import()`
   */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

/** The backend that is active after {@link initBackend}. */
export interface ActiveBackend {
  readonly name: BackendName;
  /** tfjs' name for it (`tf.getBackend()`). */
  readonly tfName: string;
}

/**
 * Start a tfjs backend and make it the active one.
 *
 * With `'auto'`, Node tries `@tensorflow/tfjs-node-gpu` (CUDA), then `@tensorflow/tfjs-node`
 * (both optional peers), then wasm, then cpu; a browser tries webgl, then wasm, then cpu. An
 * explicit name (or a {@link Backend} from a `emotion-recog/backends/*` entry) uses only that one.
 *
 * @param choice - a backend name, `'auto'`, or a Backend plug-in. @defaultValue 'auto'
 * @returns the active backend's names.
 * @throws {BackendUnavailableError} SER_BACKEND_UNAVAILABLE when the chosen backend is not
 *   installed or cannot start here; the message says what to install.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for an unknown name.
 * @example
 * await initBackend(); // => { name: 'wasm', tfName: 'wasm' } in Node without tfjs-node
 */
export async function initBackend(
  choice: BackendName | 'auto' | Backend = 'auto',
  options: InitBackendOptions = {},
): Promise<ActiveBackend> {
  if (typeof choice === 'object' && choice !== null) {
    await choice.init();
    return { name: choice.name, tfName: choice.tfName };
  }
  if (choice !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(choice)) {
    throw new InvalidArgumentError(
      'choice',
      choice,
      `'auto' or one of ${BACKEND_NAMES.join(', ')}`,
      `initBackend: choice must be 'auto' or one of ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')} (got ${JSON.stringify(choice)}). Use 'auto' to pick the fastest installed backend.`,
    );
  }
  const platform = options.platform ?? (isNode() ? 'node' : 'browser');
  if (choice !== 'auto') {
    const backend = await resolveBackend(choice, platform, options);
    await backend.init();
    options.logger?.info?.(`initBackend: using '${backend.name}' (tfjs '${backend.tfName}').`);
    return { name: backend.name, tfName: backend.tfName };
  }
  const skipped: string[] = [];
  for (const name of AUTO_BACKEND_ORDER[platform]) {
    try {
      const backend = await resolveBackend(name, platform, options);
      await backend.init();
      options.logger?.info?.(`initBackend: using '${name}'${skipped.length ? ` (${skipped.join('; ')})` : ''}.`);
      return { name: backend.name, tfName: backend.tfName };
    } catch (e) {
      // "Not installed" is the normal case for optional backends; anything else deserves a warning.
      if (!isNotInstalled(e)) {
        options.logger?.warn(`initBackend: backend '${name}' is installed but failed, falling back: ${e instanceof Error ? e.message : String(e)}`);
      }
      skipped.push(`${name} unavailable`);
    }
  }
  throw new BackendUnavailableError(
    'auto',
    `initBackend: no backend could start (tried ${AUTO_BACKEND_ORDER[platform].join(', ')}). Reinstall emotion-recog's dependencies (npm install).`,
  );
}

/** The plug-in for `name`: a registered subpath entry, else the library's default for it. */
async function resolveBackend(name: BackendName, platform: 'node' | 'browser', options: InitBackendOptions): Promise<Backend> {
  const load = options.importModule ?? importOptional;
  switch (name) {
    case 'cpu':
      return getBackendPlugin('cpu') ?? (await import('./cpu.js')).cpuBackend;
    case 'wasm': {
      const { createWasmBackend, wasmBackend } = await import('./wasm.js');
      return options.wasmPaths ? createWasmBackend({ wasmPaths: options.wasmPaths }) : (getBackendPlugin('wasm') ?? wasmBackend);
    }
    case 'tensorflow': {
      if (platform !== 'node') {
        throw notInstalled(new BackendUnavailableError(
          'tensorflow',
          "initBackend: backend 'tensorflow' must run in Node.js (got a browser). Use the 'webgl', 'wasm' or 'cpu' backend.",
        ));
      }
      const { createNodeBackend, nodeBackend } = await import('./node.js');
      return options.importModule
        ? createNodeBackend({
            importModule: options.importModule,
            onLoaded: (pkg) => options.logger?.info?.(`initBackend: loaded ${pkg}.`),
          })
        : (getBackendPlugin('tensorflow') ?? nodeBackend);
    }
    case 'webgl':
      return getBackendPlugin('webgl') ?? webglFallback(platform, load);
  }
}

/** webgl without its subpath entry: use an already registered factory, else import the package. */
function webglFallback(platform: 'node' | 'browser', load: (s: string) => Promise<unknown>): Backend {
  return {
    name: 'webgl',
    tfName: 'webgl',
    async init() {
      if (tf.findBackendFactory('webgl') == null) {
        if (platform === 'node') {
          throw notInstalled(new BackendUnavailableError(
            'webgl',
            "initBackend: backend 'webgl' must run in a browser with WebGL (got Node.js). Use 'tensorflow' (npm install @tensorflow/tfjs-node), 'wasm' or 'cpu'.",
          ));
        }
        try {
          await load('@tensorflow/tfjs-backend-webgl');
        } catch (e) {
          throw notInstalled(new BackendUnavailableError(
            'webgl',
            "initBackend: backend 'webgl' needs @tensorflow/tfjs-backend-webgl, which is not installed. Run `npm install @tensorflow/tfjs-backend-webgl` and import 'emotion-recog/backends/webgl', or use 'wasm' or 'cpu'.",
            { cause: e },
          ));
        }
      }
      await activateTfBackend('webgl', 'webgl', "WebGL needs a browser with a GPU context; use the 'wasm' or 'cpu' backend");
    },
  };
}
