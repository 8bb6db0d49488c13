/**
 * Input normalisations the front-end adapters apply before the network (FrontEndInfo's
 * `inputNormalization`). No runtime imports: the tfjs and ONNX adapters both use them.
 */

/** One window to zero mean and unit (population) standard deviation, std clipped at 1e-8 (CREPE's rule), in place. */
export function normaliseFrame(row: Float32Array): void {
  let s = 0;
  for (let i = 0; i < row.length; i++) s += row[i]!;
  const mean = s / row.length;
  let v = 0;
  for (let i = 0; i < row.length; i++) v += (row[i]! - mean) ** 2;
  const std = Math.max(Math.sqrt(v / row.length), 1e-8);
  for (let i = 0; i < row.length; i++) row[i] = (row[i]! - mean) / std;
}

/** The whole signal to zero mean and unit variance, (x − mean)/√(var + 1e-7) (wav2vec 2.0's feature extractor); a copy. */
export function normaliseUtterance(x: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const mean = x.length ? s / x.length : 0;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i]! - mean) ** 2;
  const d = Math.sqrt((x.length ? v / x.length : 0) + 1e-7);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mean) / d;
  return out;
}
