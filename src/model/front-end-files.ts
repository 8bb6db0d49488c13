/**
 * A bundle's front-end files: a model that needs a pretrained front end names its weight files by
 * SHA-256 (`features.frontEnd.info.files`), and refuses a missing or different file before the
 * front end is loaded. The files sit in the folder {@link FRONT_END_DIR} inside the bundle (or the
 * ensemble) folder, where `EmotionRecognizer.save` copies them, or in a folder given at load.
 * Node reads them with node:fs and hashes with node:crypto (streamed: large models stay out of
 * memory); browsers fetch them and hash with crypto.subtle.
 */
import type { FrontEndInfo } from '../features/front-end.js';
import { FrontEndMismatchError, IoError } from '../errors.js';
import { isNode, nodeBuiltin } from './io/node-builtins.js';
import { sha256Hex } from './io/sha256.js';

/** Folder inside a bundle (or ensemble) folder that holds the front end's files. */
export const FRONT_END_DIR = 'front-end';

/** File beside a front end's weights that says how to load them (adapter options; copied, not verified). */
export const FRONT_END_MANIFEST = 'front-end.json';

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** `name` inside the folder or folder URL `dir`. */
export function frontEndFilePath(dir: string, name: string): string {
  if (URL_SCHEME.test(dir) && !dir.startsWith('file://')) return new URL(name, dir.endsWith('/') ? dir : `${dir}/`).href;
  const base = dir.startsWith('file://') ? decodeURIComponent(new URL(dir).pathname) : dir;
  return `${base.replace(/[\\/]+$/, '')}/${name}`;
}

/** Folder of a front-end location: a model file (`.onnx`, `model.json`, `.tflite`) → its folder; a folder as is. */
export function frontEndFolder(location: string): string {
  if (/\.(onnx|json|tflite|ort)$/i.test(location)) {
    const cut = location.replace(/[\\/]+$/, '').search(/[\\/][^\\/]*$/);
    return cut < 0 ? '.' : location.slice(0, cut) || '/';
  }
  return location;
}

/** SHA-256 of a file (Node, streamed) or URL (fetched); null when it does not exist. */
export async function fileSha256(location: string): Promise<string | null> {
  if (URL_SCHEME.test(location) && !location.startsWith('file://')) {
    let res: Response;
    try {
      res = await fetch(location);
    } catch (e) {
      throw new IoError(location, `front end: could not fetch ${location} (${(e as Error).message}). Check the URL and the network.`, { cause: e });
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new IoError(location, `front end: fetching ${location} failed with HTTP ${res.status}. Check the URL and the server.`);
    return sha256Hex(new Uint8Array(await res.arrayBuffer()));
  }
  if (!isNode()) throw new IoError(location, `front end: ${location} is a path, which a browser cannot read. Serve the front-end files and pass their folder URL.`);
  const fs = await nodeBuiltin<typeof import('node:fs')>('fs');
  const { createHash } = await nodeBuiltin<typeof import('node:crypto')>('crypto');
  return new Promise<string | null>((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = fs.createReadStream(location);
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('end', () => resolve(hash.digest('hex')));
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.code === 'EISDIR') resolve(null);
      else reject(new IoError(location, `front end: could not read ${location} (${e.message}). Check the path and permissions.`, { cause: e }));
    });
  });
}

/**
 * Check every file the front end declares against the files in `dir`: each must exist and have
 * the recorded SHA-256.
 * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH naming the file, the expected and the
 *   actual hash (null for a missing file) and what to do.
 */
export async function verifyFrontEndFiles(info: FrontEndInfo, dir: string): Promise<void> {
  for (const f of info.files) {
    const where = frontEndFilePath(dir, f.name);
    const actual = await fileSha256(where);
    const remedy = `Put the exact file the model was trained with there (${info.name}, SHA-256 ${f.sha256}), pass its folder with EmotionRecognizer.load(dir, { frontEnd: '<folder>' }), or train a new model on this front end.`;
    if (actual === null) throw new FrontEndMismatchError(f.name, f.sha256, null, `front end '${info.name}': the file ${f.name} is missing (looked for ${where}). ${remedy}`);
    if (actual !== f.sha256)
      throw new FrontEndMismatchError(f.name, f.sha256, actual, `front end '${info.name}': ${where} has SHA-256 ${actual}, but the model was trained with SHA-256 ${f.sha256} — it is another file or a damaged copy. ${remedy}`);
  }
}

/**
 * Copy the front end's files (and its `front-end.json`, when there) from `fromDir` into
 * `toDir/front-end/` (Node), verified on the way
 * (no copy of a wrong file is ever written). Copying a folder onto itself is a no-op.
 * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH when a source file is missing or differs.
 * @throws {IoError} SER_IO when a file cannot be written.
 */
export async function copyFrontEndFiles(info: FrontEndInfo, fromDir: string, toDir: string): Promise<void> {
  const fs = await nodeBuiltin<typeof import('node:fs/promises')>('fs/promises');
  const path = await nodeBuiltin<typeof import('node:path')>('path');
  await verifyFrontEndFiles(info, fromDir);
  const dest = path.join(toDir, FRONT_END_DIR);
  if (path.resolve(dest) === path.resolve(fromDir)) return;
  try {
    await fs.mkdir(dest, { recursive: true });
    for (const f of info.files) await fs.copyFile(path.join(fromDir, f.name), path.join(dest, f.name));
    const manifest = path.join(fromDir, FRONT_END_MANIFEST);
    if (await fs.stat(manifest).then((st) => st.isFile(), () => false)) await fs.copyFile(manifest, path.join(dest, FRONT_END_MANIFEST));
  } catch (e) {
    throw new IoError(dest, `save: could not copy the front-end files into ${dest} (${(e as Error).message}). Check that the folder is writable.`, { cause: e });
  }
}
