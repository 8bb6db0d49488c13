/**
 * Shared data types. Layer 0: imports nothing.
 */

/** The six emotion classes, in the library's stable order. */
export const EMOTIONS = Object.freeze(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad'] as const);

/** One of the six emotion classes. */
export type Emotion = (typeof EMOTIONS)[number];

/** Mono audio at a known sample rate. `samples` are floats nominally in [-1, 1]. */
export interface PcmAudio {
  readonly samples: Float32Array;
  /** Sample rate in Hz. */
  readonly sampleRate: number;
}

/**
 * A 2-D feature matrix, frame-major: value of bin `k` at frame `t` is `data[t * bins + k]`.
 */
export interface FeatureMatrix {
  readonly data: Float32Array;
  readonly frames: number;
  readonly bins: number;
}

/** A class prediction with a score for every class (scores sum to 1, in label order). */
export interface Prediction<L extends string = Emotion> {
  readonly label: L;
  readonly scores: Readonly<Record<L, number>>;
}

/** Names of the tfjs backends the library can select. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu' | 'webgl';

/** Minimal logger interface; the library never writes to the console directly. */
export interface Logger {
  warn(message: string): void;
  info?(message: string): void;
}
