import { describe, expect, it } from 'vitest';
import { expectSerError, ifShared, itShared } from '../../test/helpers.js';
import { allFinite, peak, ravdess, snrDb, tone } from '../../test/augment/helpers.js';
import type { FeatureMatrix } from '../types.js';
import { Augmenter, AUGMENTER_DEFAULTS, AUGMENT_STEP_TYPES, CHANNEL_ROBUSTNESS_RECIPE, DEFAULT_SPEECH_EMOTION_RECIPE, type AugmentStep } from './augmenter.js';

const SR = 16_000;
const clips = ifShared(() => ['03-01-05-01-01-01-02.wav', '03-01-01-01-01-01-01.wav', '03-01-03-02-01-02-12.wav'].map((n) => ravdess(n).samples), []);
const ALL_WAVE: AugmentStep[] = [
  { type: 'speed', p: 1, factors: [0.9, 1.1] },
  { type: 'timeStretch', p: 1, rate: [0.8, 1.25] },
  { type: 'pitchShift', p: 1, semitones: [-4, 4] },
  { type: 'shift', p: 1, maxShiftSec: 0.2 },
  { type: 'gain', p: 1, db: [-6, 6] },
  { type: 'noise', p: 1, snrDb: [10, 30], noise: ['white', 'pink'] },
];

describe('Augmenter', () => {
  it('resolves and deep-freezes its config; the default recipe is the speech-emotion recipe', () => {
    const a = new Augmenter();
    expect(a.config.seed).toBe(AUGMENTER_DEFAULTS.seed);
    expect(a.config.recipe.map((s) => s.type)).toEqual(DEFAULT_SPEECH_EMOTION_RECIPE.map((s) => s.type));
    expect(Object.isFrozen(a.config)).toBe(true);
    expect(Object.isFrozen(a.config.recipe[0])).toBe(true);
    const g = new Augmenter({ recipe: [{ type: 'gain', db: 3 }] }).config.recipe[0];
    expect(g).toEqual({ type: 'gain', p: 1, db: [3, 3] });
  });

  itShared('gives bit-identical output for the same (config.seed, seed, input) and different output for another seed', () => {
    const a = new Augmenter({ seed: 42, recipe: ALL_WAVE });
    const b = new Augmenter({ seed: 42, recipe: ALL_WAVE });
    const x = clips[0]!;
    const y1 = a.apply(x, { sampleRate: SR, seed: 7 });
    expect(b.apply(x, { sampleRate: SR, seed: 7 })).toEqual(y1);
    expect(a.apply(x, { sampleRate: SR, seed: 7 })).toEqual(y1);
    expect(a.apply(x, { sampleRate: SR, seed: 8 })).not.toEqual(y1);
    expect(new Augmenter({ seed: 43, recipe: ALL_WAVE }).apply(x, { sampleRate: SR, seed: 7 })).not.toEqual(y1);
  });

  itShared('with per-item seeds, results do not depend on the order items are processed in', () => {
    const forward = new Augmenter({ seed: 1 });
    const backward = new Augmenter({ seed: 1 });
    const f = clips.map((c, i) => forward.apply(c, { sampleRate: SR, seed: i }));
    const b = [...clips.keys()].reverse().map((i) => backward.apply(clips[i]!, { sampleRate: SR, seed: i })).reverse();
    expect(b).toEqual(f);
  });

  itShared('without a seed, call k uses seed k: two instances called in the same order agree', () => {
    const a = new Augmenter({ seed: 5, recipe: ALL_WAVE });
    const b = new Augmenter({ seed: 5, recipe: ALL_WAVE });
    const ya = [a.apply(clips[1]!, { sampleRate: SR }), a.apply(clips[1]!, { sampleRate: SR })];
    expect(ya[0]).not.toEqual(ya[1]);
    expect(b.apply(clips[1]!, { sampleRate: SR })).toEqual(ya[0]);
    expect(new Augmenter({ seed: 5, recipe: ALL_WAVE }).apply(clips[1]!, { sampleRate: SR, seed: 1 })).toEqual(ya[1]);
  });

  itShared('round-trips through JSON to an Augmenter with identical output', () => {
    const a = new Augmenter({ seed: 9 });
    const json = JSON.parse(JSON.stringify(a));
    expect(json).toEqual(a.config);
    const b = Augmenter.fromJSON(json);
    for (let i = 0; i < 3; i++) expect(b.apply(clips[2]!, { sampleRate: SR, seed: i })).toEqual(a.apply(clips[2]!, { sampleRate: SR, seed: i }));
  });

  itShared('p = 0 returns an equal copy; p = 1 always changes the clip', () => {
    const off = new Augmenter({ recipe: ALL_WAVE.map((s) => ({ ...s, p: 0 })) });
    const y = off.apply(clips[0]!, { sampleRate: SR, seed: 3 });
    expect(y).not.toBe(clips[0]);
    expect(y).toEqual(clips[0]);
    const on = new Augmenter({ recipe: [{ type: 'gain', p: 1, db: [-6, -3] }] });
    const g = on.apply(clips[0]!, { sampleRate: SR, seed: 3 });
    expect(peak(g)).toBeLessThan(peak(clips[0]!));
  });

  it('fires each step with probability p (600 draws within 4 σ)', () => {
    const a = new Augmenter({ seed: 2, recipe: [{ type: 'gain', p: 0.3, db: -6 }] });
    const x = tone(200, SR, 0.01);
    let fired = 0;
    for (let s = 0; s < 600; s++) if (a.apply(x, { sampleRate: SR, seed: s })[5] !== x[5]) fired++;
    expect(Math.abs(fired - 180)).toBeLessThan(4 * Math.sqrt(600 * 0.3 * 0.7));
  });

  itShared('every transform at p = 1 on real clips: finite, within [-1, 1], length as the steps imply', () => {
    const a = new Augmenter({ seed: 3, recipe: ALL_WAVE });
    for (const [i, x] of clips.entries()) {
      const y = a.apply(x, { sampleRate: SR, seed: i });
      expect(allFinite(y)).toBe(true);
      expect(peak(y)).toBeLessThanOrEqual(1);
      // speed 0.9–1.1 then stretch 0.8–1.25: length within [n / (1.1 · 1.25), n / (0.9 · 0.8)].
      expect(y.length).toBeGreaterThanOrEqual(Math.floor(x.length / (1.1 * 1.25)));
      expect(y.length).toBeLessThanOrEqual(Math.ceil(x.length / (0.9 * 0.8)) + 1);
    }
  });

  it('caps gain at the headroom and rescales overshoot, so a full-scale clip never leaves [-1, 1]', () => {
    const loud = tone(3000, SR, 0.5, 0.999);
    const a = new Augmenter({ seed: 4, recipe: [{ type: 'speed', factors: [1.1] }, { type: 'gain', db: 12 }, { type: 'noise', snrDb: 0 }] });
    for (let s = 0; s < 5; s++) {
      const y = a.apply(loud, { sampleRate: SR, seed: s });
      expect(peak(y)).toBeLessThanOrEqual(1);
      expect(peak(y)).toBeGreaterThan(0.9);
    }
  });

  it('skips noise on an all-zero clip instead of throwing', () => {
    const a = new Augmenter({ recipe: [{ type: 'noise', snrDb: 10 }] });
    expect(a.apply(new Float32Array(2000), { sampleRate: SR, seed: 1 })).toEqual(new Float32Array(2000));
  });

  itShared('applyFeatures runs only the specAugment steps, seeded the same way', () => {
    const m: FeatureMatrix = { data: Float32Array.from({ length: 100 * 40 }, (_, i) => Math.sin(i)), frames: 100, bins: 40 };
    const a = new Augmenter({ seed: 6, recipe: [...ALL_WAVE, { type: 'specAugment', p: 1, timeMasks: 2, timeMaskMaxFrames: 20, freqMasks: 2, freqMaskMaxBins: 8 }] });
    const y = a.applyFeatures(m, { seed: 1 });
    expect(y.frames).toBe(100);
    expect(y.bins).toBe(40);
    expect(a.applyFeatures(m, { seed: 1 })).toEqual(y);
    expect(y.data).not.toEqual(m.data);
    const waveOnly = new Augmenter({ recipe: ALL_WAVE });
    expect(waveOnly.applyFeatures(m, { seed: 1 })).toEqual(m);
    // apply() ignores specAugment steps.
    const specOnly = new Augmenter({ recipe: [{ type: 'specAugment' }] });
    expect(specOnly.apply(clips[0]!, { sampleRate: SR, seed: 1 })).toEqual(clips[0]);
  });

  it.each([
    ['seed', { seed: 1.5 }],
    ['recipe[0].type', { recipe: [{ type: 'flanger' }] }],
    ['recipe[0].p', { recipe: [{ type: 'gain', p: 2, db: 1 }] }],
    ['recipe[0].rate[0]', { recipe: [{ type: 'timeStretch', rate: [0, 1] }] }],
    ['recipe[0].rate', { recipe: [{ type: 'timeStretch', rate: [1.2, 0.8] }] }],
    ['recipe[1].semitones', { recipe: [{ type: 'gain', db: 1 }, { type: 'pitchShift', semitones: 'up' }] }],
    ['recipe[0].noise[1]', { recipe: [{ type: 'noise', snrDb: 10, noise: ['white', 'brown'] }] }],
    ['recipe[0].factors', { recipe: [{ type: 'speed', factors: [] }] }],
    ['recipe[0].factors[1]', { recipe: [{ type: 'speed', factors: [1, 3] }] }],
    ['recipe[0].mode', { recipe: [{ type: 'shift', maxShiftSec: 0.1, mode: 'wrap' }] }],
    ['recipe[0].timeMaskMaxFrames', { recipe: [{ type: 'specAugment', timeMaskMaxFrames: -1 }] }],
  ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
    const e = expectSerError(() => new Augmenter(opts as never), 'SER_INVALID_ARGUMENT', /Augmenter/);
    expect((e as unknown as { parameter: string }).parameter).toBe(name);
  });

  itShared('throws typed errors on bad apply() input', () => {
    const a = new Augmenter({ recipe: ALL_WAVE });
    expectSerError(() => a.apply(new Float32Array(0), { sampleRate: SR }), 'SER_EMPTY_AUDIO');
    expectSerError(() => a.apply(new Float32Array(100).fill(0.1), { sampleRate: SR, seed: 1 }), 'SER_EMPTY_AUDIO', /at least/);
    expectSerError(() => a.apply(Float32Array.of(0, NaN), { sampleRate: SR }), 'SER_INVALID_ARGUMENT', /non-finite/);
    expectSerError(() => a.apply(clips[0]!, { sampleRate: 0 }), 'SER_INVALID_ARGUMENT', /sampleRate/);
    expectSerError(() => a.apply(clips[0]!, { sampleRate: SR, seed: Number.NaN }), 'SER_INVALID_ARGUMENT', /seed/);
    expectSerError(() => a.applyFeatures({ data: new Float32Array(3), frames: 2, bins: 2 }), 'SER_SHAPE_MISMATCH');
  });

  describe('channel steps', () => {
    const pool = ifShared(() => ['03', '04', '05', '06'].map((a) => ravdess(`03-01-01-01-01-01-${a}.wav`).samples), []);
    const CHANNEL: AugmentStep[] = [
      { type: 'reverb', rt60Sec: [0.2, 1] },
      { type: 'babble', snrDb: [5, 30] },
      { type: 'eqTilt', dbPerOctave: [-3, 3] },
      { type: 'clip', clipFraction: [0.001, 0.02] },
      { type: 'lowpass', cutoffHz: [3000, 7000] },
      { type: 'telephone' },
      { type: 'codec' },
    ];

    itShared('resolves each channel step with its defaults filled in', () => {
      const a = new Augmenter({ recipe: CHANNEL, babblePool: pool });
      expect(a.config.recipe).toEqual([
        { type: 'reverb', p: 1, rt60Sec: [0.2, 1], directToReverbDb: [0, 0], wet: [1, 1] },
        { type: 'babble', p: 1, snrDb: [5, 30], speakers: [4, 6] },
        { type: 'eqTilt', p: 1, dbPerOctave: [-3, 3], pivotHz: 1000 },
        { type: 'clip', p: 1, clipFraction: [0.001, 0.02], thresholdDb: null },
        { type: 'lowpass', p: 1, cutoffHz: [3000, 7000] },
        { type: 'telephone', p: 1, lowHz: 300, highHz: 3400, resampleTo: 8000 },
        { type: 'codec', p: 1, codec: ['muLaw', 'aLaw'] },
      ]);
      expect(AUGMENT_STEP_TYPES).toEqual(expect.arrayContaining(['telephone', 'codec', 'lowpass', 'reverb', 'babble', 'eqTilt', 'clip']));
      expect(JSON.stringify(a)).not.toContain('babblePool'); // data, not configuration
    });

    itShared.each(CHANNEL.map((s) => [s.type, s] as const))('%s at p = 1 on real clips: changes the clip, keeps its length, finite, within [-1, 1], deterministic', (_, step) => {
      const a = new Augmenter({ seed: 5, recipe: [step], babblePool: pool });
      for (const [i, x] of clips.entries()) {
        const y = a.apply(x, { sampleRate: SR, seed: i });
        expect(y.length).toBe(x.length);
        expect(allFinite(y)).toBe(true);
        expect(peak(y)).toBeLessThanOrEqual(1);
        expect(y).not.toEqual(x);
        expect(a.apply(x, { sampleRate: SR, seed: i })).toEqual(y);
      }
    });

    itShared('a full-scale clip through every channel step stays within [-1, 1] (filters overshooting are scaled back)', () => {
      const loud = tone(3000, SR, 0.5, 0.999);
      const a = new Augmenter({ seed: 2, recipe: [{ type: 'eqTilt', dbPerOctave: 6 }, ...CHANNEL], babblePool: pool });
      for (let seed = 0; seed < 4; seed++) expect(peak(a.apply(loud, { sampleRate: SR, seed }))).toBeLessThanOrEqual(1);
    });

    itShared('a babble step needs a babblePool: the constructor throws without one; fromJSON takes it again', () => {
      const e = expectSerError(() => new Augmenter({ recipe: [{ type: 'babble', snrDb: 10 }] }), 'SER_INVALID_ARGUMENT', /Augmenter: babblePool/);
      expect((e as unknown as { parameter: string }).parameter).toBe('babblePool');
      expectSerError(() => new Augmenter({ recipe: [{ type: 'babble', snrDb: 10 }], babblePool: [] }), 'SER_INVALID_ARGUMENT', /babblePool/);
      expectSerError(() => new Augmenter({ recipe: [{ type: 'babble', snrDb: 10 }], babblePool: [new Float32Array(10)] }), 'SER_INVALID_ARGUMENT', /babblePool\[0\] must not be silent/);
      const a = new Augmenter({ seed: 3, recipe: CHANNEL, babblePool: pool });
      const json = JSON.parse(JSON.stringify(a));
      expectSerError(() => Augmenter.fromJSON(json), 'SER_INVALID_ARGUMENT', /babblePool/);
      const b = Augmenter.fromJSON(json, { babblePool: pool });
      expect(b.config).toEqual(a.config);
      expect(b.apply(clips[0]!, { sampleRate: SR, seed: 4 })).toEqual(a.apply(clips[0]!, { sampleRate: SR, seed: 4 }));
    });

    itShared('a babble step mixes at the drawn SNR (exact to 0.01 dB) and skips an all-zero clip', () => {
      const a = new Augmenter({ recipe: [{ type: 'babble', snrDb: 12 }], babblePool: pool });
      const x = clips[0]!;
      const y = a.apply(x, { sampleRate: SR, seed: 1 });
      expect(Math.abs(snrDb(x, y.map((v, i) => v - x[i]!)) - 12)).toBeLessThan(0.01);
      expect(a.apply(new Float32Array(3000), { sampleRate: SR, seed: 1 })).toEqual(new Float32Array(3000));
    });

    itShared('a clip step by thresholdDb puts the peak at the drawn threshold', () => {
      const a = new Augmenter({ recipe: [{ type: 'clip', thresholdDb: -6 }] });
      const y = a.apply(clips[1]!, { sampleRate: SR, seed: 1 });
      expect(Math.abs(20 * Math.log10(peak(y) / peak(clips[1]!)) + 6)).toBeLessThan(1e-4);
    });

    itShared('CHANNEL_ROBUSTNESS_RECIPE: needs no pool; about half of the copies get at least one channel effect (measured over 300 seeds)', () => {
      const channel = CHANNEL_ROBUSTNESS_RECIPE.filter((s) => s.type !== 'gain');
      const pNone = channel.reduce((q, s) => q * (1 - (s.p ?? 1)), 1);
      expect(1 - pNone).toBeGreaterThan(0.45);
      expect(1 - pNone).toBeLessThan(0.55);
      for (const s of channel) {
        expect(s.p).toBeGreaterThanOrEqual(0.04);
        expect(s.p).toBeLessThanOrEqual(0.3);
      }
      expect(CHANNEL_ROBUSTNESS_RECIPE.some((s) => s.type === 'gain')).toBe(true);
      expect(Object.isFrozen(CHANNEL_ROBUSTNESS_RECIPE)).toBe(true);
      // Every channel step changes a clip when it fires, so "output differs from input" counts copies with ≥ 1 effect.
      const a = new Augmenter({ seed: 8, recipe: channel });
      const x = clips[2]!.subarray(8000, 24000);
      let changed = 0;
      const N = 300;
      for (let seed = 0; seed < N; seed++) {
        const y = a.apply(x, { sampleRate: SR, seed });
        expect(y.length).toBe(x.length);
        expect(peak(y)).toBeLessThanOrEqual(1);
        if (y.some((v, i) => v !== x[i])) changed++;
      }
      expect(Math.abs(changed / N - (1 - pNone))).toBeLessThan(4 * Math.sqrt((pNone * (1 - pNone)) / N));
      // With the gain step, the whole recipe runs on real clips.
      const full = new Augmenter({ seed: 1, recipe: CHANNEL_ROBUSTNESS_RECIPE });
      for (let seed = 0; seed < 10; seed++) expect(allFinite(full.apply(clips[0]!, { sampleRate: SR, seed }))).toBe(true);
    });

    itShared.each([
      ['recipe[0].rt60Sec', { recipe: [{ type: 'reverb' }] }],
      ['recipe[0].rt60Sec[1]', { recipe: [{ type: 'reverb', rt60Sec: [0.2, 9] }] }],
      ['recipe[0].wet', { recipe: [{ type: 'reverb', rt60Sec: 0.3, wet: [0.5, 0.2] }] }],
      ['recipe[0].speakers', { recipe: [{ type: 'babble', snrDb: 10, speakers: [0, 3] }] }],
      ['recipe[0].snrDb', { recipe: [{ type: 'babble' }] }],
      ['recipe[0].dbPerOctave[0]', { recipe: [{ type: 'eqTilt', dbPerOctave: [-9, 3] }] }],
      ['recipe[0].pivotHz', { recipe: [{ type: 'eqTilt', dbPerOctave: 1, pivotHz: 10 }] }],
      ['recipe[0]', { recipe: [{ type: 'clip' }] }],
      ['recipe[0]', { recipe: [{ type: 'clip', clipFraction: 0.01, thresholdDb: -3 }] }],
      ['recipe[0].clipFraction[1]', { recipe: [{ type: 'clip', clipFraction: [0.01, 0.9] }] }],
      ['recipe[0].thresholdDb', { recipe: [{ type: 'clip', thresholdDb: 3 }] }],
      ['recipe[0].cutoffHz', { recipe: [{ type: 'lowpass' }] }],
      ['recipe[0].lowHz', { recipe: [{ type: 'telephone', lowHz: 10 }] }],
      ['recipe[0].highHz', { recipe: [{ type: 'telephone', highHz: 200 }] }],
      ['recipe[0].resampleTo', { recipe: [{ type: 'telephone', resampleTo: 0 }] }],
      ['recipe[0].codec[0]', { recipe: [{ type: 'codec', codec: ['gsm'] }] }],
      ['recipe[0].codec', { recipe: [{ type: 'codec', codec: [] }] }],
    ])('throws SER_INVALID_ARGUMENT naming %s', (name, opts) => {
      const e = expectSerError(() => new Augmenter({ ...(opts as object), babblePool: pool } as never), 'SER_INVALID_ARGUMENT', /Augmenter/);
      expect((e as unknown as { parameter: string }).parameter).toBe(name);
    });

    itShared('a lowpass cutoff above 0.95 × Nyquist of the clip throws at apply (naming cutoffHz), never silently clamps', () => {
      const a = new Augmenter({ recipe: [{ type: 'lowpass', cutoffHz: 7000 }] });
      expectSerError(() => a.apply(clips[0]!, { sampleRate: 8000, seed: 1 }), 'SER_INVALID_ARGUMENT', /lossyLowpass: cutoffHz/);
    });
  });
});
