/**
 * A FrontEnd over one ONNX model run by onnxruntime (onnxruntime-node in Node, onnxruntime-web in
 * browsers; see onnx-runtime.ts). Two input layouts cover the common exports:
 *
 * - `mode: 'sequence'` (default; wav2vec 2.0, HuBERT, WavLM exported from Hugging Face): input
 *   float32 `[1, samples]` (the whole signal), output float32 `[1, frames, dim]` (or
 *   `[frames, dim]`). For wav2vec 2.0-style models: `windowSamples: 400`, `hopSamples: 320`,
 *   `sampleRate: 16000`, `inputNormalization: 'per-utterance'` (the feature extractor's
 *   `do_normalize`), `dim` = the hidden size (768 base, 1024 large). The declared window/hop
 *   must give the model's frame count (`frontEndFrames`); a model that disagrees is refused
 *   on the first call with a ShapeMismatchError naming both counts.
 * - `mode: 'window'` (per-window models such as YAMNet-style classifiers): input float32
 *   `[batch, windowSamples]`, output `[batch, dim]` (any shape holding batch × dim values). The
 *   adapter cuts windows every `hopSamples` and runs `batchSize` of them per call.
 *
 * The input/output tensor names default to the model's first input and first output.
 */
import { InvalidArgumentError, ModelFormatError, ShapeMismatchError } from '../errors.js';
import { assertPositiveInt } from '../internal/validate.js';
import { frontEndFrames, type Embeddings, type FrontEnd, type FrontEndInfo } from '../features/front-end.js';
import { loadOnnxRuntime, type OnnxRuntimeOptions, type OrtModule, type OrtSessionLike, type OrtTensorLike } from './onnx-runtime.js';
import { normaliseUtterance } from './normalise.js';
import { readModelSource, type ModelSource } from './onnx-source.js';

/** Options of {@link loadOnnxFrontEnd}; the first six become the front end's `info`. */
export interface OnnxFrontEndOptions extends OnnxRuntimeOptions {
  /** Stable name of the front end (e.g. 'wav2vec2-base'). */
  readonly name: string;
  /** Input sample rate in Hz (mono). */
  readonly sampleRate: number;
  /** Samples one output frame sees (wav2vec 2.0: 400 at 16 kHz). */
  readonly windowSamples: number;
  /** Samples between output frames (wav2vec 2.0: 320 at 16 kHz). */
  readonly hopSamples: number;
  /** Embedding size per frame. */
  readonly dim: number;
  /**
   * What the adapter does to the signal first: 'per-utterance' (zero mean, unit variance over the
   * whole signal, variance floor 1e-7, as Hugging Face's Wav2Vec2FeatureExtractor), 'per-frame'
   * (each window, 'window' mode only), 'none'. Default 'none'.
   */
  readonly inputNormalization?: FrontEndInfo['inputNormalization'];
  /** Input layout (see the module comment). Default 'sequence'. */
  readonly mode?: 'sequence' | 'window';
  /** Name of the audio input. Default: the model's first input. */
  readonly inputName?: string;
  /** Name of the embedding output. Default: the model's first output. */
  readonly outputName?: string;
  /** File name recorded in `info.files`. Default: the last segment of the path/URL, or 'model.onnx' for bytes. */
  readonly fileName?: string;
  /** Expected SHA-256 (hex) of the model file; another file, or none, is a FrontEndMismatchError. Default: not checked. */
  readonly sha256?: string;
  /** 'window' mode: windows per onnxruntime call (bounds memory on long inputs). Default 32. */
  readonly batchSize?: number;
}

const C = 'loadOnnxFrontEnd';

/** Create a session, turning onnxruntime's parse errors into ModelFormatError. */
export async function createOnnxSession(ort: OrtModule, bytes: Uint8Array, fileName: string, options: OnnxRuntimeOptions = {}): Promise<OrtSessionLike> {
  try {
    return await ort.InferenceSession.create(bytes, options.sessionOptions);
  } catch (e) {
    throw new ModelFormatError(fileName, `${fileName} could not be loaded as an ONNX model (${(e as Error).message}). Check that it is an ONNX file (not a TFLite/TF.js model) and that the runtime supports its opset.`, { cause: e });
  }
}

/** Resolve an input/output name: the requested one (must exist) or the first. */
export function pickName(names: readonly string[], wanted: string | undefined, kind: 'input' | 'output', fileName: string): string {
  if (wanted === undefined) {
    if (names.length === 0) throw new ModelFormatError(fileName, `${fileName} has no ${kind}s.`);
    return names[0]!;
  }
  if (!names.includes(wanted)) {
    throw new InvalidArgumentError(`${kind}Name`, wanted, `one of ${names.join(', ')}`, `${C}: ${fileName} has no ${kind} named '${wanted}' (its ${kind}s: ${names.join(', ')}).`);
  }
  return wanted;
}

/** Copy an output tensor's data as Float32Array and free the tensor; a non-float32 output is refused. */
export function takeFloat32(t: OrtTensorLike, fileName: string): Float32Array {
  try {
    if (!(t.data instanceof Float32Array)) {
      throw new ModelFormatError(fileName, `${fileName}: output must be float32 (got ${t.type}). Export the model with float32 outputs.`);
    }
    return new Float32Array(t.data);
  } finally {
    t.dispose?.();
  }
}

/** Run `session` on one float32 input, returning the named output; every tensor is freed. */
export async function runOnce(ort: OrtModule, session: OrtSessionLike, input: string, output: string, data: Float32Array, dims: readonly number[], fileName: string): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const x = new ort.Tensor('float32', data, dims);
  let outs: Record<string, OrtTensorLike>;
  try {
    outs = await session.run({ [input]: x });
  } catch (e) {
    const declared = session.inputMetadata?.find((m) => m.name === input)?.shape?.map((v) => (typeof v === 'number' && v >= 0 ? v : null)) ?? [];
    throw new ShapeMismatchError(declared, [...dims], `${fileName}: onnxruntime refused input [${dims.join(', ')}] (${(e as Error).message}). Check the front end's mode, window and input name.`);
  } finally {
    x.dispose?.();
  }
  let result: { data: Float32Array; dims: readonly number[] } | undefined;
  for (const [k, t] of Object.entries(outs)) {
    if (k === output) result = { dims: [...t.dims], data: takeFloat32(t, fileName) };
    else t.dispose?.();
  }
  if (!result) throw new ModelFormatError(fileName, `${fileName}: the run returned no output '${output}'.`);
  return result;
}

/** Throw unless `samples` is a Float32Array of finite values. */
export function checkSamples(component: string, samples: unknown): asserts samples is Float32Array {
  if (!(samples instanceof Float32Array)) {
    throw new InvalidArgumentError('samples', samples, 'Float32Array', `${component}: samples must be a Float32Array of mono audio (got ${Object.prototype.toString.call(samples)}).`);
  }
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]!)) {
      throw new InvalidArgumentError('samples', samples[i], 'finite numbers', `${component}: samples[${i}] is ${samples[i]}; audio must hold finite numbers. Decode or clean the audio first.`);
    }
  }
}

/** `samples` zero-padded to at least `n` samples (a copy only when padding). */
export function padTo(samples: Float32Array, n: number): Float32Array {
  if (samples.length >= n) return samples;
  const out = new Float32Array(n);
  out.set(samples);
  return out;
}

function checkInfo(o: OnnxFrontEndOptions): void {
  if (typeof o.name !== 'string' || o.name === '') throw new InvalidArgumentError('name', o.name, 'a non-empty string', `${C}: name must be a non-empty string (got ${String(o.name)}).`);
  assertPositiveInt(C, 'sampleRate', o.sampleRate);
  assertPositiveInt(C, 'windowSamples', o.windowSamples);
  assertPositiveInt(C, 'hopSamples', o.hopSamples);
  assertPositiveInt(C, 'dim', o.dim);
  if (o.batchSize !== undefined) assertPositiveInt(C, 'batchSize', o.batchSize);
  const norm = o.inputNormalization ?? 'none';
  if (!['none', 'per-frame', 'per-utterance'].includes(norm)) {
    throw new InvalidArgumentError('inputNormalization', norm, "'none' | 'per-frame' | 'per-utterance'", `${C}: inputNormalization must be 'none', 'per-frame' or 'per-utterance' (got ${String(norm)}).`);
  }
  const mode = o.mode ?? 'sequence';
  if (mode !== 'sequence' && mode !== 'window') {
    throw new InvalidArgumentError('mode', mode, "'sequence' | 'window'", `${C}: mode must be 'sequence' or 'window' (got ${String(mode)}).`);
  }
  if (mode === 'sequence' && norm === 'per-frame') {
    throw new InvalidArgumentError('inputNormalization', norm, "'none' | 'per-utterance' in sequence mode", `${C}: 'per-frame' normalisation needs mode 'window' (a sequence model sees the whole signal at once).`);
  }
}

/**
 * Load one ONNX model as a FrontEnd. `source` is a file path (Node), a URL, or the file's bytes.
 * Throws MissingDependencyError when no ONNX runtime is installed, FrontEndMismatchError when
 * `options.sha256` is given and the file is missing or differs, ModelFormatError when the bytes
 * are not an ONNX model.
 */
export async function loadOnnxFrontEnd(source: ModelSource, options: OnnxFrontEndOptions): Promise<FrontEnd> {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', options, 'an options object', `${C}: options (name, sampleRate, windowSamples, hopSamples, dim) are required.`);
  checkInfo(options);
  const file = await readModelSource(source, { name: options.fileName, expectedSha256: options.sha256, what: C });
  const ort = await loadOnnxRuntime(options);
  const session = await createOnnxSession(ort, file.bytes, file.name, options);
  let input: string;
  let output: string;
  try {
    input = pickName(session.inputNames, options.inputName, 'input', file.name);
    output = pickName(session.outputNames, options.outputName, 'output', file.name);
  } catch (e) {
    await session.release();
    throw e;
  }
  const mode = options.mode ?? 'sequence';
  const info: FrontEndInfo = Object.freeze({
    name: options.name,
    runtime: 'onnx',
    sampleRate: options.sampleRate,
    windowSamples: options.windowSamples,
    hopSamples: options.hopSamples,
    dim: options.dim,
    inputNormalization: options.inputNormalization ?? 'none',
    files: Object.freeze([Object.freeze({ name: file.name, sha256: file.sha256 })]),
  });
  const batchSize = options.batchSize ?? 32;
  let disposed = false;
  // onnxruntime sessions are not re-entrant on every backend: calls run one after another.
  let queue: Promise<unknown> = Promise.resolve();

  const embedSequence = async (x: Float32Array): Promise<Embeddings> => {
    const frames = frontEndFrames(info, x.length);
    const out = await runOnce(ort, session, input, output, x, [1, x.length], file.name);
    const d = out.dims;
    const lead = d.slice(0, -2).reduce((a, b) => a * b, 1);
    if (d.length < 2 || lead !== 1 || d[d.length - 1] !== info.dim || d[d.length - 2] !== frames) {
      throw new ShapeMismatchError([1, frames, info.dim], [...d], `${info.name}: for ${x.length} samples the model returned [${d.join(', ')}], but windowSamples ${info.windowSamples}, hopSamples ${info.hopSamples} and dim ${info.dim} give [1, ${frames}, ${info.dim}]. Declare the model's true receptive field, hop and size.`);
    }
    return { frames, dim: info.dim, data: out.data };
  };

  const embedWindows = async (x: Float32Array): Promise<Embeddings> => {
    const frames = frontEndFrames(info, x.length);
    const { windowSamples: w, hopSamples: h, dim } = info;
    const data = new Float32Array(frames * dim);
    for (let f0 = 0; f0 < frames; f0 += batchSize) {
      const n = Math.min(batchSize, frames - f0);
      const batch = new Float32Array(n * w);
      for (let b = 0; b < n; b++) {
        const win = x.subarray((f0 + b) * h, (f0 + b) * h + w);
        batch.set(info.inputNormalization === 'per-frame' ? normaliseUtterance(win) : win, b * w);
      }
      const out = await runOnce(ort, session, input, output, batch, [n, w], file.name);
      if (out.data.length !== n * dim || out.dims[0] !== n) {
        throw new ShapeMismatchError([n, dim], [...out.dims], `${info.name}: for ${n} windows the model returned [${out.dims.join(', ')}], expected ${n} × ${dim} values. Check dim and mode.`);
      }
      data.set(out.data, f0 * dim);
    }
    return { frames, dim, data };
  };

  return {
    info,
    embed(samples: Float32Array): Promise<Embeddings> {
      // Checked at call time: a call made before dispose() still runs (dispose waits for it).
      if (disposed) return Promise.reject(new InvalidArgumentError('this', 'disposed', 'a live front end', `${info.name}: embed() called after dispose(). Load the front end again.`));
      const run = async () => {
        checkSamples(info.name, samples);
        const normed = info.inputNormalization === 'per-utterance' ? normaliseUtterance(samples) : samples;
        const x = padTo(normed, info.windowSamples);
        return mode === 'sequence' ? embedSequence(x) : embedWindows(x);
      };
      const p = queue.then(run, run);
      queue = p.catch(() => undefined);
      return p;
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await queue;
      await session.release();
    },
  };
}
