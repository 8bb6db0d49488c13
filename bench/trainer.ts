/**
 * Trainer throughput: one short fit per engine on the default CNN-LSTM input size (108 × 40),
 * 2 LSTM layers. Prints one JSON line per engine.
 * Usage: npx tsx bench/trainer.ts [samples=128] [epochs=1] [engines=wasm-kernels]  (e.g. wasm-kernels,tfjs;
 * tfjs on the cpu backend needs ~1.4 s per sample-epoch here, so keep samples small for it)
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, randn } from '../src/internal/rng.js';
import { buildCnnLstm } from '../src/model/cnn-lstm.js';
import { evaluate } from '../src/train/evaluate.js';
import { Trainer, type TrainerEngine } from '../src/train/trainer.js';
import type { FeatureMatrix } from '../src/types.js';

const n = Number(process.argv[2] ?? 128);
const epochs = Number(process.argv[3] ?? 1);
const engines = (process.argv[4] ?? 'wasm-kernels').split(',') as TrainerEngine[];
const cfg = { inputFrames: 108, inputBins: 40, lstmLayers: 2, numClasses: 6 };
const rng = createRng(1);
const x: FeatureMatrix[] = [];
const y: number[] = [];
for (let i = 0; i < n; i++) {
  const data = new Float32Array(108 * 40);
  for (let j = 0; j < data.length; j++) data[j] = randn(rng) + (j % 40 === i % 6 ? 1 : 0);
  x.push({ data, frames: 108, bins: 40 });
  y.push(i % 6);
}
await tf.setBackend('cpu');
for (const engine of engines) {
  const model = buildCnnLstm(cfg);
  const t0 = performance.now();
  const h = await new Trainer({ epochs, batchSize: 32, engine, engineThreads: 1, earlyStopping: false }).fit(model, { x, y });
  const fitS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await evaluate(model, { x, y }, { batchSize: 64 });
  const evalTfjsS = (performance.now() - t1) / 1000;
  const last = h.epochs[h.epochs.length - 1]!;
  process.stdout.write(
    JSON.stringify({ bench: 'trainer.fit', engine: h.engine, samples: n, epochs, fitSeconds: +fitS.toFixed(3), epochSeconds: +last.seconds.toFixed(3), trainSamplesPerSec: +last.samplesPerSec.toFixed(1), tfjsPredictSeconds: +evalTfjsS.toFixed(3) }) + '\n',
  );
  model.dispose();
}
