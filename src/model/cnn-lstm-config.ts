/**
 * Options, defaults and resolution for the CNN-LSTM family. Pure TypeScript (no tfjs), so the
 * tfjs builder (cnn-lstm.ts) and the fast WASM engine (engine/) share one definition.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertInRange, assertOneOf, assertPositiveInt } from '../internal/validate.js';

/** What callers pass to `buildCnnLstm` (all optional). */
export interface CnnLstmOptions {
  /** Input length in frames (time steps). @defaultValue 108 */
  readonly inputFrames?: number;
  /** Features per frame (e.g. nMfcc). @defaultValue 40 */
  readonly inputBins?: number;
  /** Conv1D filters. @defaultValue 256 */
  readonly filters?: number;
  /** Conv1D kernel size in frames ('same' padding). @defaultValue 5 */
  readonly kernelSize?: number;
  /** Temporal pooling after the convolution. @defaultValue 'max' */
  readonly pooling?: 'max' | 'none';
  /** Pool size (and stride) in frames when pooling is 'max'. @defaultValue 2 */
  readonly poolSize?: number;
  /** Number of stacked LSTM layers. @defaultValue 4 */
  readonly lstmLayers?: number;
  /** Units per LSTM layer (per direction when bidirectional). @defaultValue 128 */
  readonly lstmUnits?: number;
  /** Wrap every LSTM in a Bidirectional (concat merge). @defaultValue false */
  readonly bidirectional?: boolean;
  /**
   * How the last LSTM's sequence becomes one vector: its final step ('last', the seed design)
   * or the mean over time ('mean', more robust to leading/trailing silence). @defaultValue 'last'
   */
  readonly readout?: 'last' | 'mean';
  /** Units of the hidden dense layer (ReLU). @defaultValue 64 */
  readonly denseUnits?: number;
  /** Dropout rate after the hidden dense layer, in [0, 1). @defaultValue 0.3 */
  readonly dropout?: number;
  /** L2 weight-decay factor on kernels (0 disables). @defaultValue 0 */
  readonly l2?: number;
  /** Number of output classes (softmax). @defaultValue 6 */
  readonly numClasses?: number;
  /** Seed for weight initialisation. @defaultValue 42 */
  readonly seed?: number;
}

/** The resolved, frozen configuration. */
export type CnnLstmConfig = Readonly<Required<CnnLstmOptions>>;

/** Defaults: the seed design (Conv1D 256 k5 → MaxPool 2 → 4×LSTM 128 → Dense 64 + dropout → softmax 6). */
export const CNN_LSTM_DEFAULTS: CnnLstmConfig = Object.freeze({
  inputFrames: 108,
  inputBins: 40,
  filters: 256,
  kernelSize: 5,
  pooling: 'max',
  poolSize: 2,
  lstmLayers: 4,
  lstmUnits: 128,
  bidirectional: false,
  readout: 'last',
  denseUnits: 64,
  dropout: 0.3,
  l2: 0,
  numClasses: 6,
  seed: 42,
});

/** Merge with defaults, validate, freeze. */
export function resolveCnnLstmConfig(options: CnnLstmOptions = {}): CnnLstmConfig {
  const c = { ...CNN_LSTM_DEFAULTS, ...options };
  const C = 'buildCnnLstm';
  assertPositiveInt(C, 'inputFrames', c.inputFrames);
  assertPositiveInt(C, 'inputBins', c.inputBins);
  assertPositiveInt(C, 'filters', c.filters);
  assertPositiveInt(C, 'kernelSize', c.kernelSize);
  assertOneOf(C, 'pooling', c.pooling, ['max', 'none'] as const);
  assertPositiveInt(C, 'poolSize', c.poolSize);
  assertPositiveInt(C, 'lstmLayers', c.lstmLayers, 0);
  assertPositiveInt(C, 'lstmUnits', c.lstmUnits);
  if (typeof c.bidirectional !== 'boolean')
    throw new InvalidArgumentError('bidirectional', c.bidirectional, 'boolean', `${C}: bidirectional must be a boolean (got ${String(c.bidirectional)}).`);
  assertOneOf(C, 'readout', c.readout, ['last', 'mean'] as const);
  assertPositiveInt(C, 'denseUnits', c.denseUnits, 0);
  assertInRange(C, 'dropout', c.dropout, 0, 0.99);
  assertInRange(C, 'l2', c.l2, 0, 1);
  assertPositiveInt(C, 'numClasses', c.numClasses, 2);
  assertPositiveInt(C, 'seed', c.seed, 0);
  const pooledFrames = c.pooling === 'max' ? Math.floor(c.inputFrames / c.poolSize) : c.inputFrames;
  if (pooledFrames < 1) {
    throw new InvalidArgumentError(
      'inputFrames',
      c.inputFrames,
      `>= poolSize (${c.poolSize})`,
      `${C}: inputFrames (${c.inputFrames}) is shorter than poolSize (${c.poolSize}). Use longer inputs or pooling: 'none'.`,
    );
  }
  return Object.freeze(c);
}

/** Time steps seen by the LSTM stack after pooling. */
export function pooledFrames(c: CnnLstmConfig): number {
  return c.pooling === 'max' ? Math.floor(c.inputFrames / c.poolSize) : c.inputFrames;
}
