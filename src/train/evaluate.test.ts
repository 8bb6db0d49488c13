import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSerErrorAsync } from '../../test/helpers.js';
import { synthetic, tinyModel, useCpu } from '../../test/train/tiny.js';
import { evaluate, predictProbabilities } from './evaluate.js';
import { argMaxRows, classificationReport, crossEntropy } from './metrics.js';
import { TfjsTrainingBackend } from './tfjs-training-backend.js';

beforeAll(useCpu);

describe('evaluate', () => {
  it('predicts in batches and reports on the argmax, identical to one model.predict call', async () => {
    const model = tinyModel();
    const data = synthetic(23);
    const ev = await evaluate(model, data, { labels: ['a', 'b', 'c'], batchSize: 5 });
    const whole = tf.tidy(() => model.predict(tf.tensor3d(Float32Array.from(data.x.flatMap((m) => Array.from(m.data))), [23, 8, 3])) as tf.Tensor);
    const p = whole.dataSync() as Float32Array;
    whole.dispose();
    expect(Array.from(ev.probabilities)).toEqual(Array.from(p));
    expect(ev.report).toEqual(classificationReport(data.y, argMaxRows(p, 3), ['a', 'b', 'c']));
    expect(ev.loss).toBeCloseTo(crossEntropy(p, data.y, 3), 12);
    expect(ev.predictions).toHaveLength(23);
    model.dispose();
  });

  it('accepts a TrainingBackend and leaves it open', async () => {
    const model = tinyModel();
    const backend = new TfjsTrainingBackend(model);
    const data = synthetic(7);
    const a = await predictProbabilities(backend, data.x, { batchSize: 3 });
    const b = await predictProbabilities(model, data.x);
    expect(Array.from(a)).toEqual(Array.from(b));
    await backend.trainBatch(new Float32Array(24), Int32Array.from([0]), { learningRate: 1e-3 }); // still usable
    await backend.dispose();
    model.dispose();
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    await evaluate(model, synthetic(10), { batchSize: 4 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('throws typed errors for bad shapes, labels and label lists', async () => {
    const model = tinyModel();
    const data = synthetic(4);
    await expectSerErrorAsync(() => evaluate(model, data, { labels: ['a', 'b'] }), 'SER_INVALID_ARGUMENT', /labels must name every model output \(got 2 labels for 3 outputs\)/);
    await expectSerErrorAsync(() => evaluate(model, { x: data.x, y: [0, 1] }), 'SER_INVALID_ARGUMENT', /one class index per sample/);
    await expectSerErrorAsync(() => evaluate(model, synthetic(2, { bins: 4 })), 'SER_SHAPE_MISMATCH', /\[8, 3\]/);
    model.dispose();
  });
});
