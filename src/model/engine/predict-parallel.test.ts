import { describe, expect, it } from 'vitest';
import { createRng, randn } from '../../internal/rng.js';
import { resolveCnnLstmConfig } from '../cnn-lstm-config.js';
import { CnnLstmEngine, initCnnLstmWeights } from './cnn-lstm-engine.js';

const c = resolveCnnLstmConfig({ inputFrames: 24, inputBins: 8, filters: 16, kernelSize: 5, poolSize: 2, lstmLayers: 1, lstmUnits: 12, bidirectional: true, readout: 'mean', denseUnits: 16, numClasses: 5 });

/** Largest |a − b|: micro-batches of another size may round the last bit differently. */
const maxDiff = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
};

describe('CnnLstmEngine.predictParallel (batch split across worker replicas)', () => {
  it('gives the probabilities of predict() on one thread (within 1e-6), for even, odd, tiny and multi-micro-batch batches', async () => {
    const one = await CnnLstmEngine.create(c, { threads: 1 });
    const two = await CnnLstmEngine.create(c, { threads: 2 });
    const three = await CnnLstmEngine.create(c, { threads: 3 });
    try {
      const w = initCnnLstmWeights(c, 3);
      for (const e of [one, two, three]) e.setWeights(w);
      const rng = createRng(11);
      for (const n of [1, 2, 7, 40]) {
        const x = Float32Array.from({ length: n * c.inputFrames * c.inputBins }, () => randn(rng));
        const ref = one.predict(x, n);
        expect(await one.predictParallel(x, n)).toEqual(ref);
        expect(maxDiff(await two.predictParallel(x, n), ref)).toBeLessThan(1e-6);
        expect(maxDiff(await three.predictParallel(x, n), ref)).toBeLessThan(1e-6);
        // rows are probabilities (the comparison is not between two empty outputs)
        expect(ref.slice(0, c.numClasses).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
      // The replicas follow setWeights.
      const w2 = initCnnLstmWeights(c, 4);
      one.setWeights(w2);
      two.setWeights(w2);
      const x = Float32Array.from({ length: 6 * c.inputFrames * c.inputBins }, () => randn(rng));
      expect(maxDiff(await two.predictParallel(x, 6), one.predict(x, 6))).toBeLessThan(1e-6);
    } finally {
      await Promise.all([one.dispose(), two.dispose(), three.dispose()]);
    }
  });
});
