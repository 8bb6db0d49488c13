/** Utterance statistics measured on real speech and on tones with known pitch and level. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { Mfcc } from '../features/mfcc.js';
import { DATA, expectSerError, itShared } from '../../test/helpers.js';
import { FeaturePipeline } from './feature-pipeline.js';
import { UtteranceStats, UTTERANCE_STATS_DEFAULTS } from './utterance-stats.js';

const stats = new UtteranceStats();
const names = stats.names();
const at = (v: Float32Array, name: string) => v[names.indexOf(name)]!;

/** A voiced-like harmonic tone at f0 Hz, amplitude a. */
function harmonic(f0: number, sec: number, a = 0.3, sr = 16000): Float32Array {
  const x = new Float32Array(Math.round(sec * sr));
  for (let i = 0; i < x.length; i++) for (let h = 1; h <= 8; h++) x[i]! += (a / h) * Math.sin((2 * Math.PI * f0 * h * i) / sr);
  return x;
}

async function clip(actor: string, file: string): Promise<Float32Array> {
  const audio = await new AudioDecoder({ sampleRate: 16000 }).decodeFile(join(DATA, 'ravdess-16k', `Actor_${actor}`, file));
  return new FeaturePipeline().prepare(audio.samples, audio.sampleRate);
}

describe('UtteranceStats', () => {
  it('has one name per value and the documented defaults', () => {
    expect(stats.dims).toBe(7 * 64 + 4 * 40 + 21);
    expect(names).toHaveLength(stats.dims);
    expect(new Set(names).size).toBe(names.length);
    expect(stats.config).toEqual(UTTERANCE_STATS_DEFAULTS);
  });

  it('measures pitch in semitones re 100 Hz, voicing and duration of a steady tone', () => {
    const v = stats.compute(harmonic(200, 1.5));
    expect(at(v, 'f0Mean')).toBeCloseTo(12, 1); // 200 Hz = 12 semitones above 100 Hz
    expect(at(v, 'f0Std')).toBeLessThan(0.05);
    expect(at(v, 'f0Range')).toBeLessThan(0.1);
    expect(at(v, 'voicedFraction')).toBeGreaterThan(0.95);
    expect(at(v, 'durationSec')).toBeCloseTo(1.5, 6);
    const low = stats.compute(harmonic(100 * 2 ** (-5 / 12), 1.5));
    expect(at(low, 'f0P50')).toBeCloseTo(-5, 1);
  });

  it('measures an F0 glide in semitones per second and pauses as a fraction of frames', () => {
    // exponential glide 150 → 300 Hz in 1 s: +12 semitones/s
    const sr = 16000;
    const x = new Float32Array(sr);
    let phase = 0;
    for (let i = 0; i < x.length; i++) {
      const f = 150 * 2 ** (i / sr);
      phase += (2 * Math.PI * f) / sr;
      for (let h = 1; h <= 6; h++) x[i]! += (0.3 / h) * Math.sin(h * phase);
    }
    const v = stats.compute(x);
    expect(at(v, 'f0Slope')).toBeGreaterThan(11.5);
    expect(at(v, 'f0Slope')).toBeLessThan(12.5);
    expect(at(v, 'f0P75') - at(v, 'f0P25')).toBeCloseTo(6, 0);
    expect(at(stats.compute(harmonic(200, 1)), 'pauseFraction')).toBe(0);
    // 0.5 s tone, 0.5 s silence, 0.5 s tone: a third of the frames are pause (± edge frames)
    const gap = new Float32Array(24000);
    gap.set(harmonic(200, 0.5), 0);
    gap.set(harmonic(200, 0.5), 16000);
    const g = stats.compute(gap);
    expect(Math.abs(at(g, 'pauseFraction') - 1 / 3)).toBeLessThan(0.03);
    expect(at(g, 'voicedFraction')).toBeLessThan(0.7);
  });

  it('moves the level statistics by exactly the gain in dB and leaves pitch alone', () => {
    const x = harmonic(150, 1);
    const y = x.map((s) => s * 2);
    const a = stats.compute(x);
    const b = stats.compute(y);
    const db = 20 * Math.log10(2);
    expect(at(b, 'energyMean') - at(a, 'energyMean')).toBeCloseTo(db, 3);
    expect(at(b, 'logMelMean[10]') - at(a, 'logMelMean[10]')).toBeCloseTo(db, 3);
    expect(at(b, 'energyStd')).toBeCloseTo(at(a, 'energyStd'), 3);
    expect(at(b, 'f0Mean')).toBeCloseTo(at(a, 'f0Mean'), 3);
  });

  itShared('agrees with the log-mel spectrogram it summarises (mean, percentiles) on real speech', async () => {
    const x = await clip('01', '03-01-05-01-01-01-01.wav');
    const v = stats.compute(x);
    const lm = new Mfcc({ sampleRate: 16000, nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 }).logMel(x);
    const col = Float64Array.from({ length: lm.frames }, (_, t) => lm.data[t * 64 + 20]!);
    const mean = col.reduce((s, c) => s + c, 0) / col.length;
    expect(at(v, 'logMelMean[20]')).toBeCloseTo(mean, 3);
    const sorted = [...col].sort((p, q) => p - q);
    const pos = 0.5 * (sorted.length - 1);
    const median = sorted[Math.floor(pos)]! + (sorted[Math.ceil(pos)]! - sorted[Math.floor(pos)]!) * (pos - Math.floor(pos));
    expect(at(v, 'logMelP50[20]')).toBeCloseTo(median, 3);
    expect(at(v, 'logMelP10[20]')).toBeLessThanOrEqual(at(v, 'logMelP50[20]'));
    expect(at(v, 'logMelP50[20]')).toBeLessThanOrEqual(at(v, 'logMelP90[20]'));
  });

  itShared('hears that an actress speaks higher than an actor, and anger louder and higher than neutral', async () => {
    const male = stats.compute(await clip('01', '03-01-01-01-01-01-01.wav'));
    const female = stats.compute(await clip('02', '03-01-01-01-01-01-02.wav'));
    expect(at(female, 'f0P50') - at(male, 'f0P50')).toBeGreaterThan(5);
    const neutral = stats.compute(await clip('03', '03-01-01-01-01-01-03.wav'));
    const angry = stats.compute(await clip('03', '03-01-05-02-01-01-03.wav'));
    expect(at(angry, 'f0Mean')).toBeGreaterThan(at(neutral, 'f0Mean'));
    expect(at(angry, 'energyMean')).toBeGreaterThan(at(neutral, 'energyMean'));
  });

  it('gives finite statistics for a one-sample click, 20 ms of speech and digital silence', () => {
    for (const x of [Float32Array.of(0.5), harmonic(200, 0.02), new Float32Array(8000)]) {
      const v = stats.compute(x);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    expect(at(stats.compute(new Float32Array(8000)), 'voicedFraction')).toBe(0);
  });

  it('rejects empty or non-finite signals and bad settings with typed errors', () => {
    expectSerError(() => stats.compute(new Float32Array(0)), 'SER_EMPTY_AUDIO');
    expectSerError(() => stats.compute(Float32Array.from([0, NaN, 0])), 'SER_INVALID_ARGUMENT', /signal/);
    expectSerError(() => new UtteranceStats({ nMfcc: 80 }), 'SER_INVALID_ARGUMENT', /nMfcc/);
    expectSerError(() => new UtteranceStats({ fMin: 300, fMax: 200 }), 'SER_INVALID_ARGUMENT', /fMax/);
  });
});
