/**
 * Training and inference speed of the default CNN-LSTM (buildCnnLstm()) on each installed tfjs
 * backend. One JSON line per backend: ms per training batch (Adam, batch 32) and per predict
 * batch. Usage: npx tsx bench/tfjs-backends.ts [steps=3]
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backends/select.js';
import { buildCnnLstm } from '../src/model/cnn-lstm.js';

const steps = Number(process.argv[2] ?? 3);
for (const backend of ['wasm', 'cpu', 'tensorflow'] as const) {
  try {
    await initBackend(backend);
  } catch {
    console.log(JSON.stringify({ bench: 'tfjs-backends', backend, available: false }));
    continue;
  }
  const model = buildCnnLstm();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([32, 108, 40], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 6), 'int32'), 6);
  await model.trainOnBatch(x, y); // warm-up
  let t = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const trainMs = (performance.now() - t) / steps;
  t = performance.now();
  for (let i = 0; i < steps; i++) tf.dispose(model.predict(x));
  const predictMs = (performance.now() - t) / steps;
  console.log(JSON.stringify({ bench: 'tfjs-backends', backend, available: true, batch: 32, trainMsPerBatch: Math.round(trainMs), predictMsPerBatch: Math.round(predictMs) }));
  model.dispose();
  tf.dispose([x, y]);
}
