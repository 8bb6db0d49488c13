import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { peak, ravdess, snrDb, tone } from '../../test/augment/helpers.js';
import { aLaw, muLaw } from './companding.js';

const SR = 16_000;
const raw = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
/** The clip normalised to a peak of 0.99 (full scale). */
const speech = raw.map((v) => (0.99 * v) / peak(raw));
const err = (y: Float32Array, x: Float32Array) => y.map((v, i) => v - x[i]!);
const DELTA = 1 / 127; // quantiser step of the companded value

/**
 * SNR predicted by the quantisation model: a sample spanning many steps gets uniform noise of
 * power Δ²/12 · (dx/dF)² (step Δ in the companded domain mapped back through the law's slope);
 * one smaller than half the first step is coded as 0, so its error is the sample itself —
 * hence min(x², Δ²/12 · (dx/dF)²).
 */
function theorySnrDb(x: Float32Array, slope: (m: number) => number): number {
  let ps = 0;
  let pn = 0;
  for (const v of x) {
    ps += v * v;
    pn += Math.min(v * v, ((DELTA * DELTA) / 12) * slope(Math.abs(v)) ** 2);
  }
  return 10 * Math.log10(ps / pn);
}

const muSlope = (mu: number) => (m: number) => Math.log1p(mu) * (1 / mu + m);
const aSlope = (a: number) => (m: number) => (m < 1 / a ? (1 + Math.log(a)) / a : (1 + Math.log(a)) * m);

describe('muLaw / aLaw', () => {
  itShared.each([
    ['muLaw', (x: Float32Array) => muLaw(x), muSlope(255)],
    ['aLaw', (x: Float32Array) => aLaw(x), aSlope(87.6)],
  ] as const)('%s: SNR of a full-scale real clip is 35–40 dB and within 1 dB of quantisation theory', (_, code, slope) => {
    const y = code(speech);
    expect(y.length).toBe(speech.length);
    const measured = snrDb(speech, err(y, speech));
    expect(measured).toBeGreaterThan(35);
    expect(measured).toBeLessThan(40);
    expect(Math.abs(measured - theorySnrDb(speech, slope))).toBeLessThan(1);
  });

  itShared('SNR is nearly level-independent (within 3 dB of full scale down to −20 dB) and follows theory down to −30 dB', () => {
    for (const [code, slope] of [[muLaw, muSlope(255)], [aLaw, aSlope(87.6)]] as const) {
      const full = snrDb(speech, err(code(speech), speech));
      for (const db of [-10, -20, -30]) {
        const x = speech.map((v) => v * 10 ** (db / 20));
        const s = snrDb(x, err(code(x), x));
        if (db >= -20) expect(Math.abs(s - full)).toBeLessThan(3);
        expect(Math.abs(s - theorySnrDb(x, slope))).toBeLessThan(1);
      }
    }
  });

  it('a smaller µ gives a finer step at full scale: µ = 15 beats µ = 255 on a loud tone, within 1 dB of theory', () => {
    const x = tone(440, SR, 1, 0.9);
    const s15 = snrDb(x, err(muLaw(x, { mu: 15 }), x));
    const s255 = snrDb(x, err(muLaw(x), x));
    expect(s15).toBeGreaterThan(s255 + 5);
    expect(Math.abs(s15 - theorySnrDb(x, muSlope(15)))).toBeLessThan(1);
  });

  itShared.each([
    ['muLaw', (x: Float32Array) => muLaw(x)],
    ['aLaw', (x: Float32Array) => aLaw(x)],
    ['muLaw µ=50', (x: Float32Array) => muLaw(x, { mu: 50 })],
    ['aLaw A=1 (linear)', (x: Float32Array) => aLaw(x, { a: 1 })],
  ] as const)('%s: monotone, at most 256 distinct values, odd, 0 → 0, saturates beyond ±1', (_, code) => {
    const ramp = Float32Array.from({ length: 20001 }, (_, i) => -1.2 + (2.4 * i) / 20000);
    const y = code(ramp);
    for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!);
    const distinct = new Set(y).size;
    expect(distinct).toBeLessThanOrEqual(256);
    expect(distinct).toBeGreaterThan(200);
    for (let i = 0; i < y.length; i++) expect(y[i]! + y[y.length - 1 - i]!).toBe(0);
    expect(code(Float32Array.of(0, 1, -1, 5))).toEqual(Float32Array.of(0, 1, -1, 1));
    const real = code(speech);
    expect(new Set(real).size).toBeLessThanOrEqual(256);
  });

  it('A-law is linear (uniform step (1 + ln A)/(127·A)) below 1/A', () => {
    const x = Float32Array.from({ length: 100 }, (_, i) => (i / 100) * (1 / 87.6));
    const y = aLaw(x);
    const step = (1 + Math.log(87.6)) / (127 * 87.6);
    for (const v of y) expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-3);
  });

  itShared('does not modify its input', () => {
    const copy = speech.slice();
    muLaw(speech);
    aLaw(speech);
    expect(speech).toEqual(copy);
  });

  itShared.each([
    ['mu', () => muLaw(speech, { mu: 0 })],
    ['mu', () => muLaw(speech, { mu: Number.NaN })],
    ['a', () => aLaw(speech, { a: 0.5 })],
    ['a', () => aLaw(speech, { a: 1e6 })],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, fn) => {
    const e = expectSerError(fn, 'SER_INVALID_ARGUMENT', new RegExp(`${name === 'mu' ? 'muLaw' : 'aLaw'}: ${name}`));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws on empty and NaN input', () => {
    expectSerError(() => muLaw(new Float32Array(0)), 'SER_EMPTY_AUDIO');
    expectSerError(() => aLaw(Float32Array.of(0.1, Infinity)), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});
