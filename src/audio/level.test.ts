import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, expectSerError, ifShared, itShared, sine } from '../../test/helpers.js';
import { readWav } from '../../test/read-pcm16.js';
import { normalizeSpeechLevel, speechLevelDb } from './level.js';

const actor = join(DATA, 'ravdess-16k', 'Actor_03');
const clips = ifShared(() => readdirSync(actor).filter((f) => f.endsWith('.wav')).slice(0, 12).map((f) => readWav(join(actor, f)).samples), []);
const scaled = (x: Float32Array, db: number) => Float32Array.from(x, (v) => v * 10 ** (db / 20));

describe('speechLevelDb', () => {
  it('reads a full-scale sine at −3.01 dBFS and a −20 dB one at −23.01 dBFS', () => {
    expect(speechLevelDb(sine(440, 16000, 1, 1), { sampleRate: 16000 })).toBeCloseTo(-3.01, 1);
    expect(speechLevelDb(scaled(sine(440, 16000, 1, 1), -20), { sampleRate: 16000 })).toBeCloseTo(-23.01, 1);
  });

  itShared('moves exactly with gain on real speech (−30 to +6 dB) and ignores pauses', () => {
    for (const x of clips) {
      const l0 = speechLevelDb(x, { sampleRate: 16000 });
      for (const db of [-30, -20, -6, 6]) expect(speechLevelDb(scaled(x, db), { sampleRate: 16000 }) - l0).toBeCloseTo(db, 3);
      // RAVDESS clips hold ~1 s of near-silence at each end: the active level is above the plain RMS
      const rms = 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length);
      expect(l0).toBeGreaterThan(rms + 1);
    }
  });

  it('is -Infinity for digital silence, which normalisation leaves alone', () => {
    const z = new Float32Array(16000);
    expect(speechLevelDb(z, { sampleRate: 16000 })).toBe(-Infinity);
    expect(normalizeSpeechLevel(z, { sampleRate: 16000 })).toEqual({ samples: z, gainDb: 0 });
  });

  itShared('rejects bad options with SER_INVALID_ARGUMENT', () => {
    expectSerError(() => speechLevelDb(clips[0]!, { sampleRate: 0 }), 'SER_INVALID_ARGUMENT', /sampleRate/);
    expectSerError(() => speechLevelDb(clips[0]!, { sampleRate: 16000, activityDb: 0 }), 'SER_INVALID_ARGUMENT', /activityDb/);
    expectSerError(() => normalizeSpeechLevel(clips[0]!, { sampleRate: 16000, targetDb: 40 }), 'SER_INVALID_ARGUMENT', /targetDb/);
  });
});

describe('normalizeSpeechLevel', () => {
  itShared('brings real speech at any level, or peak-normalised, to the same samples', () => {
    for (const x of clips) {
      const ref = normalizeSpeechLevel(x, { sampleRate: 16000 }).samples;
      expect(speechLevelDb(ref, { sampleRate: 16000 })).toBeCloseTo(-26, 6);
      const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (const y of [scaled(x, -30), scaled(x, 6), Float32Array.from(x, (v) => (v / peak) * 10 ** (-1 / 20))]) {
        const out = normalizeSpeechLevel(y, { sampleRate: 16000 }).samples;
        let err = 0;
        for (let i = 0; i < out.length; i++) err = Math.max(err, Math.abs(out[i]! - ref[i]!));
        expect(err).toBeLessThan(1e-5);
      }
    }
  });

  itShared('keeps the loud/soft dynamics inside a clip (one gain for the whole clip)', () => {
    const x = clips[0]!;
    const { samples: y, gainDb } = normalizeSpeechLevel(x, { sampleRate: 16000 });
    const g = 10 ** (gainDb / 20);
    for (let i = 0; i < x.length; i += 997) expect(y[i]).toBeCloseTo(x[i]! * g, 6);
  });
});
