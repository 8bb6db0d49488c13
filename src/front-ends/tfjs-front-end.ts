/**
 * A TensorFlow.js model (layers or graph) as a {@link FrontEnd}: read from a folder (Node), a URL
 * (fetch) or IndexedDB / any `tf.io.IOHandler`, every file named by SHA-256 so a bundle can refuse
 * another copy; the signal is cut into windows, normalised as declared, and batched through the
 * model. Every tensor made here is disposed (checked with `tf.memory().numTensors` in the tests).
 *
 * Graph models need `@tensorflow/tfjs-converter` (not a dependency of this library; loaded at run
 * time, MissingDependencyError when absent). Layers models need only tfjs-layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  FrontEndMismatchError,
  InvalidArgumentError,
  IoError,
  MissingDependencyError,
  ModelFormatError,
  ShapeMismatchError,
} from '../errors.js';
import { frontEndFrames, type Embeddings, type FrontEnd, type FrontEndFile, type FrontEndInfo } from '../features/front-end.js';
import { assertFiniteArray, assertOneOf, assertPositiveInt } from '../internal/validate.js';
import { importOptional, isNode, nodeBuiltin } from '../model/io/node-builtins.js';
import { sha256Hex } from '../model/io/sha256.js';
import { manifestByteLength, toArrayBuffer } from '../model/io/weights.js';
import { ensureTfSetup } from '../model/tf-setup.js';
import { normaliseFrame, normaliseUtterance } from './normalise.js';

/**
 * Where a tfjs model is: a folder holding `model.json` (or the path of a `model.json`, or a
 * `file://` URL; Node), an `http(s)://` URL of `model.json` or of its folder, `indexeddb://name`
 * (browser), or a `tf.io.IOHandler` (e.g. `tf.io.browserFiles(...)`, `tf.io.fromMemory(...)`).
 */
export type TfjsModelSource = string | tf.io.IOHandler;

/** Options of {@link loadTfjsFrontEnd}: the {@link FrontEndInfo} fields the model cannot tell. */
export interface TfjsFrontEndOptions {
  /** Stable name recorded in bundles (e.g. 'crepe-tiny'). */
  readonly name: string;
  /** Input sample rate in Hz. */
  readonly sampleRate: number;
  /** Samples per model input (one window = one output frame). */
  readonly windowSamples: number;
  /** Samples between consecutive windows. */
  readonly hopSamples: number;
  /** Values per frame of the embedding output; checked against the model at load. */
  readonly dim: number;
  /** What to do to the input before the network. @defaultValue 'none' */
  readonly inputNormalization?: FrontEndInfo['inputNormalization'];
  /**
   * Which tensor is the embedding: a layer name (layers model, e.g. the penultimate layer) or a
   * node name (graph model, e.g. 'StatefulPartitionedCall:1'). @defaultValue the model's first output
   */
  readonly output?: string;
  /** Windows per model call; larger is faster up to memory. @defaultValue 64 */
  readonly batchSize?: number;
  /** 'tfjs-layers' or 'tfjs-graph'. @defaultValue from model.json's `format` (else its topology) */
  readonly runtime?: 'tfjs-layers' | 'tfjs-graph';
  /** When given, the files must have exactly these SHA-256 (FrontEndMismatchError otherwise). */
  readonly expectedFiles?: readonly FrontEndFile[];
  /** fetch used for URLs. @defaultValue globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Loader for `@tensorflow/tfjs-converter` (graph models), for custom resolution and tests.
   * @defaultValue dynamic `import()`
   */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

/** Defaults of {@link TfjsFrontEndOptions}. */
export const TFJS_FRONT_END_DEFAULTS = Object.freeze({ inputNormalization: 'none', batchSize: 64 } as const);

/** A model as read from its source, before tfjs builds it. */
export interface TfjsModelFiles {
  readonly artifacts: tf.io.ModelArtifacts;
  /** Every file with its SHA-256 (model.json first, then the shards in manifest order). */
  readonly files: readonly FrontEndFile[];
  readonly runtime: 'tfjs-layers' | 'tfjs-graph';
}

const C = 'loadTfjsFrontEnd';
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const REMEDY = 'Point to the folder that holds model.json and its weight shards as written by the tfjs converter or model.save().';

/**
 * Read a tfjs model's files from `source`, hash them, and check them against `expected`.
 * Hashes: for a folder or URL, the bytes of `model.json` and of every shard as stored; for an
 * IOHandler (IndexedDB …), which keeps no files, `topology.json` (the JSON of the topology, as
 * `JSON.stringify` writes it) and `weights.bin` (all weights, manifest order).
 */
export async function readTfjsModel(
  source: TfjsModelSource,
  options: { readonly runtime?: 'tfjs-layers' | 'tfjs-graph'; readonly expectedFiles?: readonly FrontEndFile[]; readonly fetch?: typeof globalThis.fetch; readonly component?: string } = {},
): Promise<TfjsModelFiles> {
  const comp = options.component ?? C;
  let read: { artifacts: tf.io.ModelArtifacts; files: FrontEndFile[]; format: string | undefined };
  if (typeof source === 'string' && /^indexeddb:\/\//i.test(source)) {
    read = await fromHandler(comp, source, indexedDbHandler(comp, source));
  } else if (typeof source === 'string' && /^https?:\/\//i.test(source)) {
    read = await fromUrl(comp, source, options.fetch ?? globalThis.fetch);
  } else if (typeof source === 'string') {
    if (!isNode()) {
      // A relative URL in a browser.
      read = await fromUrl(comp, source, options.fetch ?? globalThis.fetch);
    } else if (URL_SCHEME.test(source) && !/^file:\/\//i.test(source)) {
      throw new InvalidArgumentError('source', source, 'a folder, model.json path, http(s):// or indexeddb:// URL', `${comp}: source must be a folder, a model.json path, an http(s):// URL or indexeddb://name (got ${JSON.stringify(source)}). Use one of those, or pass a tf.io.IOHandler.`);
    } else {
      read = await fromFolder(comp, source);
    }
  } else if (source && typeof (source as tf.io.IOHandler).load === 'function') {
    read = await fromHandler(comp, 'IOHandler', source);
  } else {
    throw new InvalidArgumentError('source', source, 'a string or tf.io.IOHandler', `${comp}: source must be a folder/URL string or a tf.io.IOHandler with load() (got ${Object.prototype.toString.call(source)}).`);
  }
  const runtime = options.runtime ?? inferRuntime(read.format, read.artifacts);
  if (options.expectedFiles) checkFiles(comp, read.files, options.expectedFiles);
  return { artifacts: read.artifacts, files: read.files, runtime };
}

function inferRuntime(format: string | undefined, artifacts: tf.io.ModelArtifacts): 'tfjs-layers' | 'tfjs-graph' {
  if (format === 'graph-model') return 'tfjs-graph';
  if (format === 'layers-model') return 'tfjs-layers';
  const topo = artifacts.modelTopology as Record<string, unknown> | undefined;
  return topo && Array.isArray(topo['node']) ? 'tfjs-graph' : 'tfjs-layers';
}

function checkFiles(comp: string, actual: readonly FrontEndFile[], expected: readonly FrontEndFile[]): void {
  for (const e of expected) {
    const a = actual.find((f) => f.name === e.name);
    if (!a || a.sha256 !== e.sha256.toLowerCase()) {
      throw new FrontEndMismatchError(
        e.name,
        e.sha256,
        a?.sha256 ?? null,
        `${comp}: front-end file ${e.name} must have SHA-256 ${e.sha256} (${a ? `got ${a.sha256}` : 'the model has no such file'}). Load the exact model files the bundle was trained with.`,
      );
    }
  }
}

interface ModelJsonLike {
  readonly modelTopology: unknown;
  readonly weightsManifest: readonly tf.io.WeightsManifestConfig[number][];
  readonly format?: string;
  readonly [k: string]: unknown;
}

function parseModelJson(comp: string, where: string, bytes: Uint8Array): ModelJsonLike {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ModelFormatError('model.json', `${comp}: ${where} must be UTF-8 JSON (got a parse error: ${(e as Error).message}). ${REMEDY}`, { cause: e });
  }
  const j = json as Record<string, unknown> | null;
  if (typeof j !== 'object' || j === null || typeof j['modelTopology'] !== 'object' || j['modelTopology'] === null || !Array.isArray(j['weightsManifest'])) {
    throw new ModelFormatError('model.json', `${comp}: ${where} must hold "modelTopology" and "weightsManifest" (a tfjs model.json). ${REMEDY}`);
  }
  for (const g of j['weightsManifest'] as unknown[]) {
    const group = g as { paths?: unknown; weights?: unknown } | null;
    if (!group || !Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string' && p.length > 0) || !Array.isArray(group.weights)) {
      throw new ModelFormatError('weightsManifest', `${comp}: every weightsManifest entry of ${where} must have "paths" (file names) and "weights" (specs). ${REMEDY}`);
    }
    for (const p of group.paths as string[]) {
      if (p.includes('..') || p.startsWith('/') || p.includes('\\')) {
        throw new ModelFormatError('weightsManifest', `${comp}: weight path ${JSON.stringify(p)} in ${where} must name a file beside model.json (no '..', no absolute path). ${REMEDY}`);
      }
    }
  }
  return j as unknown as ModelJsonLike;
}

/** Artifacts from model.json bytes and its shards' bytes (manifest order), sizes checked. */
async function assemble(comp: string, where: string, modelBytes: Uint8Array, json: ModelJsonLike, shards: readonly { name: string; bytes: Uint8Array }[]) {
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const total = shards.reduce((n, s) => n + s.bytes.byteLength, 0);
  const want = manifestByteLength(specs);
  if (want !== undefined && want !== total) {
    throw new ModelFormatError('weightsManifest', `${comp}: the weight shards of ${where} hold ${total} bytes but the manifest describes ${want}. A shard is truncated or from another model; ${REMEDY}`);
  }
  const data = new Uint8Array(total);
  let o = 0;
  for (const s of shards) {
    data.set(s.bytes, o);
    o += s.bytes.byteLength;
  }
  const files: FrontEndFile[] = [{ name: 'model.json', sha256: await sha256Hex(modelBytes) }];
  for (const s of shards) files.push({ name: s.name, sha256: await sha256Hex(s.bytes) });
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as object,
    weightSpecs: specs,
    weightData: toArrayBuffer(data),
  };
  // Graph models carry these beside the topology; copied when present.
  const extra = artifacts as Record<string, unknown>;
  for (const k of ['format', 'generatedBy', 'convertedBy', 'signature', 'userDefinedMetadata', 'modelInitializer', 'initializerSignature']) {
    if (json[k] != null) extra[k] = json[k];
  }
  return { artifacts, files, format: typeof json.format === 'string' ? json.format : undefined };
}

async function fromFolder(comp: string, source: string) {
  const fs = await nodeBuiltin<typeof import('node:fs/promises')>('fs/promises');
  const path = await nodeBuiltin<typeof import('node:path')>('path');
  const url = await nodeBuiltin<typeof import('node:url')>('url');
  const p = /^file:\/\//i.test(source) ? url.fileURLToPath(source) : source;
  let modelPath = p;
  try {
    if ((await fs.stat(p)).isDirectory()) modelPath = path.join(p, 'model.json');
  } catch (e) {
    throw new IoError(p, `${comp}: model folder or file ${p} must exist (${(e as Error).message}). ${REMEDY}`, { cause: e });
  }
  const dir = path.dirname(modelPath);
  const read = async (file: string): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await fs.readFile(file));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT') throw new ModelFormatError(path.basename(file), `${comp}: ${file} must exist beside model.json (not found). ${REMEDY}`, { cause: e });
      throw new IoError(file, `${comp}: could not read ${file} (${(e as Error).message}). Check the path and permissions.`, { cause: e });
    }
  };
  const modelBytes = await read(modelPath);
  const json = parseModelJson(comp, modelPath, modelBytes);
  const shards: { name: string; bytes: Uint8Array }[] = [];
  for (const g of json.weightsManifest) for (const name of g.paths) shards.push({ name, bytes: await read(path.join(dir, name)) });
  return assemble(comp, modelPath, modelBytes, json, shards);
}

async function fromUrl(comp: string, source: string, fetchFn: typeof globalThis.fetch | undefined) {
  if (typeof fetchFn !== 'function') {
    throw new InvalidArgumentError('fetch', fetchFn, 'a fetch function', `${comp}: loading ${source} needs fetch (none on this platform). Pass options.fetch.`);
  }
  const modelUrl = /\.json(\?.*)?$/i.test(source) ? source : `${source.replace(/\/+$/, '')}/model.json`;
  const get = async (u: string): Promise<Uint8Array> => {
    let res: Response;
    try {
      res = await fetchFn(u);
    } catch (e) {
      throw new IoError(u, `${comp}: could not fetch ${u} (${(e as Error).message}). Check the URL and the network.`, { cause: e });
    }
    if (!res.ok) throw new IoError(u, `${comp}: fetching ${u} must succeed (got HTTP ${res.status}). Check the URL. ${REMEDY}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const modelBytes = await get(modelUrl);
  const json = parseModelJson(comp, modelUrl, modelBytes);
  const base = (() => {
    try {
      return new URL('.', new URL(modelUrl, (globalThis as { location?: { href: string } }).location?.href));
    } catch {
      return undefined;
    }
  })();
  const shards: { name: string; bytes: Uint8Array }[] = [];
  for (const g of json.weightsManifest) {
    for (const name of g.paths) shards.push({ name, bytes: await get(base ? new URL(name, base).href : modelUrl.replace(/[^/]*$/, name)) });
  }
  return assemble(comp, modelUrl, modelBytes, json, shards);
}

function indexedDbHandler(comp: string, source: string): tf.io.IOHandler {
  const handlers = tf.io.getLoadHandlers(source);
  if (handlers.length === 0 || !handlers[0]) {
    throw new InvalidArgumentError('source', source, 'a source this platform can read', `${comp}: ${source} needs IndexedDB, which only a browser has (no handler here). In Node, load from a folder path.`);
  }
  return handlers[0];
}

async function fromHandler(comp: string, where: string, handler: tf.io.IOHandler) {
  if (!handler.load) throw new InvalidArgumentError('source', where, 'an IOHandler with load()', `${comp}: the IOHandler for ${where} must support load().`);
  let a: tf.io.ModelArtifacts;
  try {
    a = await handler.load();
  } catch (e) {
    throw new IoError(where, `${comp}: could not load ${where} (${(e as Error).message}). Check that the model was saved there.`, { cause: e });
  }
  if (!a || typeof a.modelTopology !== 'object' || a.modelTopology === null) {
    throw new ModelFormatError('modelTopology', `${comp}: ${where} must hold a JSON model topology. ${REMEDY}`);
  }
  const parts = a.weightData == null ? [] : Array.isArray(a.weightData) ? a.weightData : [a.weightData];
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    weights.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  const want = manifestByteLength(a.weightSpecs ?? []);
  if (want !== undefined && want !== weights.byteLength) {
    throw new ModelFormatError('weightSpecs', `${comp}: ${where} holds ${weights.byteLength} weight bytes but its specs describe ${want}. ${REMEDY}`);
  }
  const files: FrontEndFile[] = [
    { name: 'topology.json', sha256: await sha256Hex(new TextEncoder().encode(JSON.stringify(a.modelTopology))) },
    { name: 'weights.bin', sha256: await sha256Hex(weights) },
  ];
  return { artifacts: { ...a, weightData: toArrayBuffer(weights) }, files, format: a.format };
}

/** The part of a tfjs-converter GraphModel used here. */
interface GraphModelLike {
  readonly inputs: readonly { readonly name: string; readonly shape?: readonly number[] }[];
  readonly outputs: readonly { readonly name: string }[];
  execute(inputs: tf.Tensor, outputs?: string | string[]): tf.Tensor | tf.Tensor[];
  dispose(): void;
}

/**
 * A built tfjs model that maps windows to one or more flat per-window outputs. Internal to the
 * front-end adapters (crepe.ts builds one with two outputs).
 */
export class TfjsWindowRunner {
  private disposed = false;

  private constructor(
    private readonly component: string,
    private readonly run1: (x: tf.Tensor) => tf.Tensor[],
    private readonly release: () => void,
    /** Input shape without the batch axis. */
    readonly inputShape: readonly number[],
    /** Values per window of each output. */
    readonly outputSizes: readonly number[],
  ) {}

  /**
   * Build the model of `files` with the given outputs (layer names for layers models, node names
   * for graph models; empty = the model's own outputs). The input must take one window of
   * `windowSamples` values per batch row.
   */
  static async create(
    component: string,
    files: TfjsModelFiles,
    outputs: readonly string[],
    windowSamples: number,
    importModule: (specifier: string) => Promise<unknown> = importOptional,
  ): Promise<TfjsWindowRunner> {
    ensureTfSetup();
    if (files.runtime === 'tfjs-layers') {
      let model: tfl.LayersModel;
      try {
        model = await tfl.loadLayersModel(tf.io.fromMemory(files.artifacts));
      } catch (e) {
        throw new ModelFormatError('modelTopology', `${component}: tfjs could not build the layers model (${(e as Error).message}). ${REMEDY}`, { cause: e });
      }
      if (model.inputs.length !== 1) {
        const n = model.inputs.length;
        model.dispose();
        throw new ModelFormatError('modelTopology', `${component}: a front-end model must have one input (the audio window); this one has ${n}. Export a model that takes [batch, windowSamples].`);
      }
      let run: tfl.LayersModel = model;
      if (outputs.length) {
        const names = model.layers.map((l) => l.name);
        const missing = outputs.find((o) => !names.includes(o));
        if (missing !== undefined) {
          model.dispose();
          throw new InvalidArgumentError('output', missing, `a layer name (${names.join(', ')})`, `${component}: output must name a layer of the model (got ${JSON.stringify(missing)}; layers: ${names.join(', ')}).`);
        }
        run = tfl.model({ inputs: model.inputs, outputs: outputs.map((o) => model.getLayer(o).output as tfl.SymbolicTensor) });
      }
      const inShape = fixInput(component, model.inputs[0]?.shape ?? [], windowSamples, () => model.dispose());
      const sizes = run.outputs.map((o) => o.shape.slice(1).reduce<number>((p, d) => p * (d ?? NaN), 1));
      return new TfjsWindowRunner(
        component,
        (x) => {
          const y = run.predict(x);
          return Array.isArray(y) ? y : [y];
        },
        // The sub-model shares the layers (and so the weights) of `model` and owns no tensor of
        // its own: disposing `model` frees everything, and disposing both would fail in tfjs.
        () => model.dispose(),
        inShape,
        sizes,
      );
    }
    let conv: { loadGraphModel: (h: tf.io.IOHandler) => Promise<GraphModelLike> };
    try {
      conv = (await importModule('@tensorflow/tfjs-converter')) as typeof conv;
      if (typeof conv?.loadGraphModel !== 'function') throw new Error('no loadGraphModel export');
    } catch (e) {
      throw new MissingDependencyError('@tensorflow/tfjs-converter', `${component}: a tfjs graph model needs @tensorflow/tfjs-converter, which is not installed. Run: npm install @tensorflow/tfjs-converter@^4`, { cause: e });
    }
    let g: GraphModelLike;
    try {
      g = await conv.loadGraphModel(tf.io.fromMemory(files.artifacts));
    } catch (e) {
      throw new ModelFormatError('modelTopology', `${component}: tfjs could not build the graph model (${(e as Error).message}). ${REMEDY}`, { cause: e });
    }
    // A graph model may not declare its input shape: then it takes [batch, windowSamples].
    const declared = g.inputs[0]?.shape;
    const inShape = declared && declared.length > 0 ? fixInput(component, declared.map((d) => (d < 0 ? null : d)), windowSamples, () => g.dispose()) : [windowSamples];
    const names = outputs.length ? [...outputs] : g.outputs.map((o) => o.name);
    // Graph models rarely declare static output shapes: sizes are learned on the first call.
    return new TfjsWindowRunner(
      component,
      (x) => {
        const y = g.execute(x, names);
        return Array.isArray(y) ? y : [y];
      },
      () => g.dispose(),
      inShape,
      names.map(() => NaN),
    );
  }

  /**
   * Run `count` windows laid out in `windows` (count × windowSamples) in one call.
   * @returns one Float32Array per output, `count × outputSize`.
   */
  async run(windows: Float32Array, count: number): Promise<Float32Array[]> {
    if (this.disposed) {
      throw new InvalidArgumentError('frontEnd', 'disposed', 'a live front end', `${this.component}: the front end must not be used after dispose() (got a disposed one). Load it again.`);
    }
    const outs = tf.tidy(() => this.run1(tf.tensor(windows, [count, ...this.inputShape], 'float32')));
    try {
      const data = await Promise.all(outs.map((o) => o.data<'float32'>()));
      return data.map((d, i) => {
        const per = d.length / count;
        const want = this.outputSizes[i]!;
        if (!Number.isNaN(want) && per !== want) {
          throw new ShapeMismatchError([count, want], [count, per], `${this.component}: output ${i} must have ${want} values per window (got ${per}).`);
        }
        return d instanceof Float32Array ? d : Float32Array.from(d);
      });
    } finally {
      for (const o of outs) o.dispose();
    }
  }

  /** Free the model's weights. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.release();
  }
}

/** The input shape without the batch axis, a free (null) axis set so that it holds one window. */
function fixInput(component: string, shape: readonly (number | null)[], windowSamples: number, cleanup: () => void): number[] {
  const rest = shape.slice(1);
  const free = rest.filter((d) => d == null || d < 0).length;
  const fixed = rest.reduce<number>((p, d) => (d == null || d < 0 ? p : p * d), 1);
  let out: number[] | undefined;
  if (rest.length === 0) out = undefined;
  else if (free === 0 && fixed === windowSamples) out = rest as number[];
  else if (free === 1 && windowSamples % fixed === 0) out = rest.map((d) => (d == null || d < 0 ? windowSamples / fixed : d));
  if (!out) {
    cleanup();
    throw new ShapeMismatchError([null, windowSamples], shape.map((d) => d ?? -1), `${component}: the model input [${shape.map((d) => d ?? 'null').join(', ')}] must take windowSamples = ${windowSamples} values per batch row. Declare the windowSamples the model was exported with.`);
  }
  return out;
}

/** Options shared by the window loop (see {@link TfjsFrontEndOptions}). */
export interface WindowLoopOptions {
  readonly windowSamples: number;
  readonly hopSamples: number;
  readonly inputNormalization: FrontEndInfo['inputNormalization'];
  readonly batchSize: number;
  /** Zero-pad windowSamples/2 on both sides so frame i is centred on sample i·hop (CREPE's `center`). */
  readonly center?: boolean;
}

/**
 * Cut `samples` into windows (FrontEnd framing, or centred), normalise, and run them through
 * `runner` in batches. @returns the frame count and one `frames × size` array per output.
 */
export async function runWindows(component: string, runner: TfjsWindowRunner, samples: Float32Array, o: WindowLoopOptions): Promise<{ frames: number; outputs: Float32Array[] }> {
  if (!(samples instanceof Float32Array)) {
    throw new InvalidArgumentError('samples', Object.prototype.toString.call(samples), 'a Float32Array', `${component}: samples must be a Float32Array of mono audio (got ${Object.prototype.toString.call(samples)}).`);
  }
  assertFiniteArray(component, 'samples', samples);
  let x = samples;
  if (o.inputNormalization === 'per-utterance') x = normaliseUtterance(x);
  if (o.center) {
    const half = Math.floor(o.windowSamples / 2);
    const padded = new Float32Array(x.length + 2 * half);
    padded.set(x, half);
    x = padded;
  }
  const W = o.windowSamples;
  const frames = frontEndFrames(o, x.length);
  const perFrame = o.inputNormalization === 'per-frame';
  const outputs: Float32Array[] = [];
  const batch = new Float32Array(Math.min(o.batchSize, frames) * W);
  for (let start = 0; start < frames; start += o.batchSize) {
    const count = Math.min(o.batchSize, frames - start);
    const buf = count * W === batch.length ? batch : batch.subarray(0, count * W);
    for (let b = 0; b < count; b++) {
      const from = (start + b) * o.hopSamples;
      const row = buf.subarray(b * W, (b + 1) * W);
      const avail = Math.max(0, Math.min(W, x.length - from));
      row.set(x.subarray(from, from + avail));
      row.fill(0, avail);
      if (perFrame) normaliseFrame(row);
    }
    const res = await runner.run(buf, count);
    if (outputs.length === 0) for (const r of res) outputs.push(new Float32Array(frames * (r.length / count)));
    res.forEach((r, i) => outputs[i]!.set(r, start * (r.length / count)));
  }
  return { frames, outputs };
}

/** Validate the declared window/hop/batch options; shared with crepe.ts. */
export function assertWindowOptions(component: string, o: { windowSamples: unknown; hopSamples: unknown; batchSize: unknown; inputNormalization: unknown }): void {
  assertPositiveInt(component, 'windowSamples', o.windowSamples);
  assertPositiveInt(component, 'hopSamples', o.hopSamples);
  assertPositiveInt(component, 'batchSize', o.batchSize);
  assertOneOf(component, 'inputNormalization', o.inputNormalization, ['none', 'per-frame', 'per-utterance'] as const);
}

/**
 * Load a TensorFlow.js model as a {@link FrontEnd}.
 *
 * @param source - see {@link TfjsModelSource}.
 * @param options - the FrontEndInfo fields (see {@link TfjsFrontEndOptions}).
 * @returns a FrontEnd whose `info.files` name every file by SHA-256.
 * @throws {IoError} SER_IO when a file cannot be read or fetched.
 * @throws {ModelFormatError} SER_MODEL_FORMAT when model.json or a shard is not a tfjs model.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when the model's input or output disagrees with windowSamples / dim.
 * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH when `expectedFiles` differ.
 * @throws {MissingDependencyError} SER_MISSING_DEPENDENCY for a graph model without @tensorflow/tfjs-converter.
 * @example
 * const fe = await loadTfjsFrontEnd('models/crepe-tiny', {
 *   name: 'crepe-tiny', sampleRate: 16000, windowSamples: 1024, hopSamples: 160, dim: 256,
 *   inputNormalization: 'per-frame', output: 'crepe_flatten',
 * });
 * const { frames, dim, data } = await fe.embed(signal16k); // frames × 256
 * await fe.dispose();
 */
export async function loadTfjsFrontEnd(source: TfjsModelSource, options: TfjsFrontEndOptions): Promise<FrontEnd> {
  const o = { ...TFJS_FRONT_END_DEFAULTS, ...options };
  if (typeof o.name !== 'string' || o.name.length === 0) {
    throw new InvalidArgumentError('name', o.name, 'a non-empty string', `${C}: name must be a non-empty string such as 'crepe-tiny' (got ${JSON.stringify(o.name)}).`);
  }
  assertPositiveInt(C, 'sampleRate', o.sampleRate);
  assertPositiveInt(C, 'dim', o.dim);
  assertWindowOptions(C, o);
  const files = await readTfjsModel(source, { ...(o.runtime ? { runtime: o.runtime } : {}), ...(o.expectedFiles ? { expectedFiles: o.expectedFiles } : {}), ...(o.fetch ? { fetch: o.fetch } : {}) });
  const runner = await TfjsWindowRunner.create(C, files, o.output ? [o.output] : [], o.windowSamples, o.importModule);
  const size = runner.outputSizes[0]!;
  if (!Number.isNaN(size) && size !== o.dim) {
    runner.dispose();
    throw new ShapeMismatchError([o.dim], [size], `${C}: dim must equal the values per window of the embedding output${o.output ? ` '${o.output}'` : ''} (declared ${o.dim}, the model gives ${size}). Declare dim = ${size} or choose another output.`);
  }
  const info: FrontEndInfo = Object.freeze({
    name: o.name,
    runtime: files.runtime,
    sampleRate: o.sampleRate,
    windowSamples: o.windowSamples,
    hopSamples: o.hopSamples,
    dim: o.dim,
    inputNormalization: o.inputNormalization,
    files: Object.freeze(files.files.map((f) => Object.freeze({ ...f }))),
  });
  return {
    info,
    async embed(samples: Float32Array): Promise<Embeddings> {
      const { frames, outputs } = await runWindows(C, runner, samples, o);
      const data = outputs[0]!;
      if (data.length !== frames * o.dim) {
        throw new ShapeMismatchError([frames, o.dim], [frames, data.length / frames], `${C}: the embedding output must have dim = ${o.dim} values per window (got ${data.length / frames}). Declare the dim of the chosen output.`);
      }
      return { frames, dim: o.dim, data };
    },
    async dispose(): Promise<void> {
      runner.dispose();
    },
  };
}
