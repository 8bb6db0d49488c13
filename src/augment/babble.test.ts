import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { bandEnergy, peak, ravdess, snrDb, tone, welchPsd, whiteNoise } from '../../test/augment/helpers.js';
import { createRng } from '../internal/rng.js';
import { babbleNoise } from './babble.js';
import { addNoise } from './noise.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0)); // Actor 02 (the target)
// Other speakers: Actors 03–10, two sentences each.
const pool = ifShared(() => ['03', '04', '05', '06', '07', '08', '09', '10'].flatMap((a) =>
  ['01', '02'].map((statement) => ravdess(`03-01-01-01-${statement}-01-${a}.wav`).samples),
), []);

/** Fraction of the energy between 100 Hz and 4 kHz. */
function speechBandFraction(x: Float32Array): number {
  const p = welchPsd(x);
  return bandEnergy(p, SR, 100, 4000) / bandEnergy(p, SR, 0, SR);
}

describe('babbleNoise', () => {
  itShared('mixed with addNoise, the measured SNR is exact (within 0.01 dB) at 5, 15 and 30 dB', () => {
    for (const target of [5, 15, 30]) {
      const babble = babbleNoise(pool, { length: speech.length }, target);
      const y = addNoise(speech, { snrDb: target, type: { clip: babble } }, target);
      expect(y.length).toBe(speech.length);
      expect(Math.abs(snrDb(speech, y.map((v, i) => v - speech[i]!)) - target)).toBeLessThan(0.01);
    }
  });

  itShared('has a speech-like long-term spectrum: > 80 % of the energy in 100–4000 Hz (white noise: ~49 %)', () => {
    for (let seed = 0; seed < 3; seed++) {
      const babble = babbleNoise(pool, { length: 4 * SR }, seed);
      expect(speechBandFraction(babble)).toBeGreaterThan(0.8);
    }
    expect(speechBandFraction(whiteNoise(4 * SR, 1))).toBeLessThan(0.55);
  });

  it('sums the requested number of distinct talkers (tone "talkers" at distinct frequencies)', () => {
    const freqs = [300, 500, 700, 900, 1100, 1300, 1500, 1700];
    const tones = freqs.map((f) => tone(f, SR, 0.5 + f / 10_000, 0.3));
    for (const k of [1, 4, 6, 8]) {
      for (let seed = 0; seed < 3; seed++) {
        const p = welchPsd(babbleNoise(tones, { length: 2 * SR, speakers: k }, seed));
        const present = freqs.filter((f) => bandEnergy(p, SR, f - 40, f + 40) > 1e-3 * bandEnergy(p, SR, 0, SR));
        expect(present.length).toBe(k);
      }
    }
    // A range draws the count uniformly from it.
    const counts = new Set<number>();
    for (let seed = 0; seed < 30; seed++) {
      const p = welchPsd(babbleNoise(tones, { length: SR, speakers: [4, 6] }, seed));
      counts.add(freqs.filter((f) => bandEnergy(p, SR, f - 40, f + 40) > 1e-3 * bandEnergy(p, SR, 0, SR)).length);
    }
    expect([...counts].sort()).toEqual([4, 5, 6]);
  });

  it('levels the talkers: a quiet clip contributes as much power as a loud one', () => {
    const quiet = tone(400, SR, 1, 0.01);
    const loud = tone(1200, SR, 1, 0.9);
    const p = welchPsd(babbleNoise([quiet, loud], { length: SR, speakers: 2 }, 3));
    const ratioDb = 10 * Math.log10(bandEnergy(p, SR, 360, 440) / bandEnergy(p, SR, 1160, 1240));
    expect(Math.abs(ratioDb)).toBeLessThan(0.5);
  });

  itShared('loops clips shorter than the output, has the mean level of its talkers\' clips and stays within [-1, 1]', () => {
    const babble = babbleNoise(pool, { length: 10 * SR, speakers: pool.length }, 7); // every clip once
    expect(babble.length).toBe(10 * SR);
    expect(peak(babble)).toBeLessThanOrEqual(1);
    const meanClipPower = pool.reduce((s, c) => s + c.reduce((a, v) => a + v * v, 0) / c.length, 0) / pool.length;
    const p = babble.reduce((a, v) => a + v * v, 0) / babble.length;
    expect(Math.abs(10 * Math.log10(p / meanClipPower))).toBeLessThan(0.01);
    // Fewer clips than talkers: repeats are allowed.
    expect(babbleNoise(pool.slice(0, 2), { length: SR, speakers: 5 }, 1).length).toBe(SR);
  });

  itShared('is deterministic with the same seed and differs with another', () => {
    const o = { length: speech.length };
    expect(babbleNoise(pool, o, 11)).toEqual(babbleNoise(pool, o, 11));
    expect(babbleNoise(pool, o, createRng(11))).toEqual(babbleNoise(pool, o, 11));
    expect(babbleNoise(pool, o, 11)).not.toEqual(babbleNoise(pool, o, 12));
  });

  itShared.each([
    ['clips', () => babbleNoise([], { length: 10 }, 1)],
    ['clips', () => babbleNoise('x' as never, { length: 10 }, 1)],
    ['clips[1]', () => babbleNoise([pool[0]!, new Float32Array(10)], { length: 10 }, 1)],
    ['clips[0]', () => babbleNoise([[0.1, 0.2] as never], { length: 10 }, 1)],
    ['length', () => babbleNoise(pool, { length: 0 }, 1)],
    ['length', () => babbleNoise(pool, { length: 1.5 }, 1)],
    ['speakers', () => babbleNoise(pool, { length: 10, speakers: 0 }, 1)],
    ['speakers', () => babbleNoise(pool, { length: 10, speakers: [6, 4] }, 1)],
    ['rng', () => babbleNoise(pool, { length: 10 }, 'x' as never)],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, fn) => {
    const e = expectSerError(fn, 'SER_INVALID_ARGUMENT', /babbleNoise/);
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws SER_EMPTY_AUDIO on an empty clip and SER_INVALID_ARGUMENT on NaN', () => {
    expectSerError(() => babbleNoise([new Float32Array(0)], { length: 10 }, 1), 'SER_EMPTY_AUDIO', /clips\[0\] is empty/);
    expectSerError(() => babbleNoise([Float32Array.of(0.1, NaN)], { length: 10 }, 1), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});
