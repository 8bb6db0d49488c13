/**
 * The facade with the SHIPPED model (models/default): real RAVDESS clips, every input form,
 * long audio, bad input, bundle tampering and tensor hygiene.
 */
import * as tf from '@tensorflow/tfjs-core';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { loadRavdess } from '../data/ravdess.js';
import { EMOTIONS } from '../types.js';
import { DATA, expectSerErrorAsync, itShared, ROOT } from '../../test/helpers.js';
import { EmotionRecognizer } from './emotion-recognizer.js';

const RAV = join(DATA, 'ravdess-16k');
let r: EmotionRecognizer;
beforeAll(async () => {
  r = await EmotionRecognizer.load();
});
afterAll(async () => {
  await r?.dispose();
});

describe('EmotionRecognizer with the shipped model', () => {
  it('loads offline with no argument, on the fast engine, with the six labels', () => {
    expect(r.labels).toEqual([...EMOTIONS]);
    expect(r.predictor.engine).toBeDefined();
    expect(r.metadata.libraryVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  itShared('labels real strong-intensity RAVDESS clips correctly (well above chance)', async () => {
    // Strong-intensity clips of six actors, statement 1, repetition 1: 30 clips (+ 6 neutral normal).
    const { items } = await loadRavdess(RAV);
    const pick = items.filter((i) => ['01', '04', '07', '10', '13', '16'].includes(i.speaker) && /-0[12]-01-01-\d\d\.wav$/.test(i.path) && (i.emotion === 'neutral' || /-02-01-01-\d\d\.wav$/.test(i.path)));
    expect(pick.length).toBe(36);
    let correct = 0;
    for (const item of pick) if ((await r.recognize(item.path)).emotion === item.emotion) correct++;
    // These actors were in the shipped model's training set: this checks that the bundle, its
    // feature pipeline and scaler reproduce what was trained (an unseen-speaker figure is in docs/model-card.md).
    expect(correct / pick.length).toBeGreaterThanOrEqual(0.75);
  });

  itShared('evaluate() scores labelled items exactly as recognize() labels them one by one', async () => {
    const { items } = await loadRavdess(RAV);
    const actor = items.filter((i) => i.speaker === '20');
    const ev = await r.evaluate(actor);
    let correct = 0;
    for (const item of actor) if ((await r.recognize(item.path)).emotion === item.emotion) correct++;
    expect(ev.report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(actor.length);
    expect(ev.report.accuracy).toBeCloseTo(correct / actor.length, 10);
  });

  itShared('gives the same scores for a path, its bytes, its signal and an AudioBuffer-like', async () => {
    const path = join(RAV, 'Actor_02', '03-01-05-02-01-01-02.wav');
    const bytes = readFileSync(path);
    const audio = new AudioDecoder({ sampleRate: null }).decodeSync(bytes);
    const a = await r.recognize(path);
    const b = await r.recognize(new Uint8Array(bytes));
    const c = await r.recognize({ samples: audio.samples, sampleRate: audio.sampleRate });
    const d = await r.recognize({ sampleRate: audio.sampleRate, numberOfChannels: 1, getChannelData: () => audio.samples });
    for (const x of [b, c, d]) for (const k of EMOTIONS) expect(x.scores[k]).toBeCloseTo(a.scores[k]!, 6);
    expect(Object.keys(a.scores)).toEqual([...EMOTIONS]);
    expect(Object.values(a.scores).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(a.scores[a.emotion]).toBe(a.confidence);
  });

  itShared('resamples 48 kHz stereo originals to the model rate and agrees with the 16 kHz copy', async () => {
    const orig = await r.recognize(join(DATA, 'wav-originals', '03-01-05-01-01-01-02.wav'));
    const conv = await r.recognize(join(RAV, 'Actor_02', '03-01-05-01-01-01-02.wav'));
    expect(orig.emotion).toBe(conv.emotion);
    for (const k of EMOTIONS) expect(Math.abs(orig.scores[k]! - conv.scores[k]!)).toBeLessThan(0.1);
  });

  itShared('pads a clip shorter than the model input instead of rejecting it', async () => {
    const audio = new AudioDecoder().decodeSync(readFileSync(join(RAV, 'Actor_03', '03-01-05-02-01-01-03.wav')));
    const short = audio.samples.slice(16000, 16000 + 4000); // 0.25 s
    const res = await r.recognize({ samples: short, sampleRate: 16000 });
    expect(EMOTIONS).toContain(res.emotion);
  });

  itShared('slides over long audio: segments with start/end times that cover the recording', async () => {
    const dec = new AudioDecoder();
    const a = dec.decodeSync(readFileSync(join(RAV, 'Actor_05', '03-01-05-02-01-01-05.wav'))).samples;
    const b = dec.decodeSync(readFileSync(join(RAV, 'Actor_05', '03-01-04-02-01-01-05.wav'))).samples;
    const long = new Float32Array(a.length + b.length);
    long.set(a);
    long.set(b, a.length);
    const segs = await r.recognizeSegments({ samples: long, sampleRate: 16000 }, { hopSec: 1 });
    expect(segs.length).toBeGreaterThan(2);
    expect(segs[0]!.startSec).toBe(0);
    expect(segs.at(-1)!.endSec).toBeCloseTo(long.length / 16000, 3);
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.startSec).toBeGreaterThan(segs[i - 1]!.startSec);
  });

  it('rejects garbage, empty and NaN input with typed errors', async () => {
    await expectSerErrorAsync(() => r.recognize(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])), 'SER_CORRUPT_AUDIO');
    await expectSerErrorAsync(() => r.recognize({ samples: new Float32Array(0), sampleRate: 16000 }), 'SER_EMPTY_AUDIO');
    await expectSerErrorAsync(() => r.recognize({ samples: new Float32Array(8000).fill(NaN), sampleRate: 16000 }), 'SER_INVALID_ARGUMENT');
    await expectSerErrorAsync(() => r.recognize(join(ROOT, 'no-such-file.wav')), 'SER_IO');
    await expectSerErrorAsync(() => r.recognize(42 as never), 'SER_INVALID_ARGUMENT');
  });

  it('refuses a tampered or truncated bundle with SER_MODEL_FORMAT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bundle-'));
    try {
      // A single bundle: the shipped one, or its first member when it ships as an ensemble.
      const shipped = join(ROOT, 'models', 'default');
      const src = existsSync(join(shipped, 'ensemble.json')) ? join(shipped, 'member-0') : shipped;
      for (const f of ['model.json', 'weights.bin', 'metadata.json']) await copyFile(join(src, f), join(dir, f));
      const w = await readFile(join(dir, 'weights.bin'));
      w[100] = w[100]! ^ 0xff;
      await writeFile(join(dir, 'weights.bin'), w);
      await expectSerErrorAsync(() => EmotionRecognizer.load(dir), 'SER_MODEL_FORMAT');
      await writeFile(join(dir, 'weights.bin'), w.subarray(0, w.length - 10));
      await expectSerErrorAsync(() => EmotionRecognizer.load(dir), 'SER_MODEL_FORMAT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  itShared('leaves no tensors behind after load, recognize and dispose', async () => {
    const before = tf.memory().numTensors;
    const x = await EmotionRecognizer.load(undefined, { engine: 'tfjs' });
    await x.recognize(join(RAV, 'Actor_01', '03-01-01-01-01-01-01.wav'));
    await x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  itShared('gives the same answer on the tfjs path as on the WASM engine', async () => {
    const x = await EmotionRecognizer.load(undefined, { engine: 'tfjs' });
    const path = join(RAV, 'Actor_09', '03-01-06-02-02-01-09.wav');
    const a = await r.recognize(path);
    const b = await x.recognize(path);
    for (const k of EMOTIONS) expect(b.scores[k]).toBeCloseTo(a.scores[k]!, 4);
    await x.dispose();
  });
});

describe('EmotionRecognizer.train (fine-tuning your own data)', () => {
  itShared('fine-tunes the loaded model on labelled clips, moves their scores, and keeps the engine in step', async () => {
    const x = await EmotionRecognizer.load();
    const { items } = await loadRavdess(RAV);
    // Two actors, 'sad' relabelled as 'neutral': fine-tuning must move those clips toward 'neutral'.
    const mine = items
      .filter((i) => (i.speaker === '11' || i.speaker === '12') && (i.emotion === 'sad' || i.emotion === 'angry'))
      .map((i) => (i.emotion === 'sad' ? { ...i, emotion: 'neutral' as const } : i));
    const probe = mine.filter((i) => i.emotion === 'neutral').slice(0, 6);
    const before = await Promise.all(probe.map(async (i) => (await x.recognize(i.path)).scores.neutral!));
    const history = await x.train(mine, { validation: false, augment: false, trainer: { epochs: 8, learningRate: 1e-3, earlyStopping: false, reduceLrOnPlateau: false } });
    expect(history.epochs.length).toBe(8);
    const after = await Promise.all(probe.map(async (i) => (await x.recognize(i.path)).scores.neutral!));
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(after)).toBeGreaterThan(mean(before) + 0.2);
    // The WASM engine predicts with the fine-tuned weights (same answer as the tfjs model).
    const viaTfjs = await EmotionRecognizer.fromBundles(x.predictor.members.map((m, i) => ({ model: m.model, metadata: x.memberMetadata[i]! })), { engine: 'tfjs' });
    const p = probe[0]!.path;
    const a = await x.recognize(p);
    const b = await viaTfjs.recognize(p);
    for (const k of EMOTIONS) expect(a.scores[k]).toBeCloseTo(b.scores[k]!, 4);
    await x.dispose();
  });
});
