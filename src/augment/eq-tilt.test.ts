import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, ravdess, tone, toneGainDb, welchPsd, whiteNoise } from '../../test/augment/helpers.js';
import { eqTilt } from './eq-tilt.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
const noise = whiteNoise(SR * 8, 31);

/**
 * Measured response of x → y: per-bin gain |Y|²/|X|² (Welch, 2048 points) in dB, fitted by least
 * squares against log2(f / 1 kHz) over [loHz, hiHz]. Returns the slope (dB/octave) and the
 * fitted gain at 1 kHz.
 */
function measuredTilt(x: Float32Array, y: Float32Array, loHz = 250, hiHz = 4000): { slope: number; at1k: number } {
  const px = welchPsd(x);
  const py = welchPsd(y);
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let k = 1; k < px.length; k++) {
    const f = (k * SR) / 2048;
    if (f < loHz || f > hiHz || px[k]! === 0) continue;
    const o = Math.log2(f / 1000);
    const db = 10 * Math.log10(py[k]! / px[k]!);
    n++;
    sx += o;
    sy += db;
    sxx += o * o;
    sxy += o * db;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { slope, at1k: (sy - slope * sx) / n };
}

describe('eqTilt', () => {
  it.each([-6, -3, -1, 1, 3, 6])('%s dB/oct on white noise: slope 250 Hz–4 kHz within 0.5 dB/oct, 1 kHz gain within 0.5 dB', (dbPerOctave) => {
    const y = eqTilt(noise, { sampleRate: SR, dbPerOctave });
    expect(y.length).toBe(noise.length);
    const m = measuredTilt(noise, y);
    expect(Math.abs(m.slope - dbPerOctave)).toBeLessThan(0.5);
    expect(Math.abs(m.slope - dbPerOctave)).toBeLessThan(0.1); // measured
    expect(Math.abs(m.at1k)).toBeLessThan(0.5);
  });

  itShared.each([-3, 3])('%s dB/oct on real speech: the same slope and 1 kHz gain', (dbPerOctave) => {
    const y = eqTilt(speech, { sampleRate: SR, dbPerOctave });
    expect(allFinite(y)).toBe(true);
    const m = measuredTilt(speech, y);
    expect(Math.abs(m.slope - dbPerOctave)).toBeLessThan(0.5);
    expect(Math.abs(m.at1k)).toBeLessThan(0.5);
  });

  it('on tones: 0 dB at the pivot, ±n·slope dB n octaves away, shelved beyond three octaves', () => {
    const g = (f: number, dbPerOctave: number, pivotHz = 1000) => {
      const x = tone(f, SR, 1, 0.3);
      return toneGainDb(x, eqTilt(x, { sampleRate: SR, dbPerOctave, pivotHz }));
    };
    expect(Math.abs(g(1000, 4))).toBeLessThan(0.1);
    expect(Math.abs(g(2000, 4) - 4)).toBeLessThan(0.1);
    expect(Math.abs(g(500, 4) + 4)).toBeLessThan(0.1);
    expect(Math.abs(g(4000, -2) + 4)).toBeLessThan(0.1);
    expect(Math.abs(g(800, 3, 400) - 3)).toBeLessThan(0.1); // custom pivot
    expect(Math.abs(g(60, 3) - g(90, 3))).toBeLessThan(0.3); // below 125 Hz: flat shelf at −9 dB
    expect(Math.abs(g(90, 3) + 9)).toBeLessThan(0.3);
  });

  itShared('0 dB/oct returns an equal copy; input untouched', () => {
    const copy = speech.slice();
    const y = eqTilt(speech, { sampleRate: SR, dbPerOctave: 0 });
    expect(y).toEqual(speech);
    expect(y).not.toBe(speech);
    eqTilt(speech, { sampleRate: SR, dbPerOctave: 5 });
    expect(speech).toEqual(copy);
  });

  itShared.each([
    ['sampleRate', { sampleRate: Number.NaN, dbPerOctave: 1 }],
    ['dbPerOctave', { sampleRate: SR, dbPerOctave: 7 }],
    ['dbPerOctave', { sampleRate: SR }],
    ['pivotHz', { sampleRate: SR, dbPerOctave: 1, pivotHz: 50 }],
    ['pivotHz', { sampleRate: SR, dbPerOctave: 1, pivotHz: 5000 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => eqTilt(speech, opts as never), 'SER_INVALID_ARGUMENT', new RegExp(`eqTilt: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws on empty and NaN input', () => {
    expectSerError(() => eqTilt(new Float32Array(0), { sampleRate: SR, dbPerOctave: 1 }), 'SER_EMPTY_AUDIO');
    expectSerError(() => eqTilt(Float32Array.of(NaN), { sampleRate: SR, dbPerOctave: 1 }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});
