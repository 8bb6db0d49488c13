/** Runtime detection and Node built-in loading shared by every layer (layer 0: imports nothing). Built-ins are loaded by a non-literal specifier so browser bundlers never try to resolve them. */

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
