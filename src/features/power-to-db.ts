/**
 * Power → decibels with librosa's `power_to_db` semantics: `10·log10(max(S, amin)) −
 * 10·log10(max(ref, amin))`, then floored at `max − topDb`, the maximum being taken over the
 * whole matrix (the whole utterance: every band and every frame).
 */
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import type { FeatureMatrix } from '../types.js';
import { assertKnownKeys, assertNumberAbove } from './shared.js';

/** Options of {@link powerToDb} (librosa names). */
export interface PowerToDbOptions {
  /** Reference power that maps to 0 dB; `'max'` uses the matrix maximum (librosa `ref=np.max`). @defaultValue 1 */
  readonly ref?: number | 'max';
  /** Floor applied to powers before the log (avoids log(0)). Must be > 0. @defaultValue 1e-10 */
  readonly amin?: number;
  /** Dynamic range kept below the maximum, in dB; `null` disables the floor. Must be ≥ 0. @defaultValue 80 */
  readonly topDb?: number | null;
}

/** Librosa's defaults for {@link powerToDb}. */
export const POWER_TO_DB_DEFAULTS = Object.freeze({ ref: 1, amin: 1e-10, topDb: 80 } as const);

/** 10 / ln(10): `10·log10(x) = DB_PER_NEPER · ln(x)` (`Math.log` is cheaper than `Math.log10` in V8). */
export const DB_PER_NEPER = 10 / Math.LN10;

/** Validate {@link PowerToDbOptions}, returning concrete values. @internal */
export function resolvePowerToDb(options: PowerToDbOptions, component = 'powerToDb'): { ref: number | 'max'; amin: number; topDb: number | null } {
  assertKnownKeys(component, options, ['ref', 'amin', 'topDb']);
  const amin = options.amin ?? POWER_TO_DB_DEFAULTS.amin;
  assertNumberAbove(component, 'amin', amin, 0, false, 'Use a small positive floor such as 1e-10.');
  const ref = options.ref ?? POWER_TO_DB_DEFAULTS.ref;
  if (ref !== 'max' && (typeof ref !== 'number' || !Number.isFinite(ref))) {
    throw new InvalidArgumentError('ref', ref, "finite number or 'max'", `${component}: ref must be a finite number or 'max' (got ${String(ref)}). Use 1 (absolute dB) or 'max' (0 dB at the loudest value).`);
  }
  const topDb = options.topDb === undefined ? POWER_TO_DB_DEFAULTS.topDb : options.topDb;
  if (topDb !== null) assertNumberAbove(component, 'topDb', topDb, 0, true, 'Use 80 (librosa) or null to disable.');
  return { ref, amin, topDb };
}

/**
 * Convert a power matrix to decibels, as `librosa.power_to_db(S, ref, amin, top_db)`.
 *
 * @param matrix - powers ≥ 0 (any layout; the floor uses the maximum of all values).
 * @returns a new matrix of the same shape, in dB relative to `ref`; with `topDb` every value
 *   lies in `[max − topDb, max]`.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `amin ≤ 0`, `topDb < 0` or `ref < 0`.
 * @example
 * ```ts
 * powerToDb({ data: Float32Array.of(1, 100, 0), frames: 1, bins: 3 }).data; // [0, 20, -60] (floored at 20 - 80)
 * ```
 */
export function powerToDb(matrix: FeatureMatrix, options: PowerToDbOptions = {}): FeatureMatrix {
  const { ref, amin, topDb } = resolvePowerToDb(options);
  const { data, frames, bins } = matrix;
  if (data.length !== frames * bins) {
    throw new ShapeMismatchError([frames, bins], [data.length], `powerToDb: data must hold frames*bins = ${frames * bins} values (got ${data.length}). Keep data, frames and bins consistent.`);
  }
  let refValue: number;
  if (ref === 'max') {
    refValue = -Infinity;
    for (let i = 0; i < data.length; i++) if (data[i]! > refValue) refValue = data[i]!;
  } else {
    refValue = Math.abs(ref);
  }
  const out = new Float32Array(data.length);
  const refDb = DB_PER_NEPER * Math.log(Math.max(amin, refValue));
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = DB_PER_NEPER * Math.log(Math.max(amin, data[i]!)) - refDb;
    out[i] = v;
    if (v > max) max = v;
  }
  if (topDb !== null && data.length > 0) floorDb(out, max - topDb);
  return { data: out, frames, bins };
}

/** In place: `x[i] = max(x[i], floor)`. @internal */
export function floorDb(x: Float32Array | Float64Array, floor: number): void {
  for (let i = 0; i < x.length; i++) if (x[i]! < floor) x[i] = floor;
}
