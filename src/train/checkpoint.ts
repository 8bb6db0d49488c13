/**
 * Crash-safe training checkpoints (Node only): one file holding a JSON header (epoch, history,
 * scheduler and early-stopping state, RNG position) and float32 blocks (weights, Adam moments,
 * best weights).
 *
 * Writes are atomic: the file is written under a temporary name, fsync'ed, then renamed over the
 * previous checkpoint, so a process killed at any moment leaves either the old or the new
 * checkpoint, never a torn one. A checksum over the float blocks catches anything else.
 *
 * Layout: `"SERCKPT1"` (8 bytes) · header length (uint32 LE) · header JSON (UTF-8, space-padded to a
 * multiple of 4) · float32 little-endian blocks in the order `weights, m, v[, best]`, each block
 * being every tensor in `sizes` order.
 *
 * `node:fs` is imported dynamically with a specifier bundlers do not follow, so browser bundles
 * never see it; only writing a checkpoint needs Node.
 * @module
 */
import { IoError, ModelFormatError } from '../errors.js';

/** File name of the checkpoint inside `checkpointDir`. */
export const CHECKPOINT_FILE = 'trainer-checkpoint.bin';
const MAGIC = 'SERCKPT1';

/** What a checkpoint holds. `meta` must be JSON-serialisable. */
export interface CheckpointContents<M> {
  readonly meta: M;
  readonly weights: readonly Float32Array[];
  readonly optimizer: { readonly step: number; readonly m: readonly Float32Array[]; readonly v: readonly Float32Array[] };
  readonly bestWeights: readonly Float32Array[] | null;
}

interface Header<M> {
  readonly meta: M;
  readonly sizes: number[];
  readonly step: number;
  readonly hasBest: boolean;
  readonly checksum: number;
}

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

// Held in variables so bundlers (webpack, Vite, esbuild for the browser) leave the imports alone.
const FS_SPECIFIER = 'node:fs/promises';
const PATH_SPECIFIER = 'node:path';

async function nodeModules(component: string, dir: string): Promise<{ fs: Fs; path: Path }> {
  try {
    const [fs, path] = await Promise.all([
      import(/* webpackIgnore: true */ /* @vite-ignore */ FS_SPECIFIER) as Promise<Fs>,
      import(/* webpackIgnore: true */ /* @vite-ignore */ PATH_SPECIFIER) as Promise<Path>,
    ]);
    return { fs, path };
  } catch (cause) {
    throw new IoError(
      dir,
      `${component}: checkpointDir needs Node's file system (got ${JSON.stringify(dir)} in an environment without node:fs). Leave checkpointDir unset in browsers.`,
      { cause },
    );
  }
}

/** FNV-1a over 32-bit words: cheap corruption check for megabytes of floats. */
function checksum(blocks: readonly Float32Array[]): number {
  let h = 0x811c9dc5;
  for (const b of blocks) {
    const u = new Uint32Array(b.buffer, b.byteOffset, b.length);
    for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i]!, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Path of the checkpoint file inside `dir`. */
export async function checkpointPath(dir: string): Promise<string> {
  const { path } = await nodeModules('saveCheckpoint', dir);
  return path.join(dir, CHECKPOINT_FILE);
}

/**
 * Atomically write a checkpoint into `dir` (created if missing), replacing the previous one.
 * @throws {IoError} SER_IO when the directory or file cannot be written.
 */
export async function saveCheckpoint<M>(dir: string, contents: CheckpointContents<M>): Promise<void> {
  const { fs, path } = await nodeModules('saveCheckpoint', dir);
  const blocks: Float32Array[] = [
    ...contents.weights,
    ...contents.optimizer.m,
    ...contents.optimizer.v,
    ...(contents.bestWeights ?? []),
  ];
  const header: Header<M> = {
    meta: contents.meta,
    sizes: contents.weights.map((w) => w.length),
    step: contents.optimizer.step,
    hasBest: contents.bestWeights !== null,
    checksum: checksum(blocks),
  };
  let json = JSON.stringify(header);
  let headerBytes = Buffer.from(json, 'utf8');
  const pad = (4 - ((MAGIC.length + 4 + headerBytes.length) % 4)) % 4;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = Buffer.from(json, 'utf8');
  }
  const lenBytes = Buffer.alloc(4);
  lenBytes.writeUInt32LE(headerBytes.length, 0);
  const parts: Uint8Array[] = [Buffer.from(MAGIC, 'latin1'), lenBytes, headerBytes];
  for (const b of blocks) parts.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

  const file = path.join(dir, CHECKPOINT_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await fs.mkdir(dir, { recursive: true });
    const fh = await fs.open(tmp, 'w');
    try {
      await fh.writev(parts);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (cause) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new IoError(
      file,
      `Trainer: could not write the checkpoint ${JSON.stringify(file)} (${(cause as Error)?.message ?? String(cause)}). Check that checkpointDir is writable and the disk has space.`,
      { cause },
    );
  }
}

/**
 * Read the checkpoint in `dir`; `null` when there is none.
 * @throws {ModelFormatError} SER_MODEL_FORMAT when the file is truncated or corrupt.
 * @throws {IoError} SER_IO when it exists but cannot be read.
 */
export async function loadCheckpoint<M>(dir: string): Promise<CheckpointContents<M> | null> {
  const { fs, path } = await nodeModules('loadCheckpoint', dir);
  const file = path.join(dir, CHECKPOINT_FILE);
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException)?.code === 'ENOENT') return null;
    throw new IoError(file, `Trainer: could not read the checkpoint ${JSON.stringify(file)}. Check permissions.`, { cause });
  }
  const corrupt = (why: string): ModelFormatError =>
    new ModelFormatError(
      'checkpoint',
      `Trainer: checkpoint ${JSON.stringify(file)} is corrupt (${why}). Delete it to start over, or pass resume: false.`,
    );
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) throw corrupt('bad magic');
  const headerLen = buf.readUInt32LE(8);
  if (12 + headerLen > buf.length) throw corrupt('truncated header');
  let header: Header<M>;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLen)) as Header<M>;
  } catch (cause) {
    throw corrupt(`unreadable header: ${(cause as Error).message}`);
  }
  const sizes = header.sizes;
  const total = sizes.reduce((a, b) => a + b, 0) * (header.hasBest ? 4 : 3);
  const start = 12 + headerLen;
  if (buf.length !== start + total * 4) throw corrupt(`expected ${start + total * 4} bytes, found ${buf.length}`);
  // Copy into a fresh, 4-byte-aligned buffer (Node buffers may sit at any offset of a pool).
  const all = new Float32Array(total);
  new Uint8Array(all.buffer).set(buf.subarray(start));
  const blocks: Float32Array[] = [];
  let off = 0;
  const take = (): Float32Array[] =>
    sizes.map((s) => {
      const b = all.subarray(off, off + s);
      off += s;
      blocks.push(b);
      return b;
    });
  const weights = take();
  const m = take();
  const v = take();
  const best = header.hasBest ? take() : null;
  if (checksum(blocks) !== header.checksum) throw corrupt('checksum mismatch');
  return { meta: header.meta, weights, optimizer: { step: header.step, m, v }, bestWeights: best };
}
