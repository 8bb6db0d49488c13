/**
 * Lazy access to Node's `fs/promises` and `path`. The loaders import them dynamically, with a
 * specifier bundlers do not follow, so that importing the library in a browser bundle never pulls
 * (or fails on) `node:` modules; only calling a loader needs Node.
 * @module
 */
import { IoError } from '../errors.js';

type NodeFs = typeof import('node:fs/promises');
type NodePath = typeof import('node:path');

// Held in variables so bundlers (webpack, Vite, esbuild for the browser) leave the import alone.
const FS_SPECIFIER = 'node:fs/promises';
const PATH_SPECIFIER = 'node:path';

let cached: Promise<{ fs: NodeFs; path: NodePath }> | null = null;

/** Load `node:fs/promises` and `node:path`, or throw IoError outside Node. */
export function nodeIo(component: string): Promise<{ fs: NodeFs; path: NodePath }> {
  cached ??= (async () => {
    const [fs, path] = await Promise.all([
      import(/* webpackIgnore: true */ /* @vite-ignore */ FS_SPECIFIER) as Promise<NodeFs>,
      import(/* webpackIgnore: true */ /* @vite-ignore */ PATH_SPECIFIER) as Promise<NodePath>,
    ]);
    return { fs, path };
  })();
  return cached.catch((e: unknown) => {
    cached = null;
    throw new IoError(
      '',
      `${component}: dataset loaders need Node.js file-system access (node:fs/promises could not be imported). Load datasets in Node, or build DatasetItem lists yourself in the browser.`,
      { cause: e },
    );
  });
}

/** One file found by {@link listFiles}. */
export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** File name with extension. */
  readonly name: string;
  /** Name of the folder that holds it (`Actor_01`, `OAF_angry`, `DC`, …). */
  readonly dirName: string;
}

/**
 * List the files under `root` (recursively when asked), skipping `__MACOSX/` and hidden folders and
 * never visiting a folder twice through symbolic links.
 * @throws {IoError} SER_IO when `root` cannot be read.
 */
export async function listFiles(component: string, root: string, recursive: boolean): Promise<FoundFile[]> {
  const { fs, path } = await nodeIo(component);
  const abs = path.resolve(root);
  const seen = new Set<string>();
  const out: FoundFile[] = [];
  const walk = async (dir: string, isRoot: boolean): Promise<void> => {
    let real: string;
    let entries: import('node:fs').Dirent[];
    try {
      real = await fs.realpath(dir);
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (!isRoot) return; // an unreadable sub-folder is not fatal
      const code = (e as { code?: string }).code ?? 'error';
      throw new IoError(
        abs,
        `${component}: dir must be a readable folder (got ${JSON.stringify(abs)}, ${code}). Check the path; for a CSV manifest use loadDataset('csv', file).`,
        { cause: e },
      );
    }
    if (seen.has(real)) return;
    seen.add(real);
    const dirName = path.basename(dir);
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (recursive && entry.name !== '__MACOSX' && !entry.name.startsWith('.')) await walk(p, false);
      } else if (isFile) {
        out.push({ path: p, name: entry.name, dirName });
      }
    }
  };
  await walk(abs, true);
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

/** `name` without its last extension (`a.b.wav` → `a.b`); pure, no node:path. */
export function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Lower-case last extension with the dot (`X.WAV` → `.wav`), or `''`. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}
