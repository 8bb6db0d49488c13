import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { ravdess } from '../../test/augment/helpers.js';
import { createRng } from '../internal/rng.js';
import { cropOrPad, shiftBy, timeShift } from './shift.js';

const SR = 16_000;
const speech = ifShared(() => ravdess('03-01-05-01-01-01-02.wav').samples, new Float32Array(0));
const ramp = Float32Array.from({ length: 1000 }, (_, i) => (i + 1) / 1000);

/** The shift s such that y[i] = x[i - s] (ramp input makes it unique). */
function detectShift(y: Float32Array): number {
  const first = y.findIndex((v) => v !== 0);
  return first > 0 ? first : 1 - Math.round(y[0]! * 1000);
}

describe('timeShift', () => {
  itShared("'roll' keeps every sample (a permutation) and the length", () => {
    const y = timeShift(speech, { maxShiftSec: 0.3, sampleRate: SR, mode: 'roll' }, 4);
    expect(y.length).toBe(speech.length);
    expect(Array.from(y).sort()).toEqual(Array.from(speech).sort());
  });

  it("'zero' draws shifts uniformly within ±maxShiftSec, both signs, filling with zeros", () => {
    const rng = createRng(11);
    const shifts: number[] = [];
    for (let k = 0; k < 400; k++) {
      const y = timeShift(ramp, { maxShiftSec: 0.01, sampleRate: SR, mode: 'zero' }, rng); // ±160 samples
      const s = detectShift(y);
      shifts.push(s);
      expect(y).toEqual(shiftBy(ramp, s, 'zero'));
    }
    expect(Math.max(...shifts)).toBeLessThanOrEqual(160);
    expect(Math.min(...shifts)).toBeGreaterThanOrEqual(-160);
    expect(Math.max(...shifts)).toBeGreaterThan(140);
    expect(Math.min(...shifts)).toBeLessThan(-140);
    expect(Math.abs(shifts.reduce((a, b) => a + b) / shifts.length)).toBeLessThan(15);
  });

  it('shiftBy moves content later for a positive shift', () => {
    const x = Float32Array.of(1, 2, 3, 4, 5);
    expect(Array.from(shiftBy(x, 2, 'roll'))).toEqual([4, 5, 1, 2, 3]);
    expect(Array.from(shiftBy(x, -2, 'roll'))).toEqual([3, 4, 5, 1, 2]);
    expect(Array.from(shiftBy(x, 2, 'zero'))).toEqual([0, 0, 1, 2, 3]);
    expect(Array.from(shiftBy(x, -2, 'zero'))).toEqual([3, 4, 5, 0, 0]);
    expect(Array.from(shiftBy(x, 9, 'zero'))).toEqual([0, 0, 0, 0, 0]);
  });

  itShared('is deterministic for a seed; maxShiftSec 0 returns the input unchanged', () => {
    const o = { maxShiftSec: 0.2, sampleRate: SR } as const;
    expect(timeShift(speech, o, 5)).toEqual(timeShift(speech, o, 5));
    expect(timeShift(speech, { ...o, maxShiftSec: 0 }, 5)).toEqual(speech);
  });

  itShared('throws typed errors on bad options and input', () => {
    expectSerError(() => timeShift(speech, { maxShiftSec: -1, sampleRate: SR }, 1), 'SER_INVALID_ARGUMENT', /timeShift: maxShiftSec/);
    expectSerError(() => timeShift(speech, { maxShiftSec: 0.1, sampleRate: 0 }, 1), 'SER_INVALID_ARGUMENT', /timeShift: sampleRate/);
    expectSerError(() => timeShift(speech, { maxShiftSec: 0.1, sampleRate: SR, mode: 'wrap' as never }, 1), 'SER_INVALID_ARGUMENT', /timeShift: mode/);
    expectSerError(() => timeShift(new Float32Array(0), { maxShiftSec: 0.1, sampleRate: SR }, 1), 'SER_EMPTY_AUDIO');
    expectSerError(() => timeShift(Float32Array.of(NaN), { maxShiftSec: 0.1, sampleRate: SR }, 1), 'SER_INVALID_ARGUMENT', /non-finite/);
  });
});

describe('cropOrPad', () => {
  itShared('crops from the start or zero-pads at the end to round(durationSec · sampleRate)', () => {
    const c = cropOrPad(speech, { sampleRate: SR, durationSec: 3 });
    expect(c.length).toBe(48_000);
    expect(c).toEqual(speech.subarray(0, 48_000));
    const p = cropOrPad(speech, { sampleRate: SR, durationSec: 4.5 });
    expect(p.length).toBe(72_000);
    expect(p.subarray(0, speech.length)).toEqual(speech);
    expect(p.subarray(speech.length).every((v) => v === 0)).toBe(true);
  });

  it('random: crops a contiguous window / places the clip at an offset inside the padding', () => {
    const rng = createRng(3);
    const offsets = new Set<number>();
    for (let k = 0; k < 50; k++) {
      const c = cropOrPad(ramp, { sampleRate: 1000, durationSec: 0.6, random: true }, rng);
      const off = Math.round(c[0]! * 1000) - 1;
      expect(c).toEqual(ramp.subarray(off, off + 600));
      offsets.add(off);
      const p = cropOrPad(ramp, { sampleRate: 1000, durationSec: 1.2, random: true }, rng);
      const at = p.findIndex((v) => v !== 0);
      expect(at).toBeLessThanOrEqual(200);
      expect(p.subarray(at, at + 1000)).toEqual(ramp);
    }
    expect(offsets.size).toBeGreaterThan(30);
  });

  itShared('throws typed errors', () => {
    expectSerError(() => cropOrPad(speech, { sampleRate: SR, durationSec: 0 }), 'SER_INVALID_ARGUMENT', /cropOrPad: durationSec/);
    expectSerError(() => cropOrPad(speech, { sampleRate: SR, durationSec: 1, random: true }), 'SER_INVALID_ARGUMENT', /cropOrPad: rng must be given/);
    expectSerError(() => cropOrPad(new Float32Array(0), { sampleRate: SR, durationSec: 1 }), 'SER_EMPTY_AUDIO');
  });
});
