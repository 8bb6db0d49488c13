import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeShared, expectSerError, ifShared, REF, sine } from '../../test/helpers.js';
import { readWav } from '../../test/read-pcm16.js';
import { createRng } from '../internal/rng.js';
import { dctMatrix } from './dct.js';
import { MFCC_DEFAULTS, MFCC_PRESETS, Mfcc, SER16K_MFCC, resolveMfccConfig, type MfccOptions } from './mfcc.js';

interface RefJson {
  meta: { preset: string; params: Record<string, number | string | boolean | null> };
  files: {
    name: string;
    n_frames: number;
    signal: { n: number };
    mel_power: number[][];
    mel_db: number[][];
    mfcc: number[][];
  }[];
}

/** Max |ours[t][k] − ref[k][t]| (ours frame-major, ref band-major as in the JSON). */
function maxDiff(ours: Float32Array, ref: number[][], rel = false, floor = 0): number {
  const bands = ref.length;
  let m = 0;
  for (let k = 0; k < bands; k++) {
    const row = ref[k]!;
    for (let t = 0; t < row.length; t++) {
      const d = Math.abs(ours[t * bands + k]! - row[t]!);
      m = Math.max(m, rel ? d / Math.max(Math.abs(row[t]!), floor) : d);
    }
  }
  return m;
}

const quiet = { warn() {} };

describeShared.each(['ser16k', 'default16k', 'classic22k'] as const)('librosa 0.10.2 parity, preset %s', (preset) => {
  const ref = ifShared(() => JSON.parse(readFileSync(join(REF, `librosa_${preset}.json`), 'utf8')) as RefJson, { meta: { params: {} }, files: [] } as unknown as RefJson);
  const p = ref.meta.params;

  it('MFCC_PRESETS matches meta.params of the reference file (other params are librosa defaults)', () => {
    const opts = MFCC_PRESETS[preset];
    expect(opts).toEqual({ sampleRate: p.sr, nFft: p.n_fft, hopLength: p.hop_length, nMels: p.n_mels, nMfcc: p.n_mfcc });
    const c = new Mfcc(opts).config;
    expect([c.winLength, c.window, c.center, c.padMode, c.power, c.fMin, c.fMax, c.htk, c.melNorm, c.dctNorm, c.lifter, c.topDb]).toEqual([
      p.n_fft, p.window, p.center, p.pad_mode, p.power, p.fmin, (p.sr as number) / 2, p.htk, p.norm, p.dct_norm, p.lifter, p.top_db,
    ]);
  });

  const mfcc = new Mfcc({ ...MFCC_PRESETS[preset], logger: quiet, engine: 'js' });
  const wasm = new Mfcc({ ...MFCC_PRESETS[preset], logger: quiet, engine: 'wasm' });
  it.each(ref.files.map((f) => [f.name, f] as const))('%s: MFCC within 1e-3 (js and wasm engines), mel power within 2e-6 relative, dB within 1e-4', (_name, f) => {
    const { samples, sampleRate } = readWav(join(REF, 'wav', f.name));
    expect(sampleRate).toBe(p.sr);
    expect(samples.length).toBe(f.signal.n);
    const out = mfcc.compute(samples);
    expect([out.frames, out.bins]).toEqual([f.n_frames, p.n_mfcc]);
    // float64 pipeline vs librosa's float32 one; README: float32 implementations stay within 1e-3.
    expect(maxDiff(out.data, f.mfcc)).toBeLessThanOrEqual(1e-3);
    const w = wasm.compute(samples);
    expect([w.frames, w.bins]).toEqual([f.n_frames, p.n_mfcc]);
    expect(maxDiff(w.data, f.mfcc)).toBeLessThanOrEqual(1e-3);
    // Same float64 algorithm: the engines differ only by summation order (≤ 1 float32 ulp).
    let engines = 0;
    for (let i = 0; i < w.data.length; i++) engines = Math.max(engines, Math.abs(w.data[i]! - out.data[i]!) / Math.max(1, Math.abs(out.data[i]!)));
    expect(engines).toBeLessThan(2.5e-7);
    // librosa rounds the STFT to complex64 and sums the mel projection in float32: a few 1e-7
    // relative. Values below amin (1e-10) are clamped before the log, so compare above it.
    expect(maxDiff(mfcc.melSpectrogram(samples).data, f.mel_power, true, 1e-10)).toBeLessThanOrEqual(2e-6);
    // 10·log10 of a 2e-6 relative error is 1e-5 dB; float32 dB values near ±100 have a 7.6e-6 ulp.
    expect(maxDiff(mfcc.logMel(samples).data, f.mel_db)).toBeLessThanOrEqual(1e-4);
  });
});

describe('Mfcc behaviour', () => {
  const x = Float32Array.from(sine(440, 16000, 1.3), (v, i) => v + 0.01 * Math.sin(i * 0.37));

  it('returns [1 + floor(len / hop), nMfcc] frames', () => {
    const m = new Mfcc({ ...SER16K_MFCC, logger: quiet });
    for (const len of [1, 159, 160, 16001]) {
      const out = m.compute(new Float32Array(len).fill(0.1));
      expect([out.frames, out.bins]).toEqual([1 + Math.floor(len / 160), 40]);
      expect(m.frameCount(len)).toBe(out.frames);
    }
  });

  it('starts from any upstream product with identical results (librosa S=)', () => {
    const m = new Mfcc(SER16K_MFCC);
    const direct = m.compute(x);
    // The signal path keeps the power spectrum in float64; an S argument is float32 (like
    // librosa's), so the products agree to float32 rounding, not bit for bit.
    const S = m.powerSpectrogram(x);
    const diff = (a: Float32Array, b: Float32Array, rel: boolean) => {
      expect(a.length).toBe(b.length);
      let e = 0;
      for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!) / (rel ? Math.max(Math.abs(b[i]!), 1e-10) : 1));
      return e;
    };
    expect(diff(m.fromPowerSpectrogram(S).data, direct.data, false)).toBeLessThan(1e-4);
    expect(diff(m.melSpectrogram({ S }).data, m.melSpectrogram(x).data, true)).toBeLessThan(1e-6);
    expect(diff(m.logMel({ S }).data, m.logMel(x).data, false)).toBeLessThan(1e-4);
    expect(diff(m.fromLogMel(m.logMel(x)).data, direct.data, false)).toBeLessThan(1e-4);
    // The WASM engine's log-mel (mel/dB stage of the kernel, floored in JS) equals the TypeScript path.
    const js = new Mfcc({ ...SER16K_MFCC, engine: 'js' }).logMel(x);
    const wasm = new Mfcc({ ...SER16K_MFCC, engine: 'wasm' }).logMel(x);
    expect(wasm.frames).toBe(js.frames);
    expect(diff(wasm.data, js.data, false)).toBeLessThan(1e-4);
    expectSerError(() => new Mfcc({ ...SER16K_MFCC, engine: 'wasm' }).logMel(Float32Array.from(x, (v, i) => (i === 999 ? NaN : v))), 'SER_INVALID_ARGUMENT');
    // One pass for both: the same matrices as logMel() and compute(), on either engine.
    for (const engine of ['js', 'wasm'] as const) {
      const e = new Mfcc({ ...SER16K_MFCC, engine });
      const both = e.logMelAndMfcc(x);
      expect(diff(both.logMel.data, e.logMel(x).data, false)).toBe(0);
      expect(diff(both.mfcc.data, e.compute(x).data, false)).toBeLessThan(1e-4);
      expect(both.mfcc.frames).toBe(both.logMel.frames);
    }
    expectSerError(() => m.fromPowerSpectrogram({ data: new Float32Array(10), frames: 1, bins: 10 }), 'SER_SHAPE_MISMATCH', /257/);
    expectSerError(() => m.fromLogMel({ data: new Float32Array(10), frames: 1, bins: 10 }), 'SER_SHAPE_MISMATCH', /64/);
  });

  it.each(['js', 'wasm'] as const)('gives identical results when reused across calls of different lengths (%s engine, buffer reuse)', (engine) => {
    const m = new Mfcc({ ...SER16K_MFCC, engine });
    expect(m.engine).toBe(engine);
    const a = Array.from(m.compute(x).data);
    const rng = createRng(1);
    m.compute(Float32Array.from({ length: 50000 }, () => rng() - 0.5));
    m.compute(x.subarray(0, 700));
    expect(Array.from(m.compute(x).data)).toEqual(a);
    expect(Array.from(new Mfcc({ ...SER16K_MFCC, engine }).compute(x).data)).toEqual(a);
  });

  it.each<[string, MfccOptions]>([
    ['reflect padding', { padMode: 'reflect' }],
    ['edge padding', { padMode: 'edge' }],
    ['no centring', { center: false }],
    ['hop larger than nFft / 2', { hopLength: 400 }],
    ['winLength < nFft, odd nMfcc, lifter', { winLength: 400, nMfcc: 13, lifter: 22 }],
    ['nFft 1024 (radix-2 stage), 40 mels', { nFft: 1024, nMels: 40 }],
    ['nFft 2048, topDb null', { nFft: 2048, hopLength: 512, nMels: 128, topDb: null }],
    ['tiny nFft 8', { nFft: 8, hopLength: 4, nMels: 2, nMfcc: 2, logger: quiet }],
  ])('wasm and js engines agree with %s', (_l, opts) => {
    const o = { ...SER16K_MFCC, ...opts };
    for (const sig of [x, x.subarray(0, 3001), x.subarray(0, 700)]) {
      const a = new Mfcc({ ...o, engine: 'js' }).compute(sig);
      const b = new Mfcc({ ...o, engine: 'wasm' }).compute(sig);
      expect([b.frames, b.bins]).toEqual([a.frames, a.bins]);
      let e = 0;
      for (let i = 0; i < a.data.length; i++) e = Math.max(e, Math.abs(a.data[i]! - b.data[i]!) / Math.max(1, Math.abs(a.data[i]!)));
      expect(e).toBeLessThan(2.5e-7);
    }
  });

  it("falls back to the js engine for power ≠ 2 and rejects engine 'wasm' there", () => {
    expect(new Mfcc({ ...SER16K_MFCC, power: 1 }).engine).toBe('js');
    expectSerError(() => new Mfcc({ ...SER16K_MFCC, power: 1, engine: 'wasm' }), 'SER_BACKEND_UNAVAILABLE', /engine 'wasm'/);
    expect(new Mfcc(SER16K_MFCC).engine).toBe('wasm');
    expect(Object.keys(new Mfcc({ ...SER16K_MFCC, engine: 'js' }).toJSON())).not.toContain('engine');
  });

  it('keeps every log-mel value within topDb of the utterance maximum', () => {
    const L = new Mfcc({ ...SER16K_MFCC, topDb: 30 }).logMel(x).data;
    const max = Math.max(...L);
    expect(Math.min(...L)).toBeCloseTo(max - 30, 3);
    const free = new Mfcc({ ...SER16K_MFCC, topDb: null }).logMel(x).data;
    expect(Math.min(...free)).toBeLessThan(max - 30);
  });

  it('applies librosa liftering 1 + (L/2)·sin(π(k+1)/L) and the unnormalised DCT', () => {
    const base = new Mfcc(SER16K_MFCC).compute(x).data;
    const lift = new Mfcc({ ...SER16K_MFCC, lifter: 22 }).compute(x).data;
    const raw = new Mfcc({ ...SER16K_MFCC, dctNorm: null }).compute(x).data;
    for (let k = 0; k < 40; k++) {
      const li = 1 + 11 * Math.sin((Math.PI * (k + 1)) / 22);
      const f = k === 0 ? Math.sqrt(1 / (4 * 64)) : Math.sqrt(1 / (2 * 64));
      for (const t of [0, 50, 100]) {
        expect(lift[t * 40 + k]).toBeCloseTo(base[t * 40 + k]! * li, 2);
        expect(raw[t * 40 + k]! * f).toBeCloseTo(base[t * 40 + k]!, 2);
      }
    }
  });

  it('uses the DCT matrix for nMels that are not a power of two, with the same result', () => {
    const m = new Mfcc({ ...SER16K_MFCC, nMels: 40, nMfcc: 13, lifter: 10 });
    const L = m.logMel(x);
    const out = m.compute(x);
    const D = dctMatrix(13, 40);
    for (const t of [0, 17, 80]) {
      for (let k = 0; k < 13; k++) {
        let want = 0;
        for (let n = 0; n < 40; n++) want += D[k * 40 + n]! * L.data[t * 40 + n]!;
        want *= 1 + 5 * Math.sin((Math.PI * (k + 1)) / 10);
        expect(out.data[t * 13 + k]).toBeCloseTo(want, 3);
      }
    }
  });

  it('resolves, freezes and serialises its config', () => {
    const m = new Mfcc({ sampleRate: 16000, nFft: 512, hopLength: 160 });
    expect(m.config).toEqual({ ...MFCC_DEFAULTS, sampleRate: 16000, nFft: 512, hopLength: 160, winLength: 512, fMax: 8000 });
    expect(Object.isFrozen(m.config)).toBe(true);
    const json = JSON.parse(JSON.stringify(m)) as MfccOptions;
    expect(new Mfcc(json).config).toEqual(m.config);
    expect(m.melBasis.length).toBe(128 * 257);
    expect(new Mfcc().config.sampleRate).toBe(22050);
  });

  it('warns about fMax above Nyquist and inputs shorter than nFft, through the injected logger', () => {
    const messages: string[] = [];
    const m = new Mfcc({ ...SER16K_MFCC, nMels: 40, fMax: 12000, logger: { warn: (s) => messages.push(s) } });
    expect(messages[0]).toMatch(/fMax \(12000 Hz\) is above the Nyquist frequency \(8000 Hz\)/);
    expect(messages[1]).toMatch(/Empty filters detected/);
    m.compute(new Float32Array(100).fill(0.1));
    expect(messages[2]).toBe('Mfcc: nFft=512 is too large for input signal of length=100');
  });

  it('throws SER_EMPTY_AUDIO on an empty signal and SER_INVALID_ARGUMENT on NaN', () => {
    const m = new Mfcc(SER16K_MFCC);
    expectSerError(() => m.compute(new Float32Array(0)), 'SER_EMPTY_AUDIO', /Mfcc: samples must contain at least one sample/);
    const bad = x.slice();
    bad[1234] = Number.NaN;
    const err = expectSerError(() => m.compute(bad), 'SER_INVALID_ARGUMENT', /NaN at index 1234/);
    expect((err as unknown as { parameter: string }).parameter).toBe('samples');
    expectSerError(() => new Mfcc({ ...SER16K_MFCC, center: false }).compute(new Float32Array(100)), 'SER_EMPTY_AUDIO', /center is false/);
  });

  it.each(['js', 'wasm'] as const)('rejects NaN/Inf anywhere, including samples no frame reads (%s engine)', (engine) => {
    for (const [opts, len, at] of [
      [{ hopLength: 400 }, 1100, 1080], // frames cover samples < 1056 only
      [{ center: false, hopLength: 400 }, 1100, 1090],
      [{}, 5000, 0],
      [{}, 5000, 4999],
    ] as const) {
      const m = new Mfcc({ ...SER16K_MFCC, ...opts, engine });
      const sig = new Float32Array(len).fill(0.25);
      sig[at] = Number.NEGATIVE_INFINITY;
      expectSerError(() => m.compute(sig), 'SER_INVALID_ARGUMENT', new RegExp(`-Infinity at index ${at}\\b`));
      sig[at] = Number.NaN;
      expectSerError(() => m.compute(sig), 'SER_INVALID_ARGUMENT', new RegExp(`NaN at index ${at}\\b`));
    }
  });

  it.each<[string, MfccOptions, string, RegExp]>([
    ['nFft 400', { sampleRate: 16000, nFft: 400 }, 'nFft', /^Mfcc: nFft must be a power of two for fft\.js \(got 400\)\. Use nFft=512 with winLength=400 to keep a 25 ms window\.$/],
    ['sampleRate 0', { sampleRate: 0 }, 'sampleRate', /sampleRate must be a finite number > 0/],
    ['hopLength 0', { hopLength: 0 }, 'hopLength', /hopLength must be an integer >= 1/],
    ['hopLength 1.5', { hopLength: 1.5 }, 'hopLength', /integer/],
    ['winLength > nFft', { nFft: 512, winLength: 600 }, 'winLength', /winLength must be <= nFft.*Use nFft=1024/],
    ['unknown window', { window: 'kaiser' as 'hann' }, 'window', /one of/],
    ['non-boolean center', { center: 'no' as unknown as boolean }, 'center', /boolean/],
    ['unknown padMode', { padMode: 'wrap' as 'edge' }, 'padMode', /one of/],
    ['power 0', { power: 0 }, 'power', /> 0/],
    ['nMels 0', { nMels: 0 }, 'nMels', /integer >= 1/],
    ['negative fMin', { fMin: -1 }, 'fMin', />= 0/],
    ['fMax ≤ fMin', { fMin: 300, fMax: 300 }, 'fMax', /fMax must exceed fMin/],
    ['unknown melNorm', { melNorm: 'l1' as 'slaney' }, 'melNorm', /one of/],
    ['nMfcc > nMels', { nMels: 64, nMfcc: 65 }, 'nMfcc', /nMfcc must be <= nMels/],
    ['unknown dctNorm', { dctNorm: 'l2' as 'ortho' }, 'dctNorm', /one of/],
    ['negative lifter', { lifter: -1 }, 'lifter', />= 0/],
    ['negative topDb', { topDb: -5 }, 'topDb', />= 0/],
    ['snake_case n_mfcc', { n_mfcc: 13 } as MfccOptions, 'n_mfcc', /Did you mean 'nMfcc'/],
    ['unknown engine', { engine: 'gpu' as 'js' }, 'engine', /one of/],
  ])('throws SER_INVALID_ARGUMENT for %s', (_l, opts, parameter, message) => {
    const err = expectSerError(() => new Mfcc({ ...opts, logger: quiet }), 'SER_INVALID_ARGUMENT', message);
    expect((err as unknown as { parameter: string }).parameter).toBe(parameter);
    expectSerError(() => resolveMfccConfig({ ...opts, logger: quiet }), 'SER_INVALID_ARGUMENT');
  });
});
