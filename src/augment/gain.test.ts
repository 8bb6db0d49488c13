import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { peak, ravdess } from '../../test/augment/helpers.js';
import { gain, headroomDb } from './gain.js';

const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0)); // peak ≈ 0.157 (16 dB headroom)
const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('gain', () => {
  itShared.each([-20, -6, -0.5, 0, 0.1, 3, 6, 12])('%s dB: measured level change within 0.1 dB', (db) => {
    const y = gain(speech, { db });
    expect(y.length).toBe(speech.length);
    expect(Math.abs(20 * Math.log10(rms(y) / rms(speech)) - db)).toBeLessThan(0.1);
    expect(peak(y)).toBeLessThanOrEqual(1);
  });

  itShared('headroomDb is -20·log10(peak), Infinity for silence', () => {
    expect(headroomDb(Float32Array.of(0.5, -0.25))).toBeCloseTo(6.0206, 4);
    expect(headroomDb(new Float32Array(4))).toBe(Infinity);
    expect(Math.abs(headroomDb(speech) + 20 * Math.log10(peak(speech)))).toBeLessThan(1e-9);
  });

  itShared('refuses a gain beyond the headroom with SER_INVALID_ARGUMENT naming db and the allowed maximum', () => {
    const head = headroomDb(speech);
    const e = expectSerError(() => gain(speech, { db: head + 0.5 }), 'SER_INVALID_ARGUMENT', new RegExp(`gain: db must be <= ${head.toFixed(2)}`));
    expect((e as unknown as { parameter: string }).parameter).toBe('db');
    expect(peak(gain(speech, { db: head - 0.01 }))).toBeLessThanOrEqual(1);
    // Exactly at the headroom: accepted, peak lands on 1 (float32 rounding pinned, never above).
    for (const x of [speech, Float32Array.of(0.3, -0.7), Float32Array.of(0.123456)]) {
      expect(Math.abs(peak(gain(x, { db: headroomDb(x) })) - 1)).toBeLessThan(1e-6);
      expect(peak(gain(x, { db: headroomDb(x) }))).toBeLessThanOrEqual(1);
    }
  });

  itShared('with allowClipping: true returns the scaled values beyond [-1, 1]', () => {
    const y = gain(speech, { db: 24, allowClipping: true });
    expect(peak(y)).toBeGreaterThan(1);
    expect(Math.abs(20 * Math.log10(rms(y) / rms(speech)) - 24)).toBeLessThan(0.1);
  });

  itShared('throws on bad db, empty and NaN input', () => {
    expectSerError(() => gain(speech, { db: Number.NaN }), 'SER_INVALID_ARGUMENT', /gain: db/);
    expectSerError(() => gain(speech, { db: 1000 }), 'SER_INVALID_ARGUMENT', /gain: db/);
    expectSerError(() => gain(new Float32Array(0), { db: 1 }), 'SER_EMPTY_AUDIO');
    expectSerError(() => gain(Float32Array.of(Infinity), { db: 1 }), 'SER_INVALID_ARGUMENT', /non-finite/);
    expectSerError(() => headroomDb(new Float32Array(0)), 'SER_EMPTY_AUDIO');
  });
});
