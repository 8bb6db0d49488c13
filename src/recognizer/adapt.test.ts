/**
 * Domain adaptation from unlabelled audio with the SHIPPED model: real clips of a "new domain"
 * (RAVDESS actors through a telephone channel), statistics re-measured, saved, undone.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { telephoneBand } from '../augment/telephone.js';
import { loadRavdess } from '../data/ravdess.js';
import type { BundleMetadata } from '../model/model-bundle.js';
import { EMOTIONS } from '../types.js';
import { DATA, expectSerErrorAsync, itShared, sine } from '../../test/helpers.js';
import { ADAPT_MIN_CLIPS, EmotionRecognizer } from './emotion-recognizer.js';

let r: EmotionRecognizer;
let dir: string;
let phone: { samples: Float32Array; sampleRate: number }[];
beforeAll(async () => {
  r = await EmotionRecognizer.load();
  dir = await mkdtemp(join(tmpdir(), 'ser-adapt-'));
  const { items } = await loadRavdess(join(DATA, 'ravdess-16k'));
  const decoder = new AudioDecoder({ sampleRate: 16000 });
  phone = [];
  for (const it of items.filter((i) => i.speaker === '11').slice(0, 24)) {
    const a = await decoder.decodeFile(it.path);
    phone.push({ samples: telephoneBand(a.samples, { sampleRate: 16000, resampleTo: 8000 }), sampleRate: 16000 });
  }
});
afterAll(async () => {
  await r?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const scoresOf = async (rec: EmotionRecognizer, x: { samples: Float32Array; sampleRate: number }) => (await rec.recognize(x)).scores;

describe('EmotionRecognizer.adapt', () => {
  itShared('re-measures every member scaler on the new domain: their means are the clips’ feature means', async () => {
    const before = await scoresOf(r, phone[0]!);
    const res = await r.adapt(phone);
    expect(res).toEqual({ clips: phone.length, skipped: [] });
    expect(r.adapted).toBe(true);
    const p = r.predictor.pipeline;
    const mats = phone.map((x) => p.windowFeatures(p.prepare(x.samples, x.sampleRate)));
    const bins = p.bins;
    const mean = new Float64Array(bins);
    let n = 0;
    for (const m of mats) for (let t = 0; t < m.frames; t++, n++) for (let k = 0; k < bins; k++) mean[k]! += m.data[t * bins + k]!;
    for (const m of r.predictor.members) for (let k = 0; k < bins; k += 7) expect(m.scaler.mean[k]).toBeCloseTo(mean[k]! / n, 3);
    const after = await scoresOf(r, phone[0]!);
    expect(EMOTIONS.some((e) => Math.abs(after[e]! - before[e]!) > 1e-4)).toBe(true);
    // undone exactly
    await r.adapt(null);
    expect(r.adapted).toBe(false);
    const again = await scoresOf(r, phone[0]!);
    for (const e of EMOTIONS) expect(again[e]).toBeCloseTo(before[e]!, 6);
  });

  itShared('is saved with the recognizer and loads back with the same answers', async () => {
    await r.adapt(phone);
    const want = await scoresOf(r, phone[1]!);
    await r.save(join(dir, 'adapted'));
    const meta = JSON.parse(await readFile(join(dir, 'adapted', r.predictor.members.length > 1 ? 'member-0' : '', 'metadata.json'), 'utf8')) as BundleMetadata;
    expect(meta.adaptation).toEqual({ clips: phone.length, windows: phone.length });
    const back = await EmotionRecognizer.load(join(dir, 'adapted'));
    expect(back.adapted).toBe(true);
    const got = await scoresOf(back, phone[1]!);
    for (const e of EMOTIONS) expect(got[e]).toBeCloseTo(want[e]!, 5);
    await back.dispose();
    await r.adapt(null);
  });

  itShared(`skips clips without speech and needs at least ${ADAPT_MIN_CLIPS} clips with speech`, async () => {
    const tone = { samples: sine(440, 16000, 2), sampleRate: 16000 };
    const res = await r.adapt([tone, ...phone.slice(0, ADAPT_MIN_CLIPS)]);
    expect(res).toEqual({ clips: ADAPT_MIN_CLIPS, skipped: [0] });
    await r.adapt(null);
    await expectSerErrorAsync(() => r.adapt([tone, ...phone.slice(0, ADAPT_MIN_CLIPS - 1)]), 'SER_INVALID_ARGUMENT', /at least 5 clips/);
    expect(r.adapted).toBe(false);
  });
});
