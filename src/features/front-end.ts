/**
 * The front-end contract: anything that turns mono audio at its own rate into frame embeddings
 * (a pretrained network such as CREPE, Google's speech_embedding, wav2vec 2.0 / WavLM exported
 * to ONNX). Adapters (front-ends/) implement it over tfjs or onnxruntime; the feature pipeline
 * consumes it in place of, or beside, log-mel/MFCC. Pure types (layer 2): no runtime imports.
 */

/** One file that defines a front end's weights, named by content so a bundle can refuse another. */
export interface FrontEndFile {
  /** File name as stored next to the model (e.g. 'model.json', 'embedding_model.onnx'). */
  readonly name: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  readonly sha256: string;
}

/** What a front end declares about its input and output; serialised in model bundles. */
export interface FrontEndInfo {
  /** Stable name (e.g. 'crepe-tiny', 'speech-embedding'). */
  readonly name: string;
  /** Which adapter runs it. */
  readonly runtime: 'tfjs-layers' | 'tfjs-graph' | 'onnx' | 'tflite';
  /** Input sample rate in Hz (mono); callers resample to it. */
  readonly sampleRate: number;
  /** Samples that one output frame sees (receptive field). */
  readonly windowSamples: number;
  /** Samples between consecutive output frames. */
  readonly hopSamples: number;
  /** Embedding size per frame. */
  readonly dim: number;
  /**
   * What the front end does to its input before the network: 'per-frame' (each window to zero
   * mean, unit variance, as CREPE), 'per-utterance' (the whole signal, as wav2vec 2.0's feature
   * extractor), 'none'. Informational: the adapter applies it.
   */
  readonly inputNormalization: 'none' | 'per-frame' | 'per-utterance';
  /** The files holding the weights, with their SHA-256. */
  readonly files: readonly FrontEndFile[];
}

/**
 * Frame embeddings, row-major `frames × dim`. Frame `i` covers input samples
 * `[i·hopSamples, i·hopSamples + windowSamples)` of the signal given to `embed`.
 */
export interface Embeddings {
  readonly frames: number;
  readonly dim: number;
  readonly data: Float32Array;
}

/** A pretrained embedding model. */
export interface FrontEnd {
  readonly info: FrontEndInfo;
  /**
   * Embeddings of a mono signal at `info.sampleRate`. A signal shorter than one window is
   * zero-padded to one window (so at least one frame); otherwise
   * `frames = 1 + floor((length − windowSamples) / hopSamples)`.
   */
  embed(samples: Float32Array): Promise<Embeddings>;
  /** Free the runtime's resources (sessions, tensors). Idempotent. */
  dispose(): Promise<void>;
}

/** Frames a front end yields for `length` samples (see {@link FrontEnd.embed}). */
export function frontEndFrames(info: Pick<FrontEndInfo, 'windowSamples' | 'hopSamples'>, length: number): number {
  return length <= info.windowSamples ? 1 : 1 + Math.floor((length - info.windowSamples) / info.hopSamples);
}
