import { describe, expect, it } from 'vitest';
import { createRng, randn } from '../../internal/rng.js';
import { resolveCnnLstmConfig } from '../cnn-lstm-config.js';
import { CnnLstmEngine, initCnnLstmWeights } from './cnn-lstm-engine.js';

const c = resolveCnnLstmConfig({
  inputFrames: 20, inputBins: 8, filters: 16, kernelSize: 5, lstmLayers: 2, lstmUnits: 12, denseUnits: 16, dropout: 0.25, l2: 0.001, numClasses: 4,
});

function batch(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const x = new Float32Array(n * c.inputFrames * c.inputBins);
  for (let i = 0; i < x.length; i++) x[i] = randn(rng);
  return { x, y: Int32Array.from({ length: n }, () => Math.floor(rng() * c.numClasses)) };
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let d = 0;
  a.forEach((t, i) => t.forEach((v, j) => (d = Math.max(d, Math.abs(v - b[i]![j]!)))));
  return d;
}

describe('CnnLstmEngine data-parallel training (worker_threads)', () => {
  it('2 and 3 threads give the weights and losses of 1 thread (dropout, L2, uneven splits)', async () => {
    const one = await CnnLstmEngine.create(c, { threads: 1 });
    const two = await CnnLstmEngine.create(c, { threads: 2 });
    const three = await CnnLstmEngine.create(c, { threads: 3 });
    try {
      expect([one.threads, two.threads, three.threads]).toEqual([1, 2, 3]);
      expect(two.workerCount).toBe(1);
      const w0 = initCnnLstmWeights(c, 2);
      for (const e of [one, two, three]) e.setWeights(w0);
      // batch sizes: even, odd, smaller than the thread count (idle replicas), several micro-batches
      for (const [i, n] of [8, 7, 1, 5, 40].entries()) {
        const { x, y } = batch(n, 40 + i);
        const sw = Float32Array.from({ length: n }, (_, j) => 1 + (j % 3) * 0.5);
        const opts = { learningRate: 0.003, sampleWeights: sw, dropoutSeed: 1234 + i };
        const [a, b, d] = await Promise.all([one.trainBatch(x, y, opts), two.trainBatch(x, y, opts), three.trainBatch(x, y, opts)]);
        expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5 * a.loss);
        expect(Math.abs(a.loss - d.loss)).toBeLessThan(1e-5 * a.loss);
      }
      const wa = one.getWeights();
      expect(maxDiff(wa, two.getWeights())).toBeLessThan(1e-5);
      expect(maxDiff(wa, three.getWeights())).toBeLessThan(1e-5);
      // The weights moved (the comparison above is not vacuous).
      expect(maxDiff(wa, w0)).toBeGreaterThan(1e-3);
    } finally {
      await Promise.all([one.dispose(), two.dispose(), three.dispose()]);
    }
  });

  it('worker replicas follow setWeights and setOptimizerState, and stay in sync over many steps', async () => {
    const one = await CnnLstmEngine.create(c, { threads: 1 });
    const two = await CnnLstmEngine.create(c, { threads: 2 });
    try {
      one.setWeights(initCnnLstmWeights(c, 5));
      two.setWeights(initCnnLstmWeights(c, 6)); // different start, replaced below
      const { x, y } = batch(6, 9);
      await two.trainBatch(x, y, { learningRate: 0.01 });
      two.setWeights(one.getWeights());
      two.setOptimizerState(one.getOptimizerState());
      // unawaited calls are queued in order
      const runs: Promise<unknown>[] = [];
      for (let s = 0; s < 6; s++) {
        const b = batch(6, 100 + s);
        runs.push(one.trainBatch(b.x, b.y, { learningRate: 0.01, dropoutSeed: s }));
        runs.push(two.trainBatch(b.x, b.y, { learningRate: 0.01, dropoutSeed: s }));
      }
      await Promise.all(runs);
      expect(maxDiff(one.getWeights(), two.getWeights())).toBeLessThan(1e-5);
      expect(two.getOptimizerState().step).toBe(6);
      // The worker's replica is the one that produced half of each gradient: a predict on the
      // main replica after training agrees with the single-thread engine.
      const p1 = one.predict(x, 6), p2 = two.predict(x, 6);
      p1.forEach((v, i) => expect(Math.abs(v - p2[i]!)).toBeLessThan(1e-5));
    } finally {
      await one.dispose();
      await two.dispose();
    }
  });

  it('dispose terminates the worker threads', async () => {
    const e = await CnnLstmEngine.create(c, { threads: 2 });
    const worker = e['workers'][0]!.worker as unknown as { threadId: number; once(ev: 'exit', fn: () => void): void };
    expect(worker.threadId).toBeGreaterThan(0);
    const exited = new Promise<void>((resolve) => worker.once('exit', resolve));
    await e.dispose();
    await exited;
    expect(worker.threadId).toBe(-1);
    expect(e.workerCount).toBe(0);
    await e.dispose(); // idempotent
  });
});
