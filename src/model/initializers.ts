/**
 * Seeded weight initialisation in plain TypeScript (float64 arithmetic, mulberry32 draws), so a
 * given seed gives bit-identical initial weights on every backend and in ESM and CJS builds.
 *
 * Why not tfjs-layers' own initializers: its `Orthogonal` runs a Householder QR through tfjs ops
 * (about 14 s for one 128-unit LSTM recurrent kernel on the cpu backend) and warns on the console
 * for any matrix over 2000 elements; and `Bidirectional` clones the wrapped layer's config, so a
 * seeded initializer gives the forward and backward directions identical weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, randn, type Rng } from '../internal/rng.js';

/** Glorot/Xavier uniform: U(-l, l), l = √(6 / (fanIn + fanOut)). Keras fan rules for `shape`. */
export function glorotUniformValues(shape: readonly number[], rng: Rng): Float32Array {
  const { fanIn, fanOut } = fans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(shape.reduce((p, d) => p * d, 1));
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng() - 1) * limit;
  return out;
}

/**
 * Keras fan-in/fan-out: 2-D `[in, out]`; conv kernels `[...receptive, in, out]` multiply both by
 * the receptive-field size.
 */
function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    const n = shape[0] ?? 1;
    return { fanIn: n, fanOut: n };
  }
  const receptive = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/**
 * A (semi-)orthogonal matrix of `shape` (rows = product of all but the last dim), as in Keras'
 * `Orthogonal`: QR of a standard-normal `[max, min]` matrix, Q's columns sign-corrected by
 * diag(R), transposed when rows < cols, times `gain`. Modified Gram–Schmidt in float64.
 */
export function orthogonalValues(shape: readonly number[], rng: Rng, gain = 1): Float32Array {
  const cols = shape[shape.length - 1] ?? 1;
  const rows = shape.slice(0, -1).reduce((p, d) => p * d, 1);
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  // q is column-major: column k is q[k*m .. k*m+m).
  const q = new Float64Array(m * n);
  for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) q[c * m + r] = randn(rng);
  for (let k = 0; k < n; k++) {
    const ck = k * m;
    for (let j = 0; j < k; j++) {
      const cj = j * m;
      let dot = 0;
      for (let r = 0; r < m; r++) dot += q[cj + r]! * q[ck + r]!;
      for (let r = 0; r < m; r++) q[ck + r]! -= dot * q[cj + r]!;
    }
    let norm = 0;
    for (let r = 0; r < m; r++) norm += q[ck + r]! * q[ck + r]!;
    norm = Math.sqrt(norm);
    // R's diagonal is +norm, so the sign correction of Keras (Q · sign(diag R)) is the identity.
    for (let r = 0; r < m; r++) q[ck + r]! /= norm;
  }
  const out = new Float32Array(rows * cols);
  if (rows >= cols) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gain * q[c * m + r]!;
  } else {
    // Q is [cols, rows]; the result is Qᵀ.
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gain * q[r * m + c]!;
  }
  return out;
}

type InitializerLike = ReturnType<typeof tfl.initializers.orthogonal>;
type InitializerCtor = new (args: { gain?: number; seed?: number }) => InitializerLike;

let seededOrthogonalClass: InitializerCtor | undefined;

/**
 * An `Orthogonal` initializer that serialises exactly like tfjs-layers' (class name `Orthogonal`,
 * config `{ gain, seed }`, so saved models load anywhere) but computes its matrix in TypeScript
 * ({@link orthogonalValues}): fast, silent, and identical on every backend.
 */
export function seededOrthogonal(args: { seed: number; gain?: number }): InitializerLike {
  if (!seededOrthogonalClass) {
    // The stock class, reached through its public factory (tfjs-layers does not export it).
    const Stock = tfl.initializers.orthogonal({}).constructor as InitializerCtor;
    class SeededOrthogonal extends Stock {
      readonly #seed: number;
      readonly #gain: number;
      constructor(a: { gain?: number; seed?: number }) {
        super(a);
        this.#seed = a.seed ?? 0;
        this.#gain = a.gain ?? 1;
      }
      override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
        const values = orthogonalValues(shape, createRng(this.#seed), this.#gain);
        return tf.tensor(values, shape, dtype === 'int32' ? 'int32' : 'float32');
      }
    }
    seededOrthogonalClass = SeededOrthogonal;
  }
  return new seededOrthogonalClass(args);
}

/**
 * Run `fn` (synchronous layer construction) while the serialization registry maps `Orthogonal`
 * to the seeded class, so layers cloned from config inside `fn` (Bidirectional clones its wrapped
 * layer) get the fast initializer too. The registry is restored before returning.
 */
export function withSeededOrthogonal<T>(fn: () => T): T {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  const prev = map['Orthogonal'];
  const Cls = seededOrthogonal({ seed: 0 }).constructor as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>;
  map['Orthogonal'] = [Cls, (cls, config) => new (cls as unknown as InitializerCtor)(config as { seed?: number })  as unknown as tf.serialization.Serializable];
  try {
    return fn();
  } finally {
    if (prev) map['Orthogonal'] = prev;
    else delete map['Orthogonal'];
  }
}
