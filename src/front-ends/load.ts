/**
 * One entry point for the built-in front-end adapters: a path (or URL) → a loaded
 * {@link FrontEnd}, dispatched on what is there. Used by `train --front-end <model>` and by
 * `EmotionRecognizer.load` for a bundle's front-end folder. Each adapter is imported on demand,
 * so a missing optional runtime (onnxruntime, tfjs-converter) is a MissingDependencyError from
 * that adapter and never breaks models without a front end.
 *
 * What a location may be:
 * - a folder (or any file in it) holding Google's `melspectrogram.onnx` + `embedding_model.onnx` → speech_embedding;
 * - a folder (or its model.json) holding CREPE's tfjs export (layer `crepe_flatten`) → CREPE, 256-d embedding every 10 ms;
 * - a folder holding `front-end.json` ({@link FrontEndManifest}): the adapter and its options;
 * - an `.onnx` file with `front-end.json` beside it (the manifest's `file` may name it);
 * - a folder holding `model.json` (or its path) with `front-end.json` beside it → a tfjs model.
 */
import { InvalidArgumentError, IoError } from '../errors.js';
import type { FrontEnd, FrontEndInfo } from '../features/front-end.js';
import { FRONT_END_MANIFEST, frontEndFilePath as join, frontEndFolder } from '../model/front-end-files.js';
import { isNode, nodeBuiltin } from '../model/io/node-builtins.js';

/**
 * Contents of `front-end.json`: the adapter and the FrontEndInfo fields the weights cannot tell.
 * @example
 * { "adapter": "onnx", "file": "wav2vec2-base-l6-9.onnx", "name": "wav2vec2-base-mid",
 *   "sampleRate": 16000, "windowSamples": 400, "hopSamples": 320, "dim": 768,
 *   "inputNormalization": "per-utterance" }
 */
export interface FrontEndManifest {
  /** 'onnx' / 'tfjs': a generic model (the geometry below is required); 'crepe' / 'speech-embedding': the known models (options only, e.g. CREPE's hopSamples). */
  readonly adapter: 'onnx' | 'tfjs' | 'crepe' | 'speech-embedding';
  /** The model file inside the folder (onnx: the .onnx file; tfjs: model.json). */
  readonly file?: string;
  readonly name?: string;
  readonly sampleRate?: number;
  readonly windowSamples?: number;
  readonly hopSamples?: number;
  readonly dim?: number;
  readonly inputNormalization?: FrontEndInfo['inputNormalization'];
  /** Further adapter options (onnx: mode, inputName, outputName, batchSize; tfjs: output, batchSize, runtime). */
  readonly [option: string]: unknown;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const C = 'loadFrontEnd';

async function readText(location: string): Promise<string | null> {
  if (URL_SCHEME.test(location) && !location.startsWith('file://')) {
    const res = await fetch(location).catch(() => null);
    return res && res.ok ? res.text() : null;
  }
  if (!isNode()) return null;
  const fs = await nodeBuiltin<typeof import('node:fs/promises')>('fs/promises');
  try {
    return await fs.readFile(location.startsWith('file://') ? decodeURIComponent(new URL(location).pathname) : location, 'utf8');
  } catch {
    return null;
  }
}

async function exists(location: string): Promise<boolean> {
  if (URL_SCHEME.test(location) && !location.startsWith('file://')) {
    const res = await fetch(location, { method: 'HEAD' }).catch(() => null);
    return !!res && res.ok;
  }
  if (!isNode()) return false;
  const fs = await nodeBuiltin<typeof import('node:fs')>('fs');
  return fs.existsSync(location);
}

async function readManifest(dir: string): Promise<FrontEndManifest | null> {
  const where = join(dir, FRONT_END_MANIFEST);
  const text = await readText(where);
  if (text === null) return null;
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new IoError(where, `${C}: ${where} must be valid JSON (${(e as Error).message}). Fix or remove it.`, { cause: e });
  }
  const o = m as Partial<FrontEndManifest> | null;
  if (!o || typeof o !== 'object' || !['onnx', 'tfjs', 'crepe', 'speech-embedding'].includes(o.adapter as string))
    throw new InvalidArgumentError('adapter', o?.adapter, "'onnx', 'tfjs', 'crepe' or 'speech-embedding'", `${C}: ${where} must name its adapter ("adapter": "onnx" or "tfjs" with name, sampleRate, windowSamples, hopSamples and dim; or "crepe" / "speech-embedding"). See docs/front-ends.md.`);
  return o as FrontEndManifest;
}

/** A front end loaded from a location, with the folder its files are in (what a bundle copies). */
export interface LoadedFrontEnd {
  readonly frontEnd: FrontEnd;
  /** Folder (path or URL) holding the front end's files. */
  readonly dir: string;
}

/**
 * Load a front end from a path or URL (see the module comment for what may be there).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when nothing loadable is there (the message
 *   says what to add: usually a `front-end.json`).
 * @throws {MissingDependencyError} SER_MISSING_DEPENDENCY when the adapter's runtime is not installed.
 * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH from adapters that check their files.
 * @example
 * const { frontEnd } = await loadFrontEnd('../shared/models/speech-embedding');
 * const e = await frontEnd.embed(signal16k); // e.frames × 96
 */
export async function loadFrontEnd(location: string): Promise<LoadedFrontEnd> {
  if (typeof location !== 'string' || location.length === 0)
    throw new InvalidArgumentError('location', location, 'a path or URL', `${C}: location must be the path or URL of a front-end model (a folder, an .onnx file or a model.json).`);
  const dir = frontEndFolder(location).replace(/[\\/]+$/, '') || '/';
  const file = /\.(onnx|json|tflite|ort)$/i.test(location) ? location.slice(dir.length).replace(/^[\\/]+/, '') : undefined;
  const manifest = await readManifest(dir);
  if (manifest) return { frontEnd: await fromManifest(dir, manifest, file), dir };
  if ((await exists(join(dir, 'melspectrogram.onnx'))) && (await exists(join(dir, 'embedding_model.onnx')))) {
    const { loadSpeechEmbedding } = await import('./speech-embedding.js');
    return { frontEnd: await loadSpeechEmbedding(dir), dir };
  }
  if ((await readText(join(dir, 'model.json')))?.includes('crepe_flatten')) {
    const { loadCrepe } = await import('./crepe.js');
    return { frontEnd: await loadCrepe(dir), dir };
  }
  throw new InvalidArgumentError(
    'location',
    location,
    `a folder with ${FRONT_END_MANIFEST} or a known model`,
    `${C}: no loadable front end at ${location}. Put a ${FRONT_END_MANIFEST} beside the model ({ "adapter": "onnx" | "tfjs", "file", "name", "sampleRate", "windowSamples", "hopSamples", "dim", "inputNormalization" }; see docs/front-ends.md), or pass a folder holding Google's melspectrogram.onnx + embedding_model.onnx.`,
  );
}

async function fromManifest(dir: string, m: FrontEndManifest, file: string | undefined, expected?: FrontEndInfo): Promise<FrontEnd> {
  const { adapter, file: mFile, ...rest } = m;
  const options = { ...rest, ...(expected ? infoOptions(expected) : {}) };
  if (adapter === 'speech-embedding') {
    const { loadSpeechEmbedding } = await import('./speech-embedding.js');
    return loadSpeechEmbedding(dir, rest as import('./speech-embedding.js').SpeechEmbeddingOptions);
  }
  if (adapter === 'crepe') {
    const { loadCrepe } = await import('./crepe.js');
    return loadCrepe(dir, { ...(rest as import('./crepe.js').CrepeOptions), ...(expected ? crepeOptions(expected) : {}) });
  }
  for (const k of ['name', 'sampleRate', 'windowSamples', 'hopSamples', 'dim'] as const)
    if (options[k] === undefined)
      throw new InvalidArgumentError(k, undefined, 'a value', `${C}: ${join(dir, FRONT_END_MANIFEST)} must give ${k} for the '${adapter}' adapter (name, sampleRate, windowSamples, hopSamples, dim). See docs/front-ends.md.`);
  if (adapter === 'onnx') {
    const name = file ?? mFile ?? expected?.files[0]?.name;
    if (!name) throw new InvalidArgumentError('file', undefined, 'the .onnx file name', `${C}: ${join(dir, FRONT_END_MANIFEST)} must name the model ("file": "model.onnx"), or pass the .onnx path.`);
    const { loadOnnxFrontEnd } = await import('./onnx-front-end.js');
    return loadOnnxFrontEnd(join(dir, name), { ...(options as unknown as import('./onnx-front-end.js').OnnxFrontEndOptions), fileName: name });
  }
  const { loadTfjsFrontEnd } = await import('./tfjs-front-end.js');
  return loadTfjsFrontEnd(join(dir, file ?? mFile ?? 'model.json'), { ...(options as unknown as import('./tfjs-front-end.js').TfjsFrontEndOptions), ...(expected ? { expectedFiles: expected.files } : {}) });
}

/** CREPE's options that reproduce a recorded info (hop, name, which output, the exact files). */
function crepeOptions(info: FrontEndInfo): import('./crepe.js').CrepeOptions {
  return { hopSamples: info.hopSamples, name: info.name, output: info.dim === 360 ? 'activation' : 'embedding', expectedFiles: info.files };
}

/** The FrontEndInfo fields adapters take as options. */
function infoOptions(info: FrontEndInfo): Pick<FrontEndInfo, 'name' | 'sampleRate' | 'windowSamples' | 'hopSamples' | 'dim' | 'inputNormalization'> {
  return { name: info.name, sampleRate: info.sampleRate, windowSamples: info.windowSamples, hopSamples: info.hopSamples, dim: info.dim, inputNormalization: info.inputNormalization };
}

/**
 * Load the front end a model bundle names, from the folder holding its (already verified) files:
 * the folder's `front-end.json` for the adapter and its options, with the recorded info's
 * geometry; else speech_embedding by name, CREPE by its layers (with the recorded hop), an ONNX
 * front end with one file as a whole-signal ('sequence') model. The default `frontEndLoader` of
 * `EmotionRecognizer.load`.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when the front end cannot be loaded from files alone.
 */
export async function loadFrontEndFiles(dir: string, info: FrontEndInfo): Promise<FrontEnd> {
  const manifest = await readManifest(dir);
  if (manifest) return fromManifest(dir, manifest, undefined, info);
  if (info.name === 'speech-embedding' && info.runtime === 'onnx') {
    const { loadSpeechEmbedding } = await import('./speech-embedding.js');
    return loadSpeechEmbedding(dir);
  }
  if (info.runtime === 'tfjs-layers' && (await readText(join(dir, 'model.json')))?.includes('crepe_flatten')) {
    const { loadCrepe } = await import('./crepe.js');
    return loadCrepe(dir, crepeOptions(info));
  }
  if (info.runtime === 'onnx' && info.files.length === 1) {
    const { loadOnnxFrontEnd } = await import('./onnx-front-end.js');
    const name = info.files[0]!.name;
    return loadOnnxFrontEnd(join(dir, name), { ...infoOptions(info), fileName: name, sha256: info.files[0]!.sha256 });
  }
  throw new InvalidArgumentError(
    'frontEnd',
    info.name,
    `a ${FRONT_END_MANIFEST} in ${dir}, or a loaded FrontEnd`,
    `EmotionRecognizer.load: the front end '${info.name}' (${info.runtime}) cannot be loaded from its files alone. Put its ${FRONT_END_MANIFEST} in ${dir}, pass { frontEnd: <a loaded FrontEnd> }, or a frontEndLoader.`,
  );
}
