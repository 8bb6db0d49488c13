import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { Mfcc } from '../features/mfcc.js';
import { DATA, describeShared, expectSerError, ifShared, itShared, maxAbsDiff, sine } from '../../test/helpers.js';
import { FeaturePipeline } from './feature-pipeline.js';

const clip = join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-01-01-01-01.wav');

describe('FeaturePipeline', () => {
  it('gives exactly frames × nMfcc for short, long and resampled inputs', () => {
    const p = new FeaturePipeline({ frames: 108, trimTopDb: null });
    for (const [sig, sr] of [[sine(220, 16000, 0.3), 16000], [sine(220, 16000, 5), 16000], [sine(220, 48000, 2), 48000]] as const) {
      const m = p.extract(sig, sr);
      expect([m.frames, m.bins]).toEqual([108, 40]);
    }
    expect(p.windowSamples).toBe(107 * 160);
  });

  itShared('gives the log-mel spectrogram (nMels per frame) equal to Mfcc.logMel with feature: logmel', () => {
    const p = new FeaturePipeline({ feature: 'logmel', trimTopDb: null, frames: 50, level: 'none' });
    const sig = sine(440, 16000, 0.49);
    const m = p.extract(sig, 16000);
    expect([m.frames, m.bins]).toEqual([50, 64]);
    const ref = new Mfcc({ sampleRate: 16000, nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 }).logMel(p.window(sig));
    expect(maxAbsDiff(m.data, ref.data)).toBe(0);
  });

  it('appends deltas as extra feature columns', () => {
    const m = new FeaturePipeline({ deltas: 2, trimTopDb: null }).extract(sine(300, 16000, 2), 16000);
    expect(m.bins).toBe(120);
  });

  itShared('computes the same MFCC as Mfcc on the centred window of a real clip', async () => {
    const audio = new AudioDecoder({ sampleRate: 16000 }).decodeSync(readFileSync(clip));
    const p = new FeaturePipeline({ trimTopDb: null, level: 'none' });
    const n = p.windowSamples;
    const start = (audio.samples.length - n) >> 1;
    const ref = new Mfcc({ sampleRate: 16000, nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 }).compute(audio.samples.slice(start, start + n));
    expect(maxAbsDiff(p.extract(audio.samples, 16000).data, ref.data)).toBe(0);
  });

  itShared('trims the silence around real speech so the window holds voice', async () => {
    const audio = new AudioDecoder({ sampleRate: 16000 }).decodeSync(readFileSync(clip));
    const trimmed = new FeaturePipeline({ trimTopDb: 30 }).prepare(audio.samples, 16000);
    // RAVDESS clips carry about a second of near-silence at each end.
    expect(trimmed.length).toBeLessThan(audio.samples.length - 16000);
    expect(trimmed.length).toBeGreaterThan(8000);
  });

  it('slides windows over long audio with start/end times that cover it', () => {
    const p = new FeaturePipeline({ frames: 100, trimTopDb: null });
    const segs = p.segments(sine(200, 16000, 5), 16000, { hopSec: 0.5 });
    expect(segs[0]!.startSec).toBe(0);
    expect(segs.at(-1)!.endSec).toBeCloseTo(5, 6);
    for (const s of segs) expect(s.features.frames).toBe(100);
    expect(segs.length).toBe(Math.ceil((5 - p.windowSec) / 0.5) + 1);
  });

  it('rejects empty and non-finite audio with typed errors', () => {
    const p = new FeaturePipeline();
    expectSerError(() => p.extract(new Float32Array(0), 16000), 'SER_EMPTY_AUDIO');
    expectSerError(() => p.extract(new Float32Array([0, NaN, 0]), 16000), 'SER_INVALID_ARGUMENT', /non-finite/);
    expectSerError(() => new FeaturePipeline({ frames: 0 }), 'SER_INVALID_ARGUMENT', /frames/);
  });
});

describe('FeaturePipeline normalize: utterance', () => {
  it('gives zero mean and unit variance over the frames that hold signal', () => {
    const p = new FeaturePipeline({ frames: 200, trimTopDb: null, normalize: 'utterance' });
    const sig = sine(300, 16000, 1); // shorter than the 1.99 s window: padded both sides
    const prepared = p.prepare(sig, 16000);
    const [s0, s1] = p.windowSpan(prepared.length);
    const m = p.windowFeatures(prepared);
    const t0 = Math.ceil(s0 / 160);
    const t1 = Math.floor(s1 / 160) + 1;
    for (const k of [1, 5, 20]) {
      let sum = 0;
      for (let t = t0; t < t1; t++) sum += m.data[t * m.bins + k]!;
      expect(Math.abs(sum / (t1 - t0))).toBeLessThan(1e-4);
    }
    expect(s1 - s0).toBe(16000);
  });

  it('removes a constant gain: a louder copy gives the same features', () => {
    const p = new FeaturePipeline({ trimTopDb: null, normalize: 'utterance' });
    const a = sine(250, 16000, 2, 0.1);
    const b = a.map((v) => v * 4);
    expect(maxAbsDiff(p.extract(a, 16000).data, p.extract(b, 16000).data)).toBeLessThan(1e-3);
  });
});

describeShared('FeaturePipeline level normalisation', () => {
  const samples = ifShared(() => new AudioDecoder({ sampleRate: 16000 }).decodeSync(readFileSync(clip)).samples, new Float32Array(0));
  const gained = (db: number) => Float32Array.from(samples, (v) => v * 10 ** (db / 20));
  const peak = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

  it("gives the same features for a real clip at −30 dB, +6 dB and peak-normalised (level: 'speech', the default)", () => {
    const p = new FeaturePipeline({ feature: 'logmel', frames: 300 });
    expect(p.config.level).toBe('speech');
    const ref = p.extract(samples, 16000);
    for (const x of [gained(-30), gained(6), Float32Array.from(samples, (v) => v / peak)]) expect(maxAbsDiff(p.extract(x, 16000).data, ref.data)).toBeLessThan(1e-3);
  });

  it("keeps the recorded level with level: 'none' (log-mel moves by the gain in dB)", () => {
    const p = new FeaturePipeline({ feature: 'logmel', frames: 300, level: 'none' });
    const a = p.extract(samples, 16000);
    const b = p.extract(gained(-20), 16000);
    // the loudest bins move by −20 dB (powerToDb's top_db floor clips the quietest ones)
    let maxA = -Infinity, maxB = -Infinity;
    for (let i = 0; i < a.data.length; i++) { maxA = Math.max(maxA, a.data[i]!); maxB = Math.max(maxB, b.data[i]!); }
    expect(maxB - maxA).toBeCloseTo(-20, 2);
  });

  it('levels every window of segments() on its own', () => {
    const p = new FeaturePipeline({ feature: 'logmel', frames: 100 });
    const a = p.segments(samples, 16000, { hopSec: 0.5 });
    const b = p.segments(gained(-25), 16000, { hopSec: 0.5 });
    expect(b.length).toBe(a.length);
    a.forEach((s, i) => expect(maxAbsDiff(b[i]!.features.data, s.features.data)).toBeLessThan(1e-3));
  });

  it('rejects an unknown level mode and a target outside [−60, 0] dBFS', () => {
    expectSerError(() => new FeaturePipeline({ level: 'peak' as never }), 'SER_INVALID_ARGUMENT', /level/);
    expectSerError(() => new FeaturePipeline({ levelTargetDb: 3 }), 'SER_INVALID_ARGUMENT', /levelTargetDb/);
  });
});
