/**
 * Model bundles: a tfjs layers model plus everything needed to use it (labels, audio and feature
 * settings, scaler, model config), saved and loaded as one validated unit.
 *
 * Layouts:
 * - **Folder (Node)**: `model.json` (topology + weightsManifest), `weights.bin`, `metadata.json`.
 * - **tf.io URL or IOHandler** (`indexeddb://…`, `http(s)://…`, any `tf.io.IOHandler`): the
 *   model as tfjs stores it, with the metadata in the model's `userDefinedMetadata`. Loading an
 *   `http(s)` URL of a folder bundle falls back to the `metadata.json` beside `model.json`.
 *
 * Loading verifies each part before tfjs sees it: files present, JSON parses, bundle format and
 * version, weight byte count versus the manifest, SHA-256 of the weights, label count versus the
 * output layer, and input frames/bins versus the input layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ModelFormatError, SerError } from '../errors.js';
import { resolveCnnLstmConfig, type CnnLstmConfig } from './cnn-lstm-config.js';
import { attachRecurrentRegularizers, cnnLstmConfigOf, setCnnLstmConfig } from './cnn-lstm.js';
import { withSeededOrthogonal } from './initializers.js';
import { BUNDLE_FILES, readBundleDir, writeBundleDir } from './io/file-bundle.js';
import { isNode, nodeBuiltin } from './io/node-builtins.js';
import { sha256Hex } from './io/sha256.js';
import { manifestByteLength, toArrayBuffer, weightBytes } from './io/weights.js';
import { StatsHead, type StatsHeadJson } from './stats-head.js';
import { FEATURE_PIPELINE_DEFAULTS } from '../pipeline/feature-pipeline.js';
import { resolveFrontEndSpec, type FrontEndSpec } from '../pipeline/front-end-features.js';
import { ensureTfSetup } from './tf-setup.js';
import { LIBRARY_VERSION } from '../version.js';

/** Value of `metadata.format` in every bundle. */
export const BUNDLE_FORMAT = 'emotion-recog-bundle';
/** Bundle layout version this library writes and reads. */
export const BUNDLE_FORMAT_VERSION = 1;

/** Everything saved beside the weights. Plain JSON. */
export interface BundleMetadata {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: typeof BUNDLE_FORMAT_VERSION;
  /** Version of emotion-recog that saved the bundle. */
  readonly libraryVersion: string;
  /** Class labels in output-unit order; length equals the model's output units. */
  readonly labels: string[];
  /** Audio decoding settings (e.g. AudioDecoder config). */
  readonly audio: Record<string, unknown>;
  /**
   * Feature settings (the FeaturePipeline config). `features.frontEnd` (when present) names the
   * pretrained front end the model needs: `{ use, info }` with its files' SHA-256; its files sit
   * in `front-end/` beside the bundle (see model/front-end-files.ts).
   */
  readonly features: Record<string, unknown>;
  /** Model input size: frames (time steps) × bins (features per frame). */
  readonly input: { readonly frames: number; readonly bins: number };
  /** Fitted scaler state (StandardScaler.toJSON()). */
  readonly scaler?: Record<string, unknown>;
  /** The CnnLstm config when the model came from buildCnnLstm. */
  readonly model?: CnnLstmConfig;
  /** Training settings and results, for the record. */
  readonly training?: Record<string, unknown>;
  /** Lower-case hex SHA-256 of the weight bytes (all shards in manifest order). */
  readonly weightsSha256?: string;
  /** Optional statistics head fused with the model's output (see StatsHead). */
  readonly statsHead?: StatsHeadJson;
  /**
   * Calibration of the (ensemble's) output probabilities: `p^(1/temperature)` renormalised,
   * the temperature fitted on held-out predictions; with the expected calibration error before and after.
   */
  readonly calibration?: { readonly method: 'temperature'; readonly temperature: number; readonly fittedOn?: string; readonly eceBefore?: number; readonly eceAfter?: number };
  /** Set when the scaler and statistics head were re-measured on unlabelled audio of a new domain (recognizer.adapt). */
  readonly adaptation?: { readonly clips: number; readonly windows: number };
}

/**
 * What `saveBundle` needs: the metadata without the fields it fills in (`libraryVersion`
 * defaults to this library's version).
 */
export type BundleMetadataInput = Omit<BundleMetadata, 'format' | 'formatVersion' | 'weightsSha256' | 'libraryVersion'> &
  Partial<Pick<BundleMetadata, 'format' | 'formatVersion' | 'libraryVersion'>>;

/** A model with its metadata. */
export interface ModelBundle {
  readonly model: tfl.LayersModel;
  readonly metadata: BundleMetadata;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Save a model and its metadata.
 *
 * @param target - a folder path or `file://` URL (Node; files model.json, weights.bin,
 *   metadata.json), a tf.io URL (`indexeddb://name`, `localstorage://name`, `http(s)://…`,
 *   `downloads://name`) or a `tf.io.IOHandler`.
 * @param bundle - the model and its metadata; `format`, `formatVersion`, `weightsSha256` and
 *   (for buildCnnLstm models) `model` are filled in.
 * @returns the metadata as saved.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when labels or input disagree with the
 *   model, or the target is not usable on this platform.
 * @throws {IoError} SER_IO when a file cannot be written.
 */
export async function saveBundle(
  target: string | tf.io.IOHandler,
  bundle: { readonly model: tfl.LayersModel; readonly metadata: BundleMetadataInput },
): Promise<BundleMetadata> {
  ensureTfSetup();
  const { model } = bundle;
  const m = bundle.metadata;
  const shape = modelShape(model);
  const C = 'saveBundle';
  if (!Array.isArray(m.labels) || m.labels.some((l) => typeof l !== 'string') || m.labels.length !== shape.classes) {
    throw new InvalidArgumentError(
      'metadata.labels',
      m.labels,
      `${shape.classes} strings`,
      `${C}: metadata.labels must be ${shape.classes} strings, one per output unit (got ${Array.isArray(m.labels) ? `${m.labels.length} entries` : typeof m.labels}). Pass the labels the model was trained with.`,
    );
  }
  if (m.input?.frames !== shape.frames || m.input?.bins !== shape.bins) {
    throw new InvalidArgumentError(
      'metadata.input',
      m.input,
      `{ frames: ${shape.frames}, bins: ${shape.bins} }`,
      `${C}: metadata.input must match the model input [${shape.frames}, ${shape.bins}] (got ${JSON.stringify(m.input)}). Pass the frames and bins the model was built for.`,
    );
  }
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const bytes = weightBytes(artifacts!.weightData);
  const modelConfig = m.model ?? cnnLstmConfigOf(model);
  const { format: _format, formatVersion: _version, ...rest } = m;
  const metadata: BundleMetadata = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    libraryVersion: LIBRARY_VERSION,
    ...rest,
    labels: [...m.labels],
    ...(modelConfig ? { model: modelConfig } : {}),
    weightsSha256: await sha256Hex(bytes),
  };
  const full: tf.io.ModelArtifacts = { ...artifacts!, weightData: toArrayBuffer(bytes) };

  if (typeof target !== 'string') {
    await saveWith(target, { ...full, userDefinedMetadata: { ...metadata } });
  } else if (URL_SCHEME.test(target) && !target.startsWith('file://')) {
    const handlers = tf.io.getSaveHandlers(target);
    if (handlers.length === 0) {
      throw new InvalidArgumentError(
        'target',
        target,
        'a folder, indexeddb://, localstorage://, http(s):// or downloads:// URL, or an IOHandler',
        `${C}: target must be a folder, a tf.io URL (indexeddb://, localstorage://, http(s)://, downloads://) or an IOHandler (got ${JSON.stringify(target)}). In Node without tfjs-node, pass a folder path.`,
      );
    }
    await saveWith(handlers[0]!, { ...full, userDefinedMetadata: { ...metadata } });
  } else {
    if (!isNode()) {
      throw new InvalidArgumentError(
        'target',
        target,
        'a tf.io URL or IOHandler in the browser',
        `${C}: target must be an indexeddb://, http(s):// or downloads:// URL or an IOHandler in a browser (got the path ${JSON.stringify(target)}). Folders are for Node.`,
      );
    }
    await writeBundleDir(await fileUrlToPath(target), full, metadata);
  }
  return metadata;
}

async function saveWith(handler: tf.io.IOHandler, artifacts: tf.io.ModelArtifacts): Promise<void> {
  if (typeof handler.save !== 'function') {
    throw new InvalidArgumentError('target', handler, 'an IOHandler with save()', 'saveBundle: target must be an IOHandler with a save() method (got one without). Use tf.io.withSaveHandler() or a URL.');
  }
  await handler.save(artifacts);
}

/**
 * Load a bundle saved by {@link saveBundle}, verifying it first.
 *
 * @param source - a folder path or `file://` URL (Node), an `http(s)://` URL of model.json or of
 *   the bundle folder (ending in `/`), an `indexeddb://` / `localstorage://` URL, or an IOHandler.
 * @returns the model (uncompiled) and its metadata. `cnnLstmConfigOf(model)` returns
 *   `metadata.model` when present.
 * @throws {ModelFormatError} SER_MODEL_FORMAT naming the field (`model.json`, `weights.bin`,
 *   `metadata.json`, `format`, `formatVersion`, `labels`, `input`, `weights`, `weightsSha256`,
 *   `modelTopology`, `model`) when a part is missing, truncated, tampered or inconsistent.
 * @example
 * const { model, metadata } = await loadBundle('./models/ser-v1');
 * metadata.labels; // => ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad']
 */
export async function loadBundle(source: string | tf.io.IOHandler): Promise<ModelBundle> {
  ensureTfSetup();
  let artifacts: tf.io.ModelArtifacts;
  let rawMetadata: unknown;
  if (typeof source !== 'string') {
    artifacts = await loadWith(source, 'IOHandler');
    rawMetadata = artifacts.userDefinedMetadata;
  } else if (URL_SCHEME.test(source) && !source.startsWith('file://')) {
    const isHttp = /^https?:\/\//i.test(source);
    const url = isHttp && source.endsWith('/') ? `${source}${BUNDLE_FILES.model}` : source;
    const handlers = isHttp ? [tf.io.http(url)] : tf.io.getLoadHandlers(url);
    if (handlers.length === 0) {
      throw new InvalidArgumentError(
        'source',
        source,
        'a folder, http(s)://, indexeddb:// or localstorage:// URL, or an IOHandler',
        `loadBundle: source must be a folder, a tf.io URL (http(s)://, indexeddb://, localstorage://) or an IOHandler (got ${JSON.stringify(source)}).`,
      );
    }
    artifacts = await loadWith(handlers[0]!, source);
    rawMetadata = artifacts.userDefinedMetadata;
    if (rawMetadata == null && isHttp) rawMetadata = await fetchJson(new URL(BUNDLE_FILES.metadata, url).href);
  } else {
    if (!isNode()) {
      throw new InvalidArgumentError(
        'source',
        source,
        'a URL or IOHandler in the browser',
        `loadBundle: source must be an http(s)://, indexeddb:// URL or an IOHandler in a browser (got the path ${JSON.stringify(source)}). Folders are for Node.`,
      );
    }
    const files = await readBundleDir(await fileUrlToPath(source));
    artifacts = files.artifacts;
    rawMetadata = files.metadata;
  }

  const metadata = parseMetadata(rawMetadata);
  const bytes = weightBytes(artifacts.weightData);
  const specs = artifacts.weightSpecs ?? [];
  const expected = manifestByteLength(specs);
  if (expected !== undefined && bytes.byteLength !== expected) {
    throw new ModelFormatError(
      'weights',
      `loadBundle: weights must be ${expected} bytes as listed in the weightsManifest (got ${bytes.byteLength}). ${bytes.byteLength < expected ? 'The weights file is truncated' : 'The weights file has extra bytes'}: ${REMEDY}.`,
    );
  }
  if (metadata.weightsSha256 !== undefined) {
    const actual = await sha256Hex(bytes);
    if (actual !== metadata.weightsSha256) {
      throw new ModelFormatError(
        'weightsSha256',
        `loadBundle: weights must have SHA-256 ${metadata.weightsSha256} as recorded in metadata (got ${actual}). The weights were modified or corrupted: ${REMEDY}.`,
      );
    }
  }
  let modelConfig: CnnLstmConfig | undefined;
  if (metadata.model !== undefined) {
    try {
      modelConfig = resolveCnnLstmConfig(metadata.model);
    } catch (e) {
      throw new ModelFormatError('model', `loadBundle: metadata.model must be a valid CnnLstm config (${(e as Error).message}). ${REMEDY}.`, { cause: e });
    }
  }

  const model = await instantiate(artifacts, bytes);
  try {
    const shape = modelShape(model);
    if (metadata.labels.length !== shape.classes) {
      throw new ModelFormatError(
        'labels',
        `loadBundle: metadata.labels must have one entry per output unit, ${shape.classes} (got ${metadata.labels.length}). The metadata belongs to another model: ${REMEDY}.`,
      );
    }
    if (metadata.input.frames !== shape.frames || metadata.input.bins !== shape.bins) {
      throw new ModelFormatError(
        'input',
        `loadBundle: metadata.input must match the model input [${shape.frames}, ${shape.bins}] (got [${metadata.input.frames}, ${metadata.input.bins}]). The metadata belongs to another model: ${REMEDY}.`,
      );
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  if (modelConfig) setCnnLstmConfig(model, modelConfig);
  return { model, metadata };
}

const REMEDY = 'Re-download the bundle or save it again with saveBundle()';

/**
 * Build the model from its topology and assign the weights, owning every tensor on the way so
 * that a bundle tfjs rejects leaks nothing (tfjs' own loadLayersModel leaves its variables and
 * decoded weights behind when the weights do not fit). Layer construction uses the fast seeded
 * Orthogonal and runs in a tidy (tfjs-layers' unitForgetBias initializer leaks intermediates).
 */
async function instantiate(artifacts: tf.io.ModelArtifacts, bytes: Uint8Array): Promise<tfl.LayersModel> {
  const variablesBefore = new Set(Object.keys(tf.engine().state.registeredVariables));
  let model: tfl.LayersModel;
  try {
    let pending: Promise<tfl.LayersModel> | undefined;
    // modelFromJSON deserialises synchronously when given no weightsManifest.
    tf.tidy(() => {
      withSeededOrthogonal(() => {
        pending = tfl.models.modelFromJSON({ modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'] });
      });
    });
    model = await pending!;
  } catch (e) {
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) {
      if (!variablesBefore.has(name)) v.dispose();
    }
    throw new ModelFormatError(
      'modelTopology',
      `loadBundle: model.json must hold a valid tfjs layers topology (tfjs says: ${(e as Error).message}). ${REMEDY}.`,
      { cause: e },
    );
  }
  let named: tf.NamedTensorMap = {};
  try {
    named = tf.io.decodeWeights(toArrayBuffer(bytes), artifacts.weightSpecs ?? []);
    model.loadWeights(named, true);
  } catch (e) {
    model.dispose();
    throw new ModelFormatError(
      'modelTopology',
      `loadBundle: model.json's layers must match its weightsManifest (tfjs says: ${(e as Error).message}). ${REMEDY}.`,
      { cause: e },
    );
  } finally {
    tf.dispose(Object.values(named));
  }
  attachRecurrentRegularizers(model);
  return model;
}

async function loadWith(handler: tf.io.IOHandler, what: string): Promise<tf.io.ModelArtifacts> {
  if (typeof handler.load !== 'function') {
    throw new InvalidArgumentError('source', handler, 'an IOHandler with load()', 'loadBundle: source must be an IOHandler with a load() method (got one without). Use tf.io.fromMemory() or a URL.');
  }
  try {
    return await handler.load();
  } catch (e) {
    if (SerError.is(e)) throw e;
    throw new ModelFormatError('model.json', `loadBundle: ${what} must provide a tfjs model (loading failed: ${(e as Error).message}). ${REMEDY}.`, { cause: e });
  }
}

async function fetchJson(url: string): Promise<unknown> {
  let text: string;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (e) {
    throw new ModelFormatError(BUNDLE_FILES.metadata, `loadBundle: ${url} must be reachable (${(e as Error).message}). ${REMEDY}.`, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(BUNDLE_FILES.metadata, `loadBundle: ${url} must be valid JSON (${(e as Error).message}). ${REMEDY}.`, { cause: e });
  }
}

/** Validate the metadata object field by field. */
function parseMetadata(raw: unknown): BundleMetadata {
  const fail = (field: string, expectation: string, got: unknown): never => {
    throw new ModelFormatError(
      field,
      `loadBundle: metadata.${field} must be ${expectation} (got ${describe(got)}). ${field === 'formatVersion' ? 'Upgrade emotion-recog to read newer bundles, or re-save the bundle' : REMEDY}.`,
    );
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ModelFormatError(BUNDLE_FILES.metadata, `loadBundle: metadata must be a JSON object (got ${describe(raw)}). ${REMEDY}.`);
  }
  const m = raw as Record<string, unknown>;
  if (m['format'] !== BUNDLE_FORMAT) fail('format', `'${BUNDLE_FORMAT}'`, m['format']);
  if (m['formatVersion'] !== BUNDLE_FORMAT_VERSION) fail('formatVersion', String(BUNDLE_FORMAT_VERSION), m['formatVersion']);
  if (typeof m['libraryVersion'] !== 'string') fail('libraryVersion', 'a string', m['libraryVersion']);
  const labels = m['labels'];
  if (!Array.isArray(labels) || labels.length === 0 || labels.some((l) => typeof l !== 'string')) fail('labels', 'a non-empty array of strings', labels);
  for (const key of ['audio', 'features'] as const) if (!isObject(m[key])) fail(key, 'an object', m[key]);
  const frontEnd = (m['features'] as Record<string, unknown>)['frontEnd'];
  if (frontEnd !== undefined) {
    try {
      resolveFrontEndSpec(frontEnd as FrontEndSpec);
    } catch (e) {
      throw new ModelFormatError('features.frontEnd', `loadBundle: metadata.features.frontEnd must be { use, info } as a front end declares it (${(e as Error).message}). ${REMEDY}.`, { cause: e });
    }
  }
  for (const key of ['scaler', 'training'] as const) if (m[key] !== undefined && !isObject(m[key])) fail(key, 'an object when present', m[key]);
  if (m['model'] !== undefined && !isObject(m['model'])) fail('model', 'an object when present', m['model']);
  const input = m['input'] as Record<string, unknown> | undefined;
  if (!isObject(input) || !isPosInt(input['frames']) || !isPosInt(input['bins'])) fail('input', '{ frames, bins } with positive integers', input);
  if (m['statsHead'] !== undefined) {
    const features = m['features'] as Record<string, unknown>;
    const sampleRate = typeof features['sampleRate'] === 'number' ? features['sampleRate'] : FEATURE_PIPELINE_DEFAULTS.sampleRate;
    StatsHead.fromJSON(m['statsHead'], { classes: (labels as string[]).length, sampleRate });
  }
  const cal = m['calibration'] as Record<string, unknown> | undefined;
  if (cal !== undefined && (!isObject(cal) || cal['method'] !== 'temperature' || typeof cal['temperature'] !== 'number' || !(cal['temperature'] >= 0.01 && cal['temperature'] <= 100)))
    fail('calibration', "{ method: 'temperature', temperature in [0.01, 100] } when present", cal);
  const sha = m['weightsSha256'];
  if (sha !== undefined && (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha))) fail('weightsSha256', '64 lower-case hex digits when present', sha);
  return m as unknown as BundleMetadata;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Input frames/bins and output units of a `[batch, frames, bins] → [batch, classes]` model. */
function modelShape(model: tfl.LayersModel): { frames: number | null; bins: number | null; classes: number | null } {
  const inShape = model.inputs[0]?.shape ?? [];
  const outShape = model.outputs[0]?.shape ?? [];
  return {
    frames: inShape.length === 3 ? (inShape[1] ?? null) : null,
    bins: inShape.length === 3 ? (inShape[2] ?? null) : null,
    classes: outShape[outShape.length - 1] ?? null,
  };
}

async function fileUrlToPath(p: string): Promise<string> {
  if (!p.startsWith('file://')) return p;
  const { fileURLToPath } = await nodeBuiltin<typeof import('node:url')>('url');
  return fileURLToPath(p);
}
