import { describe, expect, it } from 'vitest';
import { expectSerError, sine } from '../../test/helpers.js';
import { createRng } from '../internal/rng.js';
import { frameCount, istft, powerSpectrogram, stft, type StftOptions } from './stft.js';

function noise(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng() - 0.5);
}

function argmax(a: ArrayLike<number>, from: number, len: number): number {
  let best = 0;
  for (let k = 1; k < len; k++) if (a[from + k]! > a[from + best]!) best = k;
  return best;
}

const quiet = { warn() {} };

describe('powerSpectrogram shape', () => {
  it.each([1, 159, 160, 161, 512, 16000, 16001])('has 1 + floor(len / hop) frames when centred (len %i)', (len) => {
    const S = powerSpectrogram(noise(len, len), { nFft: 512, hopLength: 160, logger: quiet });
    expect(S.frames).toBe(1 + Math.floor(len / 160));
    expect(S.bins).toBe(257);
    expect(S.data.length).toBe(S.frames * 257);
  });

  it('has 1 + floor((len - nFft) / hop) frames without centring', () => {
    const S = powerSpectrogram(noise(1000, 1), { nFft: 256, hopLength: 100, center: false });
    expect(S.frames).toBe(1 + Math.floor((1000 - 256) / 100));
    expect(frameCount(100, { nFft: 256, hopLength: 100, center: false })).toBe(0);
  });

  it('defaults hopLength to floor(winLength / 4) like librosa', () => {
    const S = powerSpectrogram(noise(4096, 2), { nFft: 512, winLength: 400 });
    expect(S.frames).toBe(1 + Math.floor(4096 / 100));
  });
});

describe('powerSpectrogram values', () => {
  it('puts a sine in the bin nearest its frequency in every frame', () => {
    for (const f of [1000, 1234, 3333.3]) {
      const S = powerSpectrogram(sine(f, 16000, 0.5), { nFft: 512, hopLength: 160 });
      const want = Math.round(f / (16000 / 512));
      for (let t = 2; t < S.frames - 2; t++) expect(argmax(S.data, t * S.bins, S.bins)).toBe(want);
    }
  });

  it('gives (A·N/4)² for a bin-centred sine under a periodic Hann window (unscaled FFT)', () => {
    const S = powerSpectrogram(sine(1000, 16000, 0.5, 0.5), { nFft: 512, hopLength: 160 });
    const t = 10;
    expect(S.data[t * S.bins + 32]! / (0.5 * 128) ** 2).toBeCloseTo(1, 5);
  });

  it('power = 2 equals the square of power = 1', () => {
    const x = noise(3000, 5);
    const p1 = powerSpectrogram(x, { nFft: 256, hopLength: 64, power: 1 });
    const p2 = powerSpectrogram(x, { nFft: 256, hopLength: 64, power: 2 });
    for (let i = 0; i < p1.data.length; i++) expect(Math.abs(p1.data[i]! ** 2 - p2.data[i]!)).toBeLessThanOrEqual(2e-6 * p2.data[i]! + 1e-12);
  });

  it('equals re² + im² of the complex stft', () => {
    const x = noise(2000, 6);
    const C = stft(x, { nFft: 128, hopLength: 32 });
    const P = powerSpectrogram(x, { nFft: 128, hopLength: 32 });
    for (let i = 0; i < P.data.length; i++) {
      const want = C.re[i]! ** 2 + C.im[i]! ** 2;
      expect(Math.abs(P.data[i]! - want)).toBeLessThanOrEqual(1e-6 * want + 1e-9);
    }
  });

  it.each([
    // numpy.pad([1,2,3,4,5], 2, mode) — values from the numpy.pad documentation.
    ['reflect', [3, 2, 1, 2, 3, 4, 5, 4, 3]],
    ['edge', [1, 1, 1, 2, 3, 4, 5, 5, 5]],
    ['constant', [0, 0, 1, 2, 3, 4, 5, 0, 0]],
  ] as const)("pads with numpy.pad(mode='%s') when centred", (padMode, padded) => {
    const x = Float32Array.of(1, 2, 3, 4, 5);
    const centred = stft(x, { nFft: 4, hopLength: 1, padMode });
    const manual = stft(Float32Array.from(padded), { nFft: 4, hopLength: 1, center: false });
    expect(centred.frames).toBe(manual.frames);
    for (let i = 0; i < manual.re.length; i++) {
      expect(centred.re[i]).toBeCloseTo(manual.re[i]!, 6);
      expect(centred.im[i]).toBeCloseTo(manual.im[i]!, 6);
    }
  });

  it('warns (and pads) when the signal is shorter than nFft, as librosa does', () => {
    const messages: string[] = [];
    const S = powerSpectrogram(noise(100, 9), { nFft: 512, hopLength: 160, logger: { warn: (m) => messages.push(m) } });
    expect(S.frames).toBe(1);
    expect(messages).toEqual(['powerSpectrogram: nFft=512 is too large for input signal of length=100']);
  });
});

describe('istft', () => {
  it('reconstructs the signal from its stft (Hann, 75 % overlap) to float32 precision', () => {
    const x = noise(4000, 11);
    const opts = { nFft: 512, hopLength: 128 };
    const y = istft(stft(x, opts), { ...opts, length: x.length });
    expect(y.length).toBe(4000);
    let err = 0;
    for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(y[i]! - x[i]!));
    expect(err).toBeLessThan(1e-5);
  });

  it('returns hop·(frames − 1) samples without length when centred (librosa)', () => {
    const spec = stft(noise(4000, 12), { nFft: 512, hopLength: 128 });
    expect(istft(spec, { hopLength: 128 }).length).toBe(128 * (spec.frames - 1));
  });

  it('reconstructs with winLength < nFft and center = false away from the edges', () => {
    const x = noise(3000, 13);
    const opts = { nFft: 256, winLength: 200, hopLength: 50, center: false };
    const y = istft(stft(x, opts), opts);
    let err = 0;
    for (let i = 256; i < y.length - 256; i++) err = Math.max(err, Math.abs(y[i]! - x[i]!));
    expect(err).toBeLessThan(1e-5);
  });

  it('throws SER_SHAPE_MISMATCH when nFft does not match the bins', () => {
    const spec = stft(noise(1000, 1), { nFft: 256, hopLength: 64 });
    expectSerError(() => istft(spec, { nFft: 512 }), 'SER_SHAPE_MISMATCH', /bins/);
    expectSerError(() => istft({ ...spec, re: spec.re.subarray(1) }), 'SER_SHAPE_MISMATCH');
  });
});

describe('stft validation', () => {
  it.each<[string, StftOptions & { power?: number }, string, RegExp]>([
    ['nFft not a power of two', { nFft: 400 }, 'nFft', /power of two.*Use nFft=512 with winLength=400/],
    ['hopLength 0', { nFft: 512, hopLength: 0 }, 'hopLength', /hopLength must be an integer >= 1/],
    ['winLength > nFft', { nFft: 512, winLength: 1024 }, 'winLength', /winLength must be <= nFft/],
    ['unknown window', { window: 'kaiser' as 'hann' }, 'window', /window must be one of/],
    ['unknown padMode', { padMode: 'wrap' as 'edge' }, 'padMode', /padMode must be one of/],
    ['non-boolean center', { center: 1 as unknown as boolean }, 'center', /center must be a boolean/],
    ['power 0', { power: 0 }, 'power', /power must be a finite number > 0/],
    ['snake_case key', { n_fft: 512 } as StftOptions, 'n_fft', /Did you mean 'nFft'/],
  ])('throws SER_INVALID_ARGUMENT for %s', (_label, opts, parameter, message) => {
    const err = expectSerError(() => powerSpectrogram(noise(2048, 1), opts), 'SER_INVALID_ARGUMENT', message);
    expect((err as unknown as { parameter: string }).parameter).toBe(parameter);
  });

  it('throws SER_EMPTY_AUDIO on an empty signal and on a too-short signal without centring', () => {
    expectSerError(() => stft(new Float32Array(0), { nFft: 256 }), 'SER_EMPTY_AUDIO', /at least one sample/);
    expectSerError(() => stft(new Float32Array(100), { nFft: 256, center: false }), 'SER_EMPTY_AUDIO', /at least nFft=256/);
  });

  it('throws SER_INVALID_ARGUMENT naming samples on NaN or Inf', () => {
    const x = noise(1000, 3);
    x[500] = Number.NaN;
    const err = expectSerError(() => stft(x, { nFft: 256 }), 'SER_INVALID_ARGUMENT', /index 500/);
    expect((err as unknown as { parameter: string }).parameter).toBe('samples');
    x[500] = Number.POSITIVE_INFINITY;
    expectSerError(() => powerSpectrogram(x, { nFft: 256 }), 'SER_INVALID_ARGUMENT', /Infinity at index 500/);
    expectSerError(() => stft([1, 2, 3] as unknown as Float32Array, { nFft: 256 }), 'SER_INVALID_ARGUMENT', /Float32Array/);
  });
});
