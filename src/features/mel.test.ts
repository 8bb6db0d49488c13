import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSerError, itShared, REF } from '../../test/helpers.js';
import { applyMelFilterBank, fftFrequencies, hzToMel, melFilterBank, melFrequencies, melToHz, type MelFilterBankOptions } from './mel.js';

interface RefFile {
  meta: { params: { sr: number; n_fft: number; n_mels: number } };
  mel_basis: number[][];
}

describe('mel scale', () => {
  it('uses the Slaney scale: linear below 1 kHz (200/3 Hz per mel), log above', () => {
    expect(hzToMel(0)).toBe(0);
    expect(hzToMel(200)).toBeCloseTo(3, 12);
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(6400)).toBeCloseTo(15 + 27, 12); // ln(6.4) / (ln 6.4 / 27) = 27
    expect(melToHz(42)).toBeCloseTo(6400, 9);
  });

  it('uses 2595·log10(1 + f/700) with htk', () => {
    expect(hzToMel(700, { htk: true })).toBeCloseTo(2595 * Math.log10(2), 12);
    expect(melToHz(hzToMel(4321, { htk: true }), { htk: true })).toBeCloseTo(4321, 9);
  });

  it('round-trips hz → mel → hz on both scales', () => {
    for (const f of [0, 55, 999.9, 1000, 1000.1, 8000, 22050]) {
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8);
      expect(melToHz(hzToMel(f, { htk: true }), { htk: true })).toBeCloseTo(f, 8);
    }
  });

  it('spaces mel frequencies evenly on the mel scale from fMin to fMax', () => {
    const f = melFrequencies(10, { fMin: 100, fMax: 7000 });
    expect(f[0]).toBeCloseTo(100, 9);
    expect(f[9]).toBeCloseTo(7000, 9);
    const steps = Array.from(f).slice(1).map((v, i) => hzToMel(v) - hzToMel(f[i]!));
    for (const s of steps) expect(s).toBeCloseTo(steps[0]!, 9);
  });

  it('places FFT bins at k · sr / nFft', () => {
    const f = fftFrequencies(16000, 512);
    expect(f.length).toBe(257);
    expect(f[1]).toBeCloseTo(31.25, 12);
    expect(f[256]).toBe(8000);
  });
});

describe('melFilterBank parity with librosa.filters.mel', () => {
  itShared.each(['ser16k', 'default16k', 'classic22k'])('is bit-exact in float32 against %s mel_basis (≤ 1e-6 required)', (preset) => {
    const ref = JSON.parse(readFileSync(join(REF, `librosa_${preset}.json`), 'utf8')) as RefFile;
    const p = ref.meta.params;
    const bank = melFilterBank({ sampleRate: p.sr, nFft: p.n_fft, nMels: p.n_mels });
    const bins = p.n_fft / 2 + 1;
    expect(bank.bins).toBe(bins);
    let maxAbs = 0;
    let mismatches = 0;
    for (let m = 0; m < p.n_mels; m++) {
      for (let k = 0; k < bins; k++) {
        const r = ref.mel_basis[m]![k]!;
        const v = bank.data[m * bins + k]!;
        maxAbs = Math.max(maxAbs, Math.abs(r - v));
        // 9 significant digits identify a float32 uniquely, so fround(ref) must equal ours.
        if (Math.fround(r) !== v) mismatches++;
      }
    }
    expect(maxAbs).toBeLessThanOrEqual(1e-6);
    expect(mismatches).toBe(0);
  });
});

describe('melFilterBank properties', () => {
  const bank = melFilterBank({ sampleRate: 16000, nFft: 512, nMels: 40 });

  it('has non-negative weights', () => {
    expect(bank.data.every((v) => v >= 0)).toBe(true);
  });

  it('peaks each filter within one bin of melToHz(centre)', () => {
    const binHz = 16000 / 512;
    for (let m = 0; m < 40; m++) {
      let best = 0;
      for (let k = 1; k < bank.bins; k++) if (bank.data[m * bank.bins + k]! > bank.data[m * bank.bins + best]!) best = k;
      expect(Math.abs(best * binHz - bank.edges[m + 1]!)).toBeLessThanOrEqual(binHz);
    }
  });

  it('has peak 1 without normalisation and area ≈ 1 (in Hz) with slaney', () => {
    const raw = melFilterBank({ sampleRate: 16000, nFft: 4096, nMels: 20, norm: null, logger: { warn() {} } });
    for (let m = 0; m < 20; m++) {
      const row = raw.data.subarray(m * raw.bins, (m + 1) * raw.bins);
      expect(Math.max(...row)).toBeGreaterThan(0.97);
      expect(Math.max(...row)).toBeLessThanOrEqual(1);
    }
    const norm = melFilterBank({ sampleRate: 16000, nFft: 4096, nMels: 20 });
    const binHz = 16000 / 4096;
    for (let m = 0; m < 20; m++) {
      let area = 0;
      for (let k = 0; k < norm.bins; k++) area += norm.data[m * norm.bins + k]! * binHz;
      expect(area).toBeCloseTo(1, 2);
    }
  });

  it('stores the same weights densely and sparsely', () => {
    const { sparse } = bank;
    for (let m = 0; m < 40; m++) {
      for (let k = 0; k < bank.bins; k++) {
        const j = k - sparse.start[m]!;
        const v = j >= 0 && j < sparse.length[m]! ? sparse.weights[sparse.offset[m]! + j]! : 0;
        expect(v).toBe(bank.data[m * bank.bins + k]);
      }
    }
  });

  it('projects a power spectrogram onto the bank (S · Wᵀ)', () => {
    const S = { data: new Float32Array(3 * bank.bins).fill(1), frames: 3, bins: bank.bins };
    const M = applyMelFilterBank(S, bank);
    expect([M.frames, M.bins]).toEqual([3, 40]);
    for (let m = 0; m < 40; m++) {
      const rowSum = bank.data.subarray(m * bank.bins, (m + 1) * bank.bins).reduce((a, b) => a + b, 0);
      expect(M.data[2 * 40 + m]).toBeCloseTo(rowSum, 5);
    }
    expectSerError(() => applyMelFilterBank({ data: new Float32Array(10), frames: 1, bins: 10 }, bank), 'SER_SHAPE_MISMATCH', /257/);
  });

  it("warns like librosa when filters are empty (too many bands for the FFT) and when fMax > Nyquist", () => {
    const messages: string[] = [];
    melFilterBank({ sampleRate: 16000, nFft: 512, nMels: 256, logger: { warn: (m) => messages.push(m) } }); // 11.7 Hz steps < 31.25 Hz bins
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Empty filters detected in mel frequency basis/);
    const more: string[] = [];
    melFilterBank({ sampleRate: 16000, nFft: 512, nMels: 40, fMax: 12000, logger: { warn: (m) => more.push(m) } });
    expect(more[0]).toMatch(/Empty filters detected/);
    const none: string[] = [];
    melFilterBank({ sampleRate: 16000, nFft: 512, nMels: 128, logger: { warn: (m) => none.push(m) } }); // 23 Hz steps, 47 Hz wide filters
    expect(none).toEqual([]);
  });

  it.each<[string, Partial<MelFilterBankOptions>, string]>([
    ['sampleRate 0', { sampleRate: 0 }, 'sampleRate'],
    ['nFft 0', { nFft: 0 }, 'nFft'],
    ['nMels 0', { nMels: 0 }, 'nMels'],
    ['negative fMin', { fMin: -1 }, 'fMin'],
    ['fMax below fMin', { fMin: 500, fMax: 400 }, 'fMax'],
    ['unknown norm', { norm: 'l2' as 'slaney' }, 'norm'],
    ['non-boolean htk', { htk: 'yes' as unknown as boolean }, 'htk'],
    ['snake_case n_mels', { n_mels: 40 } as Partial<MelFilterBankOptions>, 'n_mels'],
  ])('throws SER_INVALID_ARGUMENT for %s', (_label, opts, parameter) => {
    const err = expectSerError(() => melFilterBank({ sampleRate: 16000, nFft: 512, ...opts }), 'SER_INVALID_ARGUMENT', new RegExp(parameter));
    expect((err as unknown as { parameter: string }).parameter).toBe(parameter);
  });
});
