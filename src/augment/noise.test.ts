import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, peak, ravdess, snrDb, tone } from '../../test/augment/helpers.js';
import { createRng } from '../internal/rng.js';
import { RealFft } from '../features/fft.js';
import { addNoise, generateNoise } from './noise.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
const noiseOf = (y: Float32Array, x: Float32Array) => y.map((v, i) => v - x[i]!);

/** Mean power per octave band [lo, 2·lo) Hz of `x`, in dB (Welch, 1024-point periodograms). */
function octaveDb(x: ArrayLike<number>, lows: number[]): number[] {
  const n = 1024;
  const fft = new RealFft(n);
  const acc = new Float64Array(n / 2 + 1);
  const p = new Float64Array(n / 2 + 1);
  const frame = new Float64Array(n);
  for (let s = 0; s + n <= x.length; s += n / 2) {
    for (let j = 0; j < n; j++) frame[j] = x[s + j]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * j) / n));
    fft.powerInto(frame, p);
    for (let k = 0; k < p.length; k++) acc[k] = acc[k]! + p[k]!;
  }
  return lows.map((lo) => {
    let e = 0;
    for (let k = Math.ceil((lo * n) / SR); k < (2 * lo * n) / SR; k++) e += acc[k]!;
    return 10 * Math.log10(e);
  });
}

describe('addNoise', () => {
  itShared.each(['white', 'pink'] as const)('%s noise: measured whole-clip SNR within 0.5 dB of 0, 10, 20, 30 dB on real speech', (type) => {
    for (const target of [0, 10, 20, 30]) {
      const y = addNoise(speech, { snrDb: target, type }, 1);
      expect(y.length).toBe(speech.length);
      expect(allFinite(y)).toBe(true);
      expect(peak(y)).toBeLessThanOrEqual(1);
      expect(Math.abs(snrDb(speech, noiseOf(y, speech)) - target)).toBeLessThan(0.5);
    }
  });

  itShared('a recorded noise clip (shorter than the signal, looped) gives the target SNR', () => {
    const babble = ravdess('03-01-01-01-01-01-01.wav').samples.subarray(16000, 28000); // 0.75 s of another voice
    const y = addNoise(speech, { snrDb: 12, type: { clip: babble } }, 3);
    const n = noiseOf(y, speech);
    expect(Math.abs(snrDb(speech, n) - 12)).toBeLessThan(0.5);
    // The noise is the clip looped: it repeats with period 12000 samples.
    let maxDiff = 0;
    for (let i = 0; i + 12000 < n.length; i++) maxDiff = Math.max(maxDiff, Math.abs(n[i]! - n[i + 12000]!));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('white noise is flat (+3 dB per octave band) and pink noise has equal power per octave (±1.5 dB)', () => {
    const lows = [125, 250, 500, 1000, 2000];
    const white = octaveDb(generateNoise(SR * 8, 'white', createRng(5)), lows);
    const pink = octaveDb(generateNoise(SR * 8, 'pink', createRng(5)), lows);
    for (let i = 1; i < lows.length; i++) {
      expect(Math.abs(white[i]! - white[i - 1]! - 3.01)).toBeLessThan(0.5);
      expect(Math.abs(pink[i]! - pink[0]!)).toBeLessThan(1.5);
    }
  });

  itShared('is deterministic for a seed and differs across seeds', () => {
    expect(addNoise(speech, { snrDb: 10, type: 'pink' }, 9)).toEqual(addNoise(speech, { snrDb: 10, type: 'pink' }, 9));
    expect(addNoise(speech, { snrDb: 10 }, createRng(9))).toEqual(addNoise(speech, { snrDb: 10 }, 9));
    expect(addNoise(speech, { snrDb: 10 }, 9)).not.toEqual(addNoise(speech, { snrDb: 10 }, 10));
  });

  it('scales a mix that would clip down to peak 1, keeping the SNR; allowClipping: true leaves it above 1', () => {
    const loud = tone(200, SR, 0.5, 0.98);
    const y = addNoise(loud, { snrDb: 0 }, 2);
    expect(peak(y)).toBeLessThanOrEqual(1);
    expect(peak(y)).toBeGreaterThan(0.99);
    // Signal part = least-squares projection of y onto x; the rest is the noise.
    let xy = 0, xx = 0;
    for (let i = 0; i < loud.length; i++) { xy += loud[i]! * y[i]!; xx += loud[i]! * loud[i]!; }
    const g = xy / xx;
    expect(g).toBeLessThan(0.8);
    const sig = loud.map((v) => v * g);
    expect(Math.abs(snrDb(sig, noiseOf(y, sig)))).toBeLessThan(0.5);
    expect(peak(addNoise(loud, { snrDb: 0, allowClipping: true }, 2))).toBeGreaterThan(1);
  });

  itShared.each([
    ['snrDb', { snrDb: Number.NaN }],
    ['snrDb', { snrDb: 200 }],
    ['type', { snrDb: 10, type: 'brown' }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => addNoise(speech, opts as never, 1), 'SER_INVALID_ARGUMENT', new RegExp(`addNoise: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  itShared('throws on silent signal, silent or empty noise clip, bad rng, empty and NaN input', () => {
    expectSerError(() => addNoise(new Float32Array(100), { snrDb: 10 }, 1), 'SER_INVALID_ARGUMENT', /silent/);
    expectSerError(() => addNoise(speech, { snrDb: 10, type: { clip: new Float32Array(50) } }, 1), 'SER_INVALID_ARGUMENT', /type\.clip must not be silent/);
    expectSerError(() => addNoise(speech, { snrDb: 10, type: { clip: new Float32Array(0) } }, 1), 'SER_EMPTY_AUDIO', /type\.clip is empty/);
    expectSerError(() => addNoise(speech, { snrDb: 10 }, 'x' as never), 'SER_INVALID_ARGUMENT', /rng/);
    expectSerError(() => addNoise(new Float32Array(0), { snrDb: 10 }, 1), 'SER_EMPTY_AUDIO');
    expectSerError(() => addNoise(Float32Array.of(0.1, NaN), { snrDb: 10 }, 1), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});
