/** Ensembles: a folder with ensemble.json + member bundles loads as one recognizer that averages. */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/select.js';
import { buildCnnLstm, cnnLstmConfigOf } from '../model/cnn-lstm.js';
import { saveBundles } from '../model/ensemble-bundle.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleMetadata } from '../model/model-bundle.js';
import { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
import { EMOTIONS } from '../types.js';
import { expectSerErrorAsync, sine } from '../../test/helpers.js';
import { EmotionRecognizer } from './emotion-recognizer.js';

let dir: string;
const pipeline = new FeaturePipeline({ frames: 40, trimTopDb: null });
const signal = sine(220, 16000, 1);

function member(seed: number, labels: readonly string[] = EMOTIONS): { model: ReturnType<typeof buildCnnLstm>; metadata: BundleMetadata } {
  const model = buildCnnLstm({ inputFrames: 40, inputBins: 40, filters: 8, lstmLayers: 1, lstmUnits: 4, denseUnits: 8, numClasses: labels.length, seed, readout: 'mean', poolSize: 4 });
  const scaler = new StandardScaler().fit([pipeline.extract(sine(200 + seed, 16000, 1), 16000), pipeline.extract(sine(300 + seed, 16000, 1), 16000)]);
  return {
    model,
    metadata: {
      format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, libraryVersion: '0.1.0', labels: [...labels], audio: { sampleRate: 16000 },
      features: { ...pipeline.toJSON() }, input: { frames: 40, bins: 40 }, scaler: { ...scaler.toJSON() }, model: cnnLstmConfigOf(model)!,
    },
  };
}

beforeAll(async () => {
  await initBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'ensemble-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensemble bundles', () => {
  it('averages the members’ probabilities and saves/loads back to the same answers', async () => {
    const a = member(1);
    const b = member(2);
    await saveBundles(join(dir, 'a'), [a]);
    await saveBundles(join(dir, 'b'), [b]);
    await saveBundles(join(dir, 'ab'), [a, b]);
    const ra = await EmotionRecognizer.load(join(dir, 'a'), { backend: 'cpu' });
    const rb = await EmotionRecognizer.load(join(dir, 'b'), { backend: 'cpu' });
    const rab = await EmotionRecognizer.load(join(dir, 'ab'), { backend: 'cpu' });
    expect(rab.predictor.members).toHaveLength(2);
    const [pa, pb, pab] = await Promise.all([ra, rb, rab].map((r) => r.recognize({ samples: signal, sampleRate: 16000 }, { speechGate: false })));
    for (const k of EMOTIONS) expect(pab!.scores[k]).toBeCloseTo((pa!.scores[k]! + pb!.scores[k]!) / 2, 5);
    // Save the loaded ensemble again: same layout, same answers.
    await rab.save(join(dir, 'ab2'));
    const again = await EmotionRecognizer.load(join(dir, 'ab2'), { backend: 'cpu' });
    const p2 = await again.recognize({ samples: signal, sampleRate: 16000 }, { speechGate: false });
    for (const k of EMOTIONS) expect(p2.scores[k]).toBeCloseTo(pab!.scores[k]!, 6);
    const before = tf.memory().numTensors;
    await again.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    for (const r of [ra, rb, rab]) await r.dispose();
    a.model.dispose();
    b.model.dispose();
  });

  it('refuses members with different labels, and a bad manifest, with SER_MODEL_FORMAT', async () => {
    const a = member(3);
    const c = member(4, ['a', 'b', 'c', 'd', 'e', 'f']);
    await saveBundles(join(dir, 'mixed'), [a, c]);
    await expectSerErrorAsync(() => EmotionRecognizer.load(join(dir, 'mixed'), { backend: 'cpu' }), 'SER_MODEL_FORMAT', /other labels/);
    await writeFile(join(dir, 'mixed', 'ensemble.json'), JSON.stringify({ format: 'emotion-recog-ensemble', formatVersion: 1, members: ['../x'] }));
    await expectSerErrorAsync(() => EmotionRecognizer.load(join(dir, 'mixed'), { backend: 'cpu' }), 'SER_MODEL_FORMAT', /plain folder name/);
    await writeFile(join(dir, 'mixed', 'ensemble.json'), '{not json');
    await expectSerErrorAsync(() => EmotionRecognizer.load(join(dir, 'mixed'), { backend: 'cpu' }), 'SER_MODEL_FORMAT', /not valid JSON/);
    a.model.dispose();
    c.model.dispose();
  });
});
