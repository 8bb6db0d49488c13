/**
 * Level invariance of the SHIPPED model on real speech: the same clip at −30 dB, −20 dB, +6 dB
 * (in floating point, so without clipping) or peak-normalised to −1 dBFS gets the same label and
 * every score within 0.05 — by construction (the feature pipeline levels the speech), not by luck.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { DATA, itShared } from '../../test/helpers.js';
import { EmotionRecognizer } from './emotion-recognizer.js';

let r: EmotionRecognizer;
beforeAll(async () => {
  r = await EmotionRecognizer.load();
});
afterAll(async () => {
  await r?.dispose();
});

/** Real clips of several corpora, rates and lengths: two RAVDESS actors, TESS, and the corpora fixtures (24–48 kHz, stereo, 0.6 s words). */
function clips(): string[] {
  const rav = ['Actor_05', 'Actor_18'].flatMap((a) => readdirSync(join(DATA, 'ravdess-16k', a)).filter((_, i) => i % 4 === 0).map((f) => join(DATA, 'ravdess-16k', a, f)));
  const tess = ['OAF_angry', 'YAF_sad', 'YAF_happy'].flatMap((d) => readdirSync(join(DATA, 'tess-16k', d)).slice(0, 4).map((f) => join(DATA, 'tess-16k', d, f)));
  const fx = join(DATA, 'corpora-fixtures');
  const fixtures = (readdirSync(fx, { recursive: true }) as string[]).filter((f) => f.endsWith('.wav')).map((f) => join(fx, f));
  return [...rav, ...tess, ...fixtures];
}

describe('the shipped model is level-invariant on real speech', () => {
  itShared('gives the same label and scores within 0.05 at −30, −20, +6 dB and peak-normalised on ≥ 95 % of clips', async () => {
    const decoder = new AudioDecoder();
    const files = clips();
    expect(files.length).toBeGreaterThanOrEqual(60);
    let stable = 0;
    let total = 0;
    const diffs: number[] = [];
    for (const f of files) {
      const { samples, sampleRate } = await decoder.decodeFile(f);
      const ref = await r.recognize({ samples, sampleRate }, { speechGate: false });
      const peak = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (const g of [10 ** (-30 / 20), 10 ** (-20 / 20), 10 ** (6 / 20), 10 ** (-1 / 20) / peak]) {
        const got = await r.recognize({ samples: samples.map((v) => v * g), sampleRate }, { speechGate: false });
        const diff = Math.max(...Object.keys(ref.scores).map((k) => Math.abs(got.scores[k]! - ref.scores[k]!)));
        diffs.push(diff);
        total++;
        if (got.emotion === ref.emotion && diff <= 0.05) stable++;
      }
    }
    expect(stable / total).toBeGreaterThanOrEqual(0.95);
    // levelling is exact up to float rounding: most clips do not move at all (a few move where a
    // frame sits right at the trimming threshold, or a −30 dB copy nears the float32 noise floor)
    diffs.sort((a, b) => a - b);
    expect(diffs[Math.floor(diffs.length * 0.9)]).toBeLessThan(1e-3);
  }, 120_000);
});
