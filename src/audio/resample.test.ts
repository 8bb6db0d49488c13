import { describe, expect, it } from 'vitest';
import { dataFile, refFiles, stats, toneDb } from '../../test/audio-helpers.js';
import { describeShared, expectSerError, ifShared, itShared, sine } from '../../test/helpers.js';
import { toMono } from './mix.js';
import { resample, RESAMPLE_FILTERS, setResampleSimd, type ResampleQuality } from './resample.js';
import { parseWav } from './wav.js';

/** Level of `f` in the middle of `y` (edges excluded: the filter's zero-padded tails). */
function midToneDb(y: Float32Array, f: number, rate: number): number {
  const q = Math.floor(y.length / 4);
  return toneDb(y, f, rate, q, y.length - q);
}

function rms(y: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += y[i]! * y[i]!;
  return Math.sqrt(s / (to - from));
}

describe('resample: output length and trivial cases', () => {
  it.each([
    [176176, 48000, 16000, 58726],
    [161862, 44100, 16000, 58726],
    [80931, 22050, 16000, 58726],
    [29363, 8000, 16000, 58726],
    [53847, 24414, 16000, 35290],
    [145172, 96000, 16000, 24196],
    [1, 48000, 16000, 1],
    [10, 16000, 44100, 28],
    [0, 48000, 16000, 0],
  ])('maps %i samples at %i Hz to ceil(n·to/from) = %i at %i Hz', (n, from, to, expected) => {
    expect(resample(new Float32Array(n), from, to).length).toBe(expected);
  });

  it('handles non-integer rates (interpolated kernel) with the same length rule', () => {
    expect(resample(new Float32Array(1000), 22254.545, 16000).length).toBe(Math.ceil((1000 * 16000) / 22254.545));
  });

  it('returns a copy when the rates are equal', () => {
    const x = Float32Array.of(1, 2, 3);
    const y = resample(x, 16000, 16000);
    expect(Array.from(y)).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
  });

  it('keeps a constant signal constant away from the edges (unity DC gain in every phase)', () => {
    for (const [from, to] of [[48000, 16000], [44100, 16000], [8000, 16000], [24414, 16000], [22254.545, 16000]] as const) {
      const y = resample(new Float32Array(Math.round(from / 2)).fill(0.5), from, to);
      const q = Math.floor(y.length / 4);
      for (let i = q; i < y.length - q; i++) expect(Math.abs(y[i]! - 0.5)).toBeLessThan(2e-4);
    }
  });
});

describe('resample: band-limiting (passband within 0.1 dB, stopband ≥ 60 dB below)', () => {
  const conversions: [number, number][] = [
    [48000, 16000],
    [44100, 16000],
    [22050, 16000],
    [96000, 16000],
    [24414, 16000],
    [8000, 16000],
    [16000, 44100],
    [22254.545, 16000],
  ];
  const qualities: ResampleQuality[] = ['high', 'fast'];

  for (const quality of qualities) {
    const spec = RESAMPLE_FILTERS[quality];
    it.each(conversions)(`${quality}: %i → %i Hz keeps tones up to the passband edge within 0.1 dB`, (from, to) => {
      const nyq = Math.min(from, to) / 2;
      for (const frac of [0.05, 0.3, 0.6, spec.passband]) {
        const f = Math.round(frac * nyq);
        const x = sine(f, from, 0.4, 0.5);
        const inDb = midToneDb(x, f, from);
        const outDb = midToneDb(resample(x, from, to, { quality }), f, to);
        expect(Math.abs(outDb - inDb), `${f} Hz`).toBeLessThan(0.1);
      }
    });

    it.each(conversions)(`${quality}: %i → %i Hz attenuates content above the lower Nyquist rate by ≥ 60 dB`, (from, to) => {
      const nyq = Math.min(from, to) / 2;
      if (to < from) {
        // A tone the output cannot represent must vanish instead of aliasing.
        for (const f of [nyq * 1.01, nyq * 1.25, from * 0.45]) {
          const y = resample(sine(f, from, 0.4, 0.5), from, to, { quality });
          const q = Math.floor(y.length / 4);
          const attenuation = 20 * Math.log10(0.5 / Math.SQRT2 / rms(y, q, y.length - q));
          expect(attenuation, `${f.toFixed(0)} Hz`).toBeGreaterThanOrEqual(60);
        }
      } else {
        // Upsampling: the spectral image of a tone at f appears at from − f and must be ≥ 60 dB down.
        for (const f of [nyq * 0.5, nyq * spec.passband]) {
          const y = resample(sine(f, from, 0.4, 0.5), from, to, { quality });
          const image = midToneDb(y, from - f, to);
          expect(midToneDb(y, f, to) - image, `image of ${f} Hz`).toBeGreaterThanOrEqual(60);
        }
      }
    });
  }
});

describeShared('resample: parity with librosa (soxr_hq) on the wav-originals (ref/librosa_ser16k_resampled.json)', () => {
  // Tolerances, measured and explained: soxr_hq keeps the band up to ~0.91 of the output Nyquist
  // rate and our 'high' filter up to 0.90, then both roll off to the stopband at Nyquist; the two
  // outputs therefore differ only by the signal energy in that ~1 kHz transition band plus
  // stopband leakage (< −80 dB). For speech downsampled to 16 kHz that band holds ~2.5e-5 of the
  // energy (measured 1.9e-5 … 2.5e-5), so sumsq must agree to 1e-4 relative; the sum (≈ DC·n) to
  // 1e-6 absolute. The 8 kHz u8 file is upsampled: its quantisation noise is white up to 4 kHz,
  // so the 3.6–4 kHz band carries ~0.1 % of its energy (measured 1.1e-3): 2e-3 relative, and the
  // first 16 samples (quiet, noise-dominated) agree to 3e-4 = 4 % of one u8 step (1/128).
  const cases = ifShared(() => refFiles('librosa_ser16k_resampled.json'), []);
  const tol: Record<string, { sumsq: number; sum: number; head: number }> = {
    'angry-8k-u8.wav': { sumsq: 2e-3, sum: 5e-4, head: 3e-4 },
  };
  it('has the five resampled references', () => expect(cases.map((c) => c.name).sort()).toEqual(['03-01-02-01-01-02-01.wav', '03-01-05-01-01-01-02.wav', 'angry-22k-stereo.wav', 'angry-44k-pcm32.wav', 'angry-8k-u8.wav']));
  it.each(cases.map((c) => [c.name, c] as const))('%s matches librosa.load(sr=16000) statistics', (name, ref) => {
    const w = parseWav(dataFile('wav-originals', name));
    expect(w.sampleRate).toBe(ref.native.sr);
    const y = resample(toMono(w.channelData), w.sampleRate, 16000);
    expect(y.length).toBe(ref.signal.n);
    const t = tol[name] ?? { sumsq: 1e-4, sum: 1e-6, head: 2e-6 };
    const s = stats(y);
    expect(Math.abs(s.sumsq - ref.signal.sumsq) / ref.signal.sumsq).toBeLessThan(t.sumsq);
    expect(Math.abs(s.sum - ref.signal.sum)).toBeLessThan(t.sum);
    for (let i = 0; i < 16; i++) expect(Math.abs(y[i]! - ref.signal.head[i]!)).toBeLessThan(t.head);
    expect(Math.abs(s.max - ref.signal.max)).toBeLessThan(0.01 * ref.signal.max);
  });
});

describe('resample: WebAssembly SIMD kernel and JavaScript loop agree', () => {
  it('gives the same output to float32 rounding on every exact-table conversion', () => {
    // Node ≥ 16 always has Wasm SIMD: the kernel must be active in this test environment.
    expect(setResampleSimd(true)).toBe(true);
    const x = sine(1234.5, 48000, 0.3, 0.7);
    for (let i = 0; i < x.length; i++) x[i]! += 0.2 * Math.sin(i * i * 1e-5);
    try {
      for (const [from, to] of [[48000, 16000], [44100, 16000], [22050, 16000], [8000, 16000], [24414, 16000], [16000, 44100], [48000, 44100]] as const) {
        for (const quality of ['high', 'fast'] as const) {
          const xs = from === 48000 ? x : resample(x, 48000, from);
          setResampleSimd(true);
          const simd = resample(xs, from, to, { quality });
          setResampleSimd(false);
          const js = resample(xs, from, to, { quality });
          expect(simd.length).toBe(js.length);
          let m = 0;
          for (let i = 0; i < js.length; i++) m = Math.max(m, Math.abs(simd[i]! - js[i]!));
          // float32 accumulation over ≤ 310 taps of |x| ≤ 0.9: |error| ≲ 310 · 6e-8 · 0.9 ≈ 1.7e-5 worst case, ~1e-7 typical.
          expect(m, `${from}→${to} ${quality}`).toBeLessThan(2e-6);
        }
      }
    } finally {
      setResampleSimd(true);
    }
  });

  it('agrees across the kernel’s 65 536-output block boundaries (long input)', () => {
    const x = new Float32Array(48000 * 9);
    for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin(i * 0.0123) + 0.3 * Math.sin(i * i * 3e-9);
    try {
      for (const [from, to] of [[48000, 16000], [48000, 44100]] as const) {
        setResampleSimd(true);
        const simd = resample(x, from, to);
        setResampleSimd(false);
        const js = resample(x, from, to);
        expect(simd.length).toBeGreaterThan(2 * 65536);
        let m = 0;
        for (let i = 0; i < js.length; i++) m = Math.max(m, Math.abs(simd[i]! - js[i]!));
        expect(m, `${from}→${to}`).toBeLessThan(2e-6);
      }
    } finally {
      setResampleSimd(true);
    }
  });

  itShared('the JavaScript loop alone also keeps DC and the librosa statistics', () => {
    setResampleSimd(false);
    try {
      const y = resample(new Float32Array(24000).fill(0.5), 48000, 16000);
      for (let i = 2000; i < 6000; i++) expect(Math.abs(y[i]! - 0.5)).toBeLessThan(2e-4);
      const ref = refFiles('librosa_ser16k_resampled.json').find((c) => c.name === '03-01-05-01-01-01-02.wav')!;
      const w = parseWav(dataFile('wav-originals', ref.name));
      const s = stats(resample(w.channelData[0]!, 48000, 16000));
      expect(Math.abs(s.sumsq - ref.signal.sumsq) / ref.signal.sumsq).toBeLessThan(1e-4);
    } finally {
      setResampleSimd(true);
    }
  });
});

describe('resample: invalid arguments', () => {
  const x = new Float32Array(8);
  it.each([
    ['fromHz 0', () => resample(x, 0, 16000), /fromHz/],
    ['negative toHz', () => resample(x, 16000, -1), /toHz/],
    ['NaN fromHz', () => resample(x, NaN, 16000), /fromHz/],
    ['unknown quality', () => resample(x, 48000, 16000, { quality: 'ultra' as ResampleQuality }), /quality must be one of 'high', 'fast'/],
    ['a NaN sample', () => resample(Float32Array.of(0, NaN), 48000, 16000), /signal contains a non-finite value/],
    ['a plain array', () => resample([0, 1] as unknown as Float32Array, 48000, 16000), /signal must be a Float32Array/],
  ])('throws SER_INVALID_ARGUMENT for %s', (_n, fn, pattern) => {
    expectSerError(fn, 'SER_INVALID_ARGUMENT', pattern);
  });
});
