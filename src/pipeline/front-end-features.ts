/**
 * Pretrained front ends in the feature pipeline: how a front end is used (its frame embeddings
 * beside the log-mel/MFCC frames, or in place of them), how its declared info is checked, and
 * how its frames are put on the pipeline's frame grid. Pure TypeScript (layer 3): the front end
 * itself is any {@link FrontEnd} (tfjs or onnxruntime adapters live in front-ends/).
 */
import { FrontEndMismatchError, InvalidArgumentError } from '../errors.js';
import type { Embeddings, FrontEndInfo } from '../features/front-end.js';
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';
import type { FeatureMatrix } from '../types.js';

/**
 * How the pipeline uses a front end's embeddings:
 * - 'concat': beside the log-mel/MFCC (+ deltas) frames, as `dim` extra channels per frame;
 * - 'replace': in place of them (the model's frames are the embeddings alone);
 * - 'stats': pooled into the utterance-statistics head only (mean and standard deviation over
 *   the window's speech appended to its vector); the model's frames stay log-mel/MFCC. Needs a
 *   statistics head.
 * For 'concat' and 'replace' the embeddings are put on the pipeline's frame grid (its STFT hop),
 * linearly interpolated in time, so window length, cropping, segments and live windows are unchanged.
 */
export type FrontEndUse = 'concat' | 'replace' | 'stats';

/** A front end as a feature-pipeline setting (serialised in model bundles). */
export interface FrontEndSpec {
  readonly use: FrontEndUse;
  /** What the front end declared when the model was trained (name, runtime, rates, shape, files with SHA-256). */
  readonly info: FrontEndInfo;
}

const C = 'FeaturePipeline';
const RUNTIMES = ['tfjs-layers', 'tfjs-graph', 'onnx', 'tflite'] as const;
const NORMALIZATIONS = ['none', 'per-frame', 'per-utterance'] as const;
const FILE_NAME = /^[A-Za-z0-9_.-][A-Za-z0-9_. -]*$/;

/** Validate and freeze a front-end spec (its info as a plain copy, so JSON round trips are equal). */
export function resolveFrontEndSpec(spec: FrontEndSpec): FrontEndSpec {
  if (typeof spec !== 'object' || spec === null || typeof spec.info !== 'object' || spec.info === null)
    throw new InvalidArgumentError('frontEnd', spec, '{ use, info }', `${C}: frontEnd must be { use: 'concat' | 'replace' | 'stats', info: FrontEndInfo } (got ${JSON.stringify(spec)}). Pass a loaded front end's info.`);
  assertOneOf(C, 'frontEnd.use', spec.use, ['concat', 'replace', 'stats'] as const);
  const i = spec.info;
  if (typeof i.name !== 'string' || i.name.length === 0)
    throw new InvalidArgumentError('frontEnd.info.name', i.name, 'a non-empty string', `${C}: frontEnd.info.name must be a non-empty string (got ${JSON.stringify(i.name)}).`);
  assertOneOf(C, 'frontEnd.info.runtime', i.runtime, RUNTIMES);
  assertPositiveInt(C, 'frontEnd.info.sampleRate', i.sampleRate, 1000);
  assertPositiveInt(C, 'frontEnd.info.windowSamples', i.windowSamples, 1);
  assertPositiveInt(C, 'frontEnd.info.hopSamples', i.hopSamples, 1);
  assertPositiveInt(C, 'frontEnd.info.dim', i.dim, 1);
  assertOneOf(C, 'frontEnd.info.inputNormalization', i.inputNormalization, NORMALIZATIONS);
  if (!Array.isArray(i.files))
    throw new InvalidArgumentError('frontEnd.info.files', i.files, 'an array of { name, sha256 }', `${C}: frontEnd.info.files must list the weight files with their SHA-256 (got ${JSON.stringify(i.files)}).`);
  for (const f of i.files) {
    if (!f || typeof f.name !== 'string' || !FILE_NAME.test(f.name) || f.name === '.' || f.name === '..' || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256))
      throw new InvalidArgumentError('frontEnd.info.files', f, '{ name: a plain file name, sha256: 64 lower-case hex digits }', `${C}: every frontEnd.info.files entry must be { name: a plain file name, sha256: 64 lower-case hex digits } (got ${JSON.stringify(f)}).`);
  }
  const info: FrontEndInfo = Object.freeze({
    name: i.name,
    runtime: i.runtime,
    sampleRate: i.sampleRate,
    windowSamples: i.windowSamples,
    hopSamples: i.hopSamples,
    dim: i.dim,
    inputNormalization: i.inputNormalization,
    files: Object.freeze(i.files.map((f) => Object.freeze({ name: f.name, sha256: f.sha256 }))),
  });
  return Object.freeze({ use: spec.use, info });
}

/**
 * Check that a front end's declared info is the one a model was trained with: the same files
 * (names and SHA-256) first, then the same rate, window, hop, dimension and normalisation.
 * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH naming the first difference (`file` is
 *   the file name, or `info.<field>` for a declared setting).
 */
export function checkFrontEndInfo(expected: FrontEndInfo, actual: FrontEndInfo, where = C): void {
  const remedy = `Use the front end the model was trained with (${expected.name}: ${expected.files.map((f) => f.name).join(', ') || 'no files'}), or train a new model on this one.`;
  const got = new Map(actual.files.map((f) => [f.name, f.sha256]));
  for (const f of expected.files) {
    const a = got.get(f.name);
    if (a === undefined) throw new FrontEndMismatchError(f.name, f.sha256, null, `${where}: the front end '${actual.name}' has no file ${f.name} (the model expects SHA-256 ${f.sha256}). ${remedy}`);
    if (a !== f.sha256) throw new FrontEndMismatchError(f.name, f.sha256, a, `${where}: front-end file ${f.name} has SHA-256 ${a}, but the model was trained with SHA-256 ${f.sha256}. ${remedy}`);
  }
  for (const field of ['sampleRate', 'windowSamples', 'hopSamples', 'dim', 'inputNormalization', 'runtime'] as const) {
    if (expected[field] !== actual[field])
      throw new FrontEndMismatchError(`info.${field}`, String(expected[field]), String(actual[field]), `${where}: the front end declares ${field} ${String(actual[field])}, but the model was trained with ${String(expected[field])}. ${remedy}`);
  }
}

/** Check an `embed` result against the declared info (a buggy adapter must not yield silently wrong features). */
export function checkEmbeddings(info: FrontEndInfo, e: Embeddings, inputLength: number): void {
  const ok = e && Number.isInteger(e.frames) && e.frames >= 1 && e.dim === info.dim && e.data instanceof Float32Array && e.data.length === e.frames * e.dim;
  if (!ok)
    throw new InvalidArgumentError(
      'embeddings',
      e && { frames: e.frames, dim: e.dim, length: e.data?.length },
      `frames ≥ 1 × dim ${info.dim}`,
      `${C}: front end '${info.name}' returned embeddings of ${String(e?.frames)} frames × ${String(e?.dim)} (${String(e?.data?.length)} values) for ${inputLength} samples; expected frames ≥ 1 × dim ${info.dim} as declared. Fix the adapter's embed() or its declared dim.`,
    );
  for (let i = 0; i < e.data.length; i++)
    if (!Number.isFinite(e.data[i]!))
      throw new InvalidArgumentError('embeddings', e.data[i], 'finite values', `${C}: front end '${info.name}' returned a non-finite embedding value (${e.data[i]}) at frame ${Math.floor(i / e.dim)}. Check the adapter and its input normalisation.`);
}

/** The pipeline's frame grid and where the speech sits in the window. */
export interface FrameGrid {
  /** Frames of the model input. */
  readonly frames: number;
  /** Pipeline hop, samples at `sampleRate`; frame `t` is centred on window sample `t · hop`. */
  readonly hop: number;
  readonly sampleRate: number;
  /** `[start, end)` window samples that hold speech (the signal given to the front end). */
  readonly span: readonly [number, number];
}

/**
 * Front-end frames on the pipeline's grid: pipeline frame `t` (centred on window sample
 * `t·hop`) takes the embedding at that instant, linearly interpolated between the two nearest
 * embedding frames (frame `i` is centred on speech sample `i·hopSamples + windowSamples/2` at the
 * front end's rate; before the first and after the last centre the edge frame is held). Frames
 * outside the speech span (the window's zero padding) are zeros.
 */
export function alignEmbeddings(e: Embeddings, info: Pick<FrontEndInfo, 'sampleRate' | 'windowSamples' | 'hopSamples'>, grid: FrameGrid): FeatureMatrix {
  const { frames, hop, sampleRate, span } = grid;
  const dim = e.dim;
  const out = new Float32Array(frames * dim);
  const ratio = info.sampleRate / sampleRate;
  for (let t = 0; t < frames; t++) {
    const s = t * hop; // window sample at the frame centre
    if (s < span[0] || s >= span[1]) continue;
    const u = Math.min(e.frames - 1, Math.max(0, ((s - span[0]) * ratio - info.windowSamples / 2) / info.hopSamples));
    const i0 = Math.floor(u);
    const i1 = Math.min(e.frames - 1, i0 + 1);
    const w = u - i0;
    const o = t * dim;
    const a = i0 * dim;
    const b = i1 * dim;
    if (w === 0) out.set(e.data.subarray(a, a + dim), o);
    else for (let k = 0; k < dim; k++) out[o + k] = (1 - w) * e.data[a + k]! + w * e.data[b + k]!;
  }
  return { data: out, frames, bins: dim };
}
