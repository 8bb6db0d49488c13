/**
 * Channel down-mixing.
 * @module
 */
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';

/**
 * Average the channels into one mono signal (librosa's `to_mono`: the plain mean, no
 * −3 dB pan law, so a signal identical on both channels keeps its level).
 *
 * @param channels - one Float32Array per channel, all the same length (≥ 1 channel).
 * @returns a new Float32Array of the same length (a copy when there is one channel).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `channels` is empty.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when the channel lengths differ.
 * @example
 * toMono([Float32Array.of(1, 0), Float32Array.of(0, 0)]) // => Float32Array [0.5, 0]
 * @see librosa.to_mono
 */
export function toMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) {
    throw new InvalidArgumentError('channels', channels, 'at least one channel', 'toMono: channels must hold at least one Float32Array (got 0). Pass [signal] for mono audio.');
  }
  const n = first.length;
  for (const ch of channels) {
    if (ch.length !== n) {
      throw new ShapeMismatchError([channels.length, n], [channels.length, ch.length], `toMono: every channel must have ${n} samples like channel 0 (got ${ch.length}). Pass channels of one recording.`);
    }
  }
  if (channels.length === 1) return first.slice();
  const out = new Float32Array(n);
  if (channels.length === 2) {
    const a = channels[0]!;
    const b = channels[1]!;
    // (a + b) / 2 in float64, rounded once: equals numpy's float32 mean for two channels.
    for (let i = 0; i < n; i++) out[i] = (a[i]! + b[i]!) * 0.5;
    return out;
  }
  const acc = new Float64Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) acc[i]! += ch[i]!;
  const inv = 1 / channels.length;
  for (let i = 0; i < n; i++) out[i] = acc[i]! * inv;
  return out;
}
