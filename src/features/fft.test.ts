import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { RealFft, WindowedPowerFft, assertFftSize, isPowerOfTwo, nextPowerOfTwo } from './fft.js';
import { stftWindow } from './window.js';
import { createRng } from '../internal/rng.js';

function naiveDft(x: ArrayLike<number>): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let r = 0;
    let i = 0;
    for (let t = 0; t < n; t++) {
      r += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
      i -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
    }
    re.push(r);
    im.push(i);
  }
  return { re, im };
}

function randomSignal(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng() - 0.5);
}

describe('RealFft', () => {
  it.each([2, 4, 8, 16, 64, 512])('equals the unscaled DFT (numpy.fft.rfft) for N = %i', (n) => {
    const x = randomSignal(n, n);
    const s = new RealFft(n).forward(x);
    const ref = naiveDft(x);
    for (let k = 0; k <= n / 2; k++) {
      expect(s[2 * k]).toBeCloseTo(ref.re[k]!, 10);
      expect(s[2 * k + 1]).toBeCloseTo(ref.im[k]!, 10);
    }
  });

  it('inverse() undoes forward() (numpy.fft.irfft) to 1e-12', () => {
    const n = 256;
    const x = randomSignal(n, 7);
    const fft = new RealFft(n);
    const s = fft.forward(x);
    const re = Float64Array.from({ length: n / 2 + 1 }, (_, k) => s[2 * k]!);
    const im = Float64Array.from({ length: n / 2 + 1 }, (_, k) => s[2 * k + 1]!);
    const y = fft.inverse(re, im, new Float64Array(n));
    for (let i = 0; i < n; i++) expect(Math.abs(y[i]! - x[i]!)).toBeLessThan(1e-12);
  });

  it('powerInto with power 1 is the square root of power 2', () => {
    const x = randomSignal(64, 3);
    const fft = new RealFft(64);
    const p2 = new Float64Array(33);
    const p1 = new Float64Array(33);
    fft.powerInto(x, p2, 0, 2);
    fft.powerInto(x, p1, 0, 1);
    for (let k = 0; k < 33; k++) expect(p1[k]! ** 2).toBeCloseTo(p2[k]!, 10);
  });
});

describe('WindowedPowerFft', () => {
  it.each([2, 4, 8, 16, 32, 128, 512, 1024, 2048, 4096])('equals |RealFft(window · frame)|² to 1e-13 relative for N = %i', (n) => {
    const w = stftWindow('hann', n);
    const sig = Float32Array.from(randomSignal(n + 37, n + 1));
    const start = 37;
    const frame = Float64Array.from({ length: n }, (_, i) => sig[start + i]! * w[i]!);
    const want = new Float64Array(n / 2 + 1);
    new RealFft(n).powerInto(frame, want);
    const got = new Float64Array(n / 2 + 1);
    new WindowedPowerFft(w).power(sig, start, got, 0);
    const peak = Math.max(...want);
    for (let k = 0; k <= n / 2; k++) expect(Math.abs(got[k]! - want[k]!) / peak).toBeLessThan(1e-13);
  });
});

describe('FFT size validation', () => {
  it('names nFft and gives the window-preserving remedy', () => {
    const err = expectSerError(() => assertFftSize('Mfcc', 400, 16000), 'SER_INVALID_ARGUMENT');
    expect(err.message).toBe('Mfcc: nFft must be a power of two for fft.js (got 400). Use nFft=512 with winLength=400 to keep a 25 ms window.');
    expect((err as unknown as { parameter: string }).parameter).toBe('nFft');
  });

  it.each([0, 1, 3, 400, 2.5, -8, Number.NaN])('RealFft rejects size %s', (n) => {
    expectSerError(() => new RealFft(n), 'SER_INVALID_ARGUMENT', /nFft must be a power of two/);
  });

  it('recognises powers of two', () => {
    expect([2, 4, 1024].every(isPowerOfTwo)).toBe(true);
    expect([0, 1, 3, 6, 1000].some(isPowerOfTwo)).toBe(false);
    expect(nextPowerOfTwo(400)).toBe(512);
    expect(nextPowerOfTwo(512)).toBe(512);
  });
});
