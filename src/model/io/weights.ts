/** Byte-level helpers for tfjs weight data and manifests. */
import type * as tf from '@tensorflow/tfjs-core';

/** tfjs' weight data (one buffer or shards) as one contiguous byte array. */
export function weightBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data == null) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  if (parts.length === 1) return new Uint8Array(parts[0]!);
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

/** An exact-size ArrayBuffer holding `bytes` (a Uint8Array may view a larger buffer). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/**
 * Bytes the weight specs describe (quantised entries use their storage dtype), or `undefined`
 * when a spec has a variable-size dtype (string) or an unknown one.
 */
export function manifestByteLength(specs: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const s of specs) {
    const per = BYTES[s.quantization?.dtype ?? s.dtype];
    if (per === undefined) return undefined;
    total += s.shape.reduce((p, d) => p * d, 1) * per;
  }
  return total;
}
