import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSerError, itShared, REF } from '../../test/helpers.js';
import { getWindow, padCenter, stftWindow, type WindowName } from './window.js';

describe('getWindow', () => {
  it('returns the periodic Hann window 0.5 - 0.5 cos(2πn/N)', () => {
    const w4 = getWindow('hann', 4);
    [0, 0.5, 1, 0.5].forEach((v, i) => expect(w4[i]).toBeCloseTo(v, 15));
    expect(w4[0]).toBe(0);
    const w = getWindow('hann', 8);
    for (let n = 0; n < 8; n++) expect(w[n]).toBeCloseTo(0.5 - 0.5 * Math.cos((2 * Math.PI * n) / 8), 15);
  });

  it('returns symmetric windows when periodic is false (scipy sym=True)', () => {
    const w = getWindow('hann', 5, { periodic: false });
    expect(Array.from(w).map((v) => +v.toFixed(15))).toEqual([0, 0.5, 1, 0.5, 0]);
    const h = getWindow('hamming', 5, { periodic: false });
    expect(h[0]).toBeCloseTo(0.08, 15);
    expect(h[2]).toBeCloseTo(1, 15);
  });

  it.each([
    ['hamming', (n: number, N: number) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / N)],
    ['blackman', (n: number, N: number) => 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / N) + 0.08 * Math.cos((4 * Math.PI * n) / N)],
    ['rectangular', () => 1],
  ] as const)('computes the periodic %s window from its cosine-sum formula', (name, f) => {
    const w = getWindow(name as WindowName, 16);
    for (let n = 0; n < 16; n++) expect(w[n]).toBeCloseTo(f(n, 16), 14);
  });

  itShared('matches librosa/scipy window digits exactly (9 significant digits) for nFft 512 and 2048', () => {
    for (const preset of ['ser16k', 'default16k'] as const) {
      const ref = JSON.parse(readFileSync(join(REF, `librosa_${preset}.json`), 'utf8')) as { window: number[] };
      const w = stftWindow('hann', ref.window.length);
      const mismatches = ref.window.filter((r, i) => Number(w[i]!.toPrecision(9)) !== r).length;
      expect(mismatches).toBe(0);
    }
  });

  it('centres a short window in nFft like librosa.util.pad_center', () => {
    const w = stftWindow('hann', 8, 4);
    // hann(4) = [0, .5, 1, .5] placed at offset floor((8 - 4) / 2) = 2.
    [0, 0, 0, 0.5, 1, 0.5, 0, 0].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 15));
    expect(w[0]).toBe(0);
    expect(w[7]).toBe(0);
    expect(Array.from(padCenter([1, 1, 1], 6))).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it.each([
    ['unknown name', () => getWindow('kaiser' as WindowName, 8), 'window'],
    ['zero length', () => getWindow('hann', 0), 'n'],
    ['fractional length', () => getWindow('hann', 2.5), 'n'],
    ['non-boolean periodic', () => getWindow('hann', 8, { periodic: 'yes' as unknown as boolean }), 'periodic'],
    ['window longer than size', () => padCenter([1, 1, 1], 2), 'winLength'],
  ])('throws SER_INVALID_ARGUMENT for %s', (_label, fn, parameter) => {
    const err = expectSerError(fn, 'SER_INVALID_ARGUMENT');
    expect((err as unknown as { parameter: string }).parameter).toBe(parameter);
  });
});
