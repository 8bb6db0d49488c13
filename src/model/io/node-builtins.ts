/**
 * Node built-ins loaded at run time, invisible to browser bundlers: `process.getBuiltinModule`
 * (Node ≥ 20.16) or a dynamic `import()` of a non-literal specifier marked ignorable for
 * webpack and Vite. A browser bundle that reaches this code path therefore gets a clear
 * runtime error, never a build-time "cannot resolve node:fs".
 */

export { isNode, nodeBuiltin } from '../../internal/runtime.js';

/**
 * Dynamic `import()` of an optional package by name, kept out of bundlers' dependency graphs
 * (used for `@tensorflow/tfjs-node`, which a browser bundle must never try to resolve).
 */
export async function importOptional(specifier: string): Promise<unknown> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
}
