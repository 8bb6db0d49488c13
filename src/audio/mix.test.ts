import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { toMono } from './mix.js';

describe('toMono', () => {
  it('averages two channels (librosa.to_mono: plain mean, no pan law)', () => {
    const y = toMono([Float32Array.of(1, 0.5, -1), Float32Array.of(0, 0.5, 1)]);
    expect(Array.from(y)).toEqual([0.5, 0.5, 0]);
  });

  it('keeps the level of a signal identical on every channel', () => {
    const x = Float32Array.of(0.1, -0.7, 0.3);
    expect(Array.from(toMono([x, x, x]))).toEqual(Array.from(x));
  });

  it('averages many channels in float64 before rounding once', () => {
    const chans = [Float32Array.of(1), Float32Array.of(2), Float32Array.of(4)];
    expect(toMono(chans)[0]).toBe(Math.fround(7 / 3));
  });

  it('returns a copy for one channel', () => {
    const x = Float32Array.of(1, 2);
    const y = toMono([x]);
    expect(Array.from(y)).toEqual([1, 2]);
    expect(y).not.toBe(x);
  });

  it('throws SER_INVALID_ARGUMENT for no channels', () => {
    expectSerError(() => toMono([]), 'SER_INVALID_ARGUMENT', /at least one Float32Array/);
  });

  it('throws SER_SHAPE_MISMATCH for channels of different lengths', () => {
    expectSerError(() => toMono([new Float32Array(3), new Float32Array(2)]), 'SER_SHAPE_MISMATCH', /3 samples like channel 0 \(got 2\)/);
  });
});
