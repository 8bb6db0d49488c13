/**
 * Google's speech_embedding (Lin et al. 2020, "Training keyword spotters with limited and
 * synthesized speech data", arXiv 2002.01322; TF Hub google/speech_embedding/1) as one FrontEnd,
 * from the two ONNX files openWakeWord publishes (`melspectrogram.onnx`, `embedding_model.onnx`):
 *
 * 1. melspectrogram.onnx: audio at 16 kHz in 16-bit PCM units, `[1, samples]` → log-mel
 *    `[1, 1, T, 32]`: a 512-tap STFT (Conv, stride 160 = 10 ms, no padding, so
 *    `T = 1 + floor((samples − 512) / 160)`), power, 32 mel bands, `10·log10(max(P, 1e-10))`,
 *    then clipped below at (global maximum − 80 dB) — the clip makes every frame depend on the
 *    loudest frame of the signal, so the whole signal goes through this model in one call.
 * 2. The output is mapped by `x / 10 + 2` — the transform openWakeWord applies to this model
 *    before the embedding model ("makes the ONNX melspectrogram model closer to the native
 *    Tensorflow implementation from Google", openwakeword/utils.py `_get_melspectrogram`).
 * 3. embedding_model.onnx: `[batch, 76, 32, 1]` (76 mel frames) → `[batch, 1, 1, 96]`, applied to
 *    windows of 76 frames every 8 frames (80 ms), as openWakeWord's `_get_embeddings`.
 *
 * Embedding `i` therefore sees samples `[1280·i, 1280·i + 12512)`: windowSamples 12 512
 * (75 hops of 160 + the 512-sample STFT window, 0.782 s) and hopSamples 1280 (80 ms).
 * Input samples in [−1, 1] are multiplied by 32768 (16-bit PCM units, what the model was fed).
 */
import { InvalidArgumentError, ModelFormatError, ShapeMismatchError } from '../errors.js';
import { assertPositiveInt } from '../internal/validate.js';
import { frontEndFrames, type Embeddings, type FrontEnd, type FrontEndInfo } from '../features/front-end.js';
import { checkSamples, createOnnxSession, padTo, pickName, runOnce } from './onnx-front-end.js';
import { loadOnnxRuntime, type OnnxRuntimeOptions, type OrtSessionLike } from './onnx-runtime.js';
import { joinSource, readModelSource, type ModelSource } from './onnx-source.js';

/** The model's fixed geometry (16 kHz). */
export const SPEECH_EMBEDDING = Object.freeze({
  sampleRate: 16000,
  /** STFT window of the mel model (its Conv kernel), samples. */
  melWindowSamples: 512,
  /** Mel frame hop, samples (10 ms). */
  melHopSamples: 160,
  melBins: 32,
  /** Mel frames per embedding window. */
  windowFrames: 76,
  /** Mel frames between embeddings (80 ms). */
  hopFrames: 8,
  dim: 96,
  /** Samples one embedding sees: 75 · 160 + 512. */
  windowSamples: 75 * 160 + 512,
  /** Samples between embeddings: 8 · 160. */
  hopSamples: 8 * 160,
  /** Scale from [−1, 1] floats to the 16-bit PCM units the model expects. */
  inputScale: 32768,
});

/** The two files with the SHA-256 of Google's released ONNX conversions (as in openWakeWord v0.5.1). */
export const SPEECH_EMBEDDING_FILES = Object.freeze({
  melspectrogram: Object.freeze({ name: 'melspectrogram.onnx', sha256: 'ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f' }),
  embedding: Object.freeze({ name: 'embedding_model.onnx', sha256: '70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f' }),
});

/** Where the two files are: a folder (path or URL) holding both under their names, or each one. */
export type SpeechEmbeddingSource = string | URL | { readonly melspectrogram: ModelSource; readonly embedding: ModelSource };

/** Options of {@link loadSpeechEmbedding}. */
export interface SpeechEmbeddingOptions extends OnnxRuntimeOptions {
  /**
   * Refuse files other than the released ones (FrontEndMismatchError, also for a missing file).
   * Default true; set false for a re-export with the same graph but other bytes.
   */
  readonly verify?: boolean;
  /** Embedding windows per embedding-model call (bounds memory on long inputs). Default 32. */
  readonly batchSize?: number;
}

/** Log-mel frames as the embedding model sees them (after `x / 10 + 2`), row-major `frames × 32`. */
export interface SpeechEmbeddingMel {
  readonly frames: number;
  readonly bins: number;
  readonly data: Float32Array;
}

/** The speech_embedding front end, with its first stage exposed for inspection and tests. */
export interface SpeechEmbeddingFrontEnd extends FrontEnd {
  /** The scaled log-mel of `samples` (zero-padded to one embedding window when shorter). */
  melspectrogram(samples: Float32Array): Promise<SpeechEmbeddingMel>;
}

const C = 'loadSpeechEmbedding';

/**
 * Load Google's speech_embedding from its two ONNX files as a FrontEnd (16 kHz in, one 96-d
 * embedding every 80 ms out). `source` is the folder holding `melspectrogram.onnx` and
 * `embedding_model.onnx` (a path in Node, a URL in browsers) or each file's source.
 */
export async function loadSpeechEmbedding(source: SpeechEmbeddingSource, options: SpeechEmbeddingOptions = {}): Promise<SpeechEmbeddingFrontEnd> {
  const batchSize = options.batchSize ?? 32;
  assertPositiveInt(C, 'batchSize', batchSize);
  const F = SPEECH_EMBEDDING_FILES;
  let melSource: ModelSource;
  let embSource: ModelSource;
  if (typeof source === 'string' || source instanceof URL) {
    melSource = joinSource(source, F.melspectrogram.name);
    embSource = joinSource(source, F.embedding.name);
  } else if (source !== null && typeof source === 'object' && 'melspectrogram' in source && 'embedding' in source) {
    melSource = source.melspectrogram;
    embSource = source.embedding;
  } else {
    throw new InvalidArgumentError('source', source, 'a folder path/URL or { melspectrogram, embedding }', `${C}: source must be the folder holding ${F.melspectrogram.name} and ${F.embedding.name}, or { melspectrogram, embedding } sources.`);
  }
  const verify = options.verify ?? true;
  const [melFile, embFile] = await Promise.all([
    readModelSource(melSource, { name: F.melspectrogram.name, expectedSha256: verify ? F.melspectrogram.sha256 : undefined, what: C }),
    readModelSource(embSource, { name: F.embedding.name, expectedSha256: verify ? F.embedding.sha256 : undefined, what: C }),
  ]);
  const ort = await loadOnnxRuntime(options);
  const melSession = await createOnnxSession(ort, melFile.bytes, melFile.name, options);
  let embSession: OrtSessionLike;
  try {
    embSession = await createOnnxSession(ort, embFile.bytes, embFile.name, options);
  } catch (e) {
    await melSession.release();
    throw e;
  }
  const sessions = [melSession, embSession];
  let names: { melIn: string; melOut: string; embIn: string; embOut: string };
  try {
    names = {
      melIn: pickName(melSession.inputNames, undefined, 'input', melFile.name),
      melOut: pickName(melSession.outputNames, undefined, 'output', melFile.name),
      embIn: pickName(embSession.inputNames, undefined, 'input', embFile.name),
      embOut: pickName(embSession.outputNames, undefined, 'output', embFile.name),
    };
  } catch (e) {
    await Promise.all(sessions.map((s) => s.release()));
    throw e;
  }
  const S = SPEECH_EMBEDDING;
  const info: FrontEndInfo = Object.freeze({
    name: 'speech-embedding',
    runtime: 'onnx',
    sampleRate: S.sampleRate,
    windowSamples: S.windowSamples,
    hopSamples: S.hopSamples,
    dim: S.dim,
    inputNormalization: 'none',
    files: Object.freeze([
      Object.freeze({ name: F.melspectrogram.name, sha256: melFile.sha256 }),
      Object.freeze({ name: F.embedding.name, sha256: embFile.sha256 }),
    ]),
  });

  let disposed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    // Checked at call time: a call made before dispose() still runs (dispose waits for it).
    if (disposed) return Promise.reject(new InvalidArgumentError('this', 'disposed', 'a live front end', `${info.name}: used after dispose(). Load the front end again.`));
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  };

  const mel = async (samples: Float32Array): Promise<SpeechEmbeddingMel> => {
    checkSamples(info.name, samples);
    const x = padTo(samples, S.windowSamples);
    const scaled = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) scaled[i] = x[i]! * S.inputScale;
    const out = await runOnce(ort, melSession, names.melIn, names.melOut, scaled, [1, x.length], melFile.name);
    const frames = 1 + Math.floor((x.length - S.melWindowSamples) / S.melHopSamples);
    if (out.data.length !== frames * S.melBins || out.dims[out.dims.length - 1] !== S.melBins) {
      throw new ModelFormatError(melFile.name, `${melFile.name}: for ${x.length} samples it returned [${out.dims.join(', ')}], expected ${frames} frames × ${S.melBins} bins. This is not the speech_embedding melspectrogram model.`);
    }
    const data = out.data;
    for (let i = 0; i < data.length; i++) data[i] = data[i]! / 10 + 2;
    return { frames, bins: S.melBins, data };
  };

  const embed = async (samples: Float32Array): Promise<Embeddings> => {
    const m = await mel(samples);
    const frames = frontEndFrames(info, Math.max(samples.length, S.windowSamples));
    // Guard the geometry: the mel frame count must hold exactly `frames` windows.
    if (1 + Math.floor((m.frames - S.windowFrames) / S.hopFrames) !== frames) {
      throw new ShapeMismatchError([frames], [m.frames], `${info.name}: ${m.frames} mel frames do not give ${frames} embeddings (internal geometry error).`);
    }
    const winValues = S.windowFrames * S.melBins;
    const data = new Float32Array(frames * S.dim);
    for (let f0 = 0; f0 < frames; f0 += batchSize) {
      const n = Math.min(batchSize, frames - f0);
      const batch = new Float32Array(n * winValues);
      for (let b = 0; b < n; b++) {
        const start = (f0 + b) * S.hopFrames * S.melBins;
        batch.set(m.data.subarray(start, start + winValues), b * winValues);
      }
      const out = await runOnce(ort, embSession, names.embIn, names.embOut, batch, [n, S.windowFrames, S.melBins, 1], embFile.name);
      if (out.data.length !== n * S.dim) {
        throw new ModelFormatError(embFile.name, `${embFile.name}: for ${n} windows it returned [${out.dims.join(', ')}], expected ${n} × ${S.dim} values. This is not the speech_embedding embedding model.`);
      }
      data.set(out.data, f0 * S.dim);
    }
    return { frames, dim: S.dim, data };
  };

  return {
    info,
    embed: (samples) => serial(() => embed(samples)),
    melspectrogram: (samples) => serial(() => mel(samples)),
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await queue;
      await Promise.all(sessions.map((s) => s.release()));
    },
  };
}
