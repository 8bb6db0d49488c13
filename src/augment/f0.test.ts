import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { median, ravdess, tone } from '../../test/augment/helpers.js';
import { yin } from './f0.js';

const SR = 16_000;

describe('yin', () => {
  it('has one frame per hop, centred: 1 + floor(n / hopLength) frames', () => {
    const r = yin(tone(200, SR, 0.5), { sampleRate: SR });
    expect(r.hopLength).toBe(160);
    expect(r.f0.length).toBe(1 + Math.floor(8000 / 160));
    expect(r.aperiodicity.length).toBe(r.f0.length);
  });

  it.each([80, 110, 220, 440, 700])('finds the F0 of a %d Hz tone within 0.3 %%', (f) => {
    const r = yin(tone(f, SR, 0.6), { sampleRate: SR });
    const inner = r.f0.subarray(5, r.f0.length - 5);
    expect(Array.from(inner).every(Number.isFinite)).toBe(true);
    expect(Math.abs(median(inner) / f - 1)).toBeLessThan(0.003);
  });

  it('reports silence and white noise as unvoiced (NaN)', () => {
    expect(Array.from(yin(new Float32Array(8000), { sampleRate: SR }).f0).every(Number.isNaN)).toBe(true);
    let s = 1;
    const noise = Float32Array.from({ length: 8000 }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
    const f0 = yin(noise, { sampleRate: SR }).f0;
    const voiced = Array.from(f0).filter(Number.isFinite).length;
    expect(voiced / f0.length).toBeLessThan(0.1);
  });

  it('tracks a female RAVDESS voice in the 120–500 Hz range and leaves the leading silence unvoiced', () => {
    const { samples } = ravdess('03-01-05-01-01-01-02.wav');
    const r = yin(samples, { sampleRate: SR });
    const voiced = Array.from(r.f0).filter(Number.isFinite);
    expect(voiced.length).toBeGreaterThan(30);
    const m = median(voiced);
    expect(m).toBeGreaterThan(120);
    expect(m).toBeLessThan(500);
    // The first 0.3 s of every RAVDESS clip is near-silence.
    expect(Array.from(r.f0.subarray(0, 30)).filter(Number.isFinite).length).toBe(0);
  });

  it.each([
    ['sampleRate', { sampleRate: 0 }],
    ['fMin', { sampleRate: SR, fMin: -5 }],
    ['fMax', { sampleRate: SR, fMin: 300, fMax: 200 }],
    ['hopLength', { sampleRate: SR, hopLength: 0 }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => yin(tone(200, SR, 0.2), opts), 'SER_INVALID_ARGUMENT', new RegExp(name));
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  it('throws SER_EMPTY_AUDIO on empty input and SER_INVALID_ARGUMENT on NaN', () => {
    expectSerError(() => yin(new Float32Array(0), { sampleRate: SR }), 'SER_EMPTY_AUDIO', /empty/);
    expectSerError(() => yin(Float32Array.of(0, NaN, 0), { sampleRate: SR }), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});
