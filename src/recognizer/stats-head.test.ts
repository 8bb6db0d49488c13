/** Statistics heads: fused as CNN^(1 − w)·head^w (renormalised) in every prediction path, saved and validated with the bundle. */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/select.js';
import { buildCnnLstm, cnnLstmConfigOf } from '../model/cnn-lstm.js';
import { saveBundles } from '../model/ensemble-bundle.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleMetadata } from '../model/model-bundle.js';
import { StatsHead } from '../model/stats-head.js';
import { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import { UtteranceStats } from '../pipeline/utterance-stats.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
import { EMOTIONS } from '../types.js';
import { expectSerError, expectSerErrorAsync, sine } from '../../test/helpers.js';
import { EmotionRecognizer } from './emotion-recognizer.js';

let dir: string;
const pipeline = new FeaturePipeline({ frames: 40, trimTopDb: null });
const stats = new UtteranceStats({ nMels: 40, nMfcc: 20 });
const signal = sine(220, 16000, 1);

function bundle(weight: number | null): { model: ReturnType<typeof buildCnnLstm>; metadata: BundleMetadata } {
  const model = buildCnnLstm({ inputFrames: 40, inputBins: 40, filters: 8, lstmLayers: 1, lstmUnits: 4, denseUnits: 8, numClasses: 6, seed: 3, readout: 'mean', poolSize: 4 });
  const tones = [150, 200, 250, 300, 350, 400].map((f) => sine(f, 16000, 0.8, 0.2 + f / 1000));
  const scaler = new StandardScaler().fit(tones.map((t) => pipeline.extract(t, 16000)));
  const head = weight === null ? null : StatsHead.fit(stats, tones.map((t) => stats.compute(t)), [0, 1, 2, 3, 4, 5], 6, { weight, c: 10 });
  return {
    model,
    metadata: {
      format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, libraryVersion: '0.1.0', labels: [...EMOTIONS], audio: { sampleRate: 16000 },
      features: { ...pipeline.toJSON() }, input: { frames: 40, bins: 40 }, scaler: { ...scaler.toJSON() }, model: cnnLstmConfigOf(model)!,
      ...(head ? { statsHead: head.toJSON() } : {}),
    },
  };
}

/** Reference: a^(1−w)·b^w, renormalised, each probability floored at 1e-7 as documented. */
function geo(a: number[], b: number[], w: number): number[] {
  const u = a.map((v, i) => Math.max(v, 1e-7) ** (1 - w) * Math.max(b[i]!, 1e-7) ** w);
  const z = u.reduce((s, v) => s + v, 0);
  return u.map((v) => v / z);
}

beforeAll(async () => {
  await initBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'stats-head-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('statistics head', () => {
  it('fuses CNN^(1 − w)·head^w in recognize and segments, and survives save/load', async () => {
    const plain = bundle(null);
    const withHead = bundle(0.4);
    await saveBundles(join(dir, 'plain'), [plain]);
    await saveBundles(join(dir, 'head'), [withHead]);
    const rp = await EmotionRecognizer.load(join(dir, 'plain'), { backend: 'cpu' });
    const rh = await EmotionRecognizer.load(join(dir, 'head'), { backend: 'cpu' });
    expect(rh.predictor.needsSpeech).toBe(true);
    const head = rh.predictor.members[0]!.head!;
    const q = head.predict(rh.predictor.pipeline.windowSpeech(rh.predictor.pipeline.prepare(signal, 16000)));
    const [pp, ph] = await Promise.all([rp, rh].map((r) => r.recognize({ samples: signal, sampleRate: 16000 }, { speechGate: false })));
    const fused = geo(EMOTIONS.map((e) => pp!.scores[e]!), [...q], 0.4);
    EMOTIONS.forEach((e, k) => expect(ph!.scores[e]).toBeCloseTo(fused[k]!, 6));
    const total = Object.values(ph!.scores).reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(1, 5);
    // Segments of a long signal go through the same fusion, window by window.
    const long = sine(180, 16000, 2.5);
    const segs = await rh.recognizeSegments({ samples: long, sampleRate: 16000 }, { hopSec: 0.4, speechGate: false });
    const plainSegs = await rp.recognizeSegments({ samples: long, sampleRate: 16000 }, { hopSec: 0.4, speechGate: false });
    const w = rh.predictor.pipeline.windowSamples;
    const start = Math.round(segs[1]!.startSec * 16000);
    const q1 = head.predict(rh.predictor.pipeline.normalizeLevel(long.slice(start, start + w)));
    const fused1 = geo(EMOTIONS.map((e) => plainSegs[1]!.scores[e]!), [...q1], 0.4);
    EMOTIONS.forEach((e, k) => expect(segs[1]!.scores[e]).toBeCloseTo(fused1[k]!, 6));
    // Save again: the head travels with the bundle.
    await rh.save(join(dir, 'again'));
    const meta = JSON.parse(await readFile(join(dir, 'again', 'metadata.json'), 'utf8')) as BundleMetadata;
    expect(meta.statsHead).toEqual(JSON.parse(JSON.stringify(withHead.metadata.statsHead)));
    const before = tf.memory().numTensors;
    await Promise.all([rp.dispose(), rh.dispose()]);
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('refuses to run the heads without the speech, and loads no corrupted head', async () => {
    const b = bundle(0.5);
    await saveBundles(join(dir, 'h2'), [b]);
    const r = await EmotionRecognizer.load(join(dir, 'h2'), { backend: 'cpu' });
    const f = r.predictor.pipeline.extract(signal, 16000);
    expectSerError(() => r.predictor.predictFeatures([f]), 'SER_INVALID_ARGUMENT', /statistics head/);
    expectSerError(() => StatsHead.fit(stats, [stats.compute(signal), stats.compute(sine(330, 16000, 1))], [0, 1], 6, { weight: 2 }), 'SER_INVALID_ARGUMENT', /weight/);
    await r.dispose();
    const metaFile = join(dir, 'h2', 'metadata.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, any>;
    const bad = (mutate: (h: Record<string, any>) => void) => {
      const m = structuredClone(meta);
      mutate(m['statsHead']);
      return writeFile(metaFile, JSON.stringify(m));
    };
    await bad((h) => (h['classifier']['weights'] = h['classifier']['weights'].slice(3)));
    await expectSerErrorAsync(() => EmotionRecognizer.load(join(dir, 'h2'), { backend: 'cpu' }), 'SER_MODEL_FORMAT', /statsHead/);
    await bad((h) => (h['weight'] = 2));
    await expectSerErrorAsync(() => EmotionRecognizer.load(join(dir, 'h2'), { backend: 'cpu' }), 'SER_MODEL_FORMAT', /weight/);
    await bad((h) => (h['stats']['nMels'] = 64));
    await expectSerErrorAsync(() => EmotionRecognizer.load(join(dir, 'h2'), { backend: 'cpu' }), 'SER_MODEL_FORMAT', /statistics/);
  });
});
