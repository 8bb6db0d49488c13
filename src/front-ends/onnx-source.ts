/**
 * Model bytes from where a caller keeps them — a file path (Node), an http(s)/file URL, or bytes
 * already in memory — named by SHA-256 so a caller (a model bundle) can refuse another file.
 */
import { FrontEndMismatchError, InvalidArgumentError, IoError } from '../errors.js';
import { isNode } from '../internal/runtime.js';
import { nodeBuiltin } from '../model/io/node-builtins.js';
import { sha256Hex } from '../model/io/sha256.js';

/** Where a model file comes from: a path (Node), a URL (string with a scheme, or URL), or its bytes. */
export type ModelSource = string | URL | Uint8Array | ArrayBuffer;

/** A model file read into memory. */
export interface ModelBytes {
  /** File name (last path segment of the source, or the caller's name for bytes). */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  readonly sha256: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Last path segment of a path or URL ('' for none). */
export function sourceName(source: string | URL): string {
  const s = typeof source === 'string' ? source : source.pathname;
  const clean = s.replace(/[?#].*$/, '').replace(/[\\/]+$/, '');
  return clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1);
}

/** `base` joined with `name` (URL or path), for models stored as several files in one folder. */
export function joinSource(base: string | URL, name: string): string | URL {
  if (base instanceof URL) return new URL(name, base.href.endsWith('/') ? base : new URL(base.href + '/'));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base) || !isNode()) return base.endsWith('/') ? base + name : `${base}/${name}`;
  return base.endsWith('/') || base.endsWith('\\') ? base + name : `${base}/${name}`;
}

function isUrlString(s: string): boolean {
  return /^(https?|file|blob|data):/i.test(s) || !isNode();
}

/**
 * Read a model file and hash it. When `expectedSha256` is given, a missing file or one whose
 * SHA-256 differs is a FrontEndMismatchError (the file a model was built with is not there);
 * without it a missing file is an IoError.
 */
export async function readModelSource(source: ModelSource, opts: { readonly name?: string | undefined; readonly expectedSha256?: string | undefined; readonly what?: string | undefined } = {}): Promise<ModelBytes> {
  const what = opts.what ?? 'ONNX front end';
  const expected = opts.expectedSha256?.toLowerCase();
  if (expected !== undefined && !HEX64.test(expected)) {
    throw new InvalidArgumentError('sha256', opts.expectedSha256, '64 lower-case hex digits', `${what}: expected SHA-256 must be 64 hex digits (got '${opts.expectedSha256}').`);
  }
  let bytes: Uint8Array;
  let name: string;
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    name = opts.name ?? 'model.onnx';
  } else if (typeof source === 'string' || source instanceof URL) {
    name = opts.name ?? sourceName(source);
    bytes = await readLocation(source, what, name, expected);
  } else {
    throw new InvalidArgumentError('source', source, 'a path, URL, Uint8Array or ArrayBuffer', `${what}: the model source must be a path, a URL or the file's bytes (Uint8Array/ArrayBuffer); got ${Object.prototype.toString.call(source)}.`);
  }
  if (bytes.byteLength === 0) {
    throw new IoError(String(source instanceof Uint8Array || source instanceof ArrayBuffer ? name : source), `${what}: ${name} is empty (0 bytes). Copy the model file again.`);
  }
  const sha256 = await sha256Hex(bytes);
  if (expected !== undefined && sha256 !== expected) {
    throw new FrontEndMismatchError(name, expected, sha256, `${what}: ${name} is not the expected file (SHA-256 ${sha256}, expected ${expected}). Use the exact model file the bundle was built with.`);
  }
  return { name, bytes, sha256 };
}

async function readLocation(source: string | URL, what: string, name: string, expected: string | undefined): Promise<Uint8Array> {
  const href = source instanceof URL ? source.href : source;
  const missing = (cause: unknown, detail: string): never => {
    if (expected !== undefined) {
      throw new FrontEndMismatchError(name, expected, null, `${what}: ${name} is missing (${detail}; expected SHA-256 ${expected}). Put that file at ${href}.`);
    }
    throw new IoError(href, `${what}: could not read ${href} (${detail}). Check the path or URL.`, { cause });
  };
  const isFileUrl = /^file:/i.test(href);
  if (isNode() && (isFileUrl || !isUrlString(href))) {
    const fs = await nodeBuiltin<typeof import('node:fs/promises')>('fs/promises');
    const url = await nodeBuiltin<typeof import('node:url')>('url');
    const path = isFileUrl ? url.fileURLToPath(href) : href;
    try {
      return new Uint8Array(await fs.readFile(path));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return missing(e, `no such file: ${path}`);
      throw new IoError(path, `${what}: could not read ${path} (${(e as Error).message}). Check the path and permissions.`, { cause: e });
    }
  }
  let res: Response;
  try {
    res = await fetch(href);
  } catch (e) {
    throw new IoError(href, `${what}: could not fetch ${href} (${(e as Error).message}). Check the URL and that the server allows it (CORS).`, { cause: e });
  }
  if (res.status === 404) return missing(null, 'HTTP 404');
  if (!res.ok) throw new IoError(href, `${what}: fetching ${href} returned HTTP ${res.status}. Check the URL.`);
  return new Uint8Array(await res.arrayBuffer());
}
