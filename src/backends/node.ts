/**
 * The native TensorFlow backend for Node (`@tensorflow/tfjs-node`, or `@tensorflow/tfjs-node-gpu`
 * for CUDA): the fastest way to train in Node. Both are OPTIONAL peer dependencies because their
 * install downloads libtensorflow; they are loaded with a dynamic `import()` when `init()` runs,
 * never statically, and this entry is Node-only. Importing it registers the plug-in.
 * @example
 * // npm install @tensorflow/tfjs-node
 * import { nodeBackend } from 'emotion-recog/backends/node';
 * await nodeBackend.init();
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors.js';
import { ensureTfSetup } from '../model/tf-setup.js';
import { importOptional, isNode } from '../model/io/node-builtins.js';
import { activateTfBackend, notInstalled, registerBackendPlugin, type Backend } from './backend.js';

/** The packages that provide tfjs' `'tensorflow'` backend, in order of preference. */
export const TFJS_NODE_PACKAGES = Object.freeze(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const);

/** Options of {@link createNodeBackend}. */
export interface NodeBackendOptions {
  /** Packages to try, in order. @defaultValue {@link TFJS_NODE_PACKAGES} (CUDA build first). */
  readonly packages?: readonly string[];
  /** Loader for the packages (for tests or custom resolution). @defaultValue dynamic `import()` */
  readonly importModule?: (specifier: string) => Promise<unknown>;
  /** Receives the package that was loaded. */
  readonly onLoaded?: (packageName: string) => void;
}

/**
 * True when `e` says that `specifier` itself is not installed, as opposed to an installed
 * package failing on one of its own imports (whose message also mentions its path).
 */
export function isModuleNotFound(e: unknown, specifier: string): boolean {
  const err = e as { code?: string; message?: string } | null;
  if (err == null) return false;
  const msg = err.message ?? '';
  // Node: "Cannot find package 'x' imported from …" (ESM) / "Cannot find module 'x'" (CJS);
  // Vite/vitest, for a declared but missing optional peer: 'Could not resolve "x" imported by …'.
  const named = /(?:Cannot find (?:module|package)|Could not resolve) ['"]([^'"]+)['"]/.exec(msg);
  if (named) return named[1] === specifier || named[1]!.startsWith(`${specifier}/`);
  const code = err.code ?? '';
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Failed to (resolve|load url)/i.test(msg);
  return notFound && msg.includes(specifier);
}

/** A `'tensorflow'` backend plug-in that loads the first installed package of `packages`. */
export function createNodeBackend(options: NodeBackendOptions = {}): Backend {
  const packages = options.packages ?? TFJS_NODE_PACKAGES;
  const load = options.importModule ?? importOptional;
  return Object.freeze({
    name: 'tensorflow' as const,
    tfName: 'tensorflow',
    async init(): Promise<void> {
      ensureTfSetup();
      if (!isNode()) {
        throw notInstalled(new BackendUnavailableError(
          'tensorflow',
          "initBackend: backend 'tensorflow' must run in Node.js (got a browser). Use the 'webgl', 'wasm' or 'cpu' backend.",
        ));
      }
      // Already registered (the app imported tfjs-node itself): just switch to it.
      if (tf.findBackendFactory('tensorflow') == null) {
        const failures: string[] = [];
        let broken: { pkg: string; error: unknown } | undefined;
        let loadedFrom: string | undefined;
        for (const pkg of packages) {
          try {
            await load(pkg);
            loadedFrom = pkg;
            break;
          } catch (e) {
            // Installed but failing (e.g. tfjs-node-gpu without CUDA): remember, try the next one.
            if (!isModuleNotFound(e, pkg)) broken ??= { pkg, error: e };
            failures.push(pkg);
          }
        }
        if (loadedFrom === undefined && broken) {
          const { pkg, error } = broken;
          throw new BackendUnavailableError(
            'tensorflow',
            `initBackend: ${pkg} is installed but failed to load (${error instanceof Error ? error.message : String(error)}). Reinstall it (npm rebuild ${pkg}), or use the 'wasm' or 'cpu' backend.`,
            { cause: error },
          );
        }
        if (loadedFrom === undefined || tf.findBackendFactory('tensorflow') == null) {
          const err = new BackendUnavailableError(
            'tensorflow',
            `initBackend: backend 'tensorflow' needs @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu for CUDA), but ${
              loadedFrom ? `${loadedFrom} registered no 'tensorflow' backend` : `none is installed (tried ${failures.join(', ')})`
            }. Run \`npm install @tensorflow/tfjs-node\`, or use the 'wasm' or 'cpu' backend.`,
          );
          throw loadedFrom === undefined ? notInstalled(err) : err;
        }
        options.onLoaded?.(loadedFrom);
      }
      await activateTfBackend('tensorflow', 'tensorflow', "Reinstall @tensorflow/tfjs-node, or use the 'wasm' or 'cpu' backend");
    },
  });
}

/** The `'tensorflow'` backend plug-in: tfjs-node-gpu if installed, else tfjs-node. */
export const nodeBackend: Backend = createNodeBackend();

registerBackendPlugin(nodeBackend);
