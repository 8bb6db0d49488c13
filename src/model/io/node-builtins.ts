/**
 * Node built-ins loaded at run time, invisible to browser bundlers: `process.getBuiltinModule`
 * (Node ≥ 20.16) or a dynamic `import()` of a non-literal specifier marked ignorable for
 * webpack and Vite. A browser bundle that reaches this code path therefore gets a clear
 * runtime error, never a build-time "cannot resolve node:fs".
 */

/** True in Node.js (and runtimes that emulate it, e.g. Bun, Deno with node compat). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** Load a Node built-in module such as `'fs/promises'`, `'module'` or `'path'`. */
export async function nodeBuiltin<T>(name: string): Promise<T> {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const viaProcess = p?.getBuiltinModule?.(`node:${name}`);
  if (viaProcess != null) return viaProcess as T;
  const specifier = `node:${name}`;
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
}

/**
 * Dynamic `import()` of an optional package by name, kept out of bundlers' dependency graphs
 * (used for `@tensorflow/tfjs-node`, which a browser bundle must never try to resolve).
 */
export async function importOptional(specifier: string): Promise<unknown> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
}
