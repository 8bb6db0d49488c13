import { describe, expect, it } from 'vitest';
import { resolveCnnLstmConfig } from '../model/cnn-lstm-config.js';
import { type CnnLstmEngineLike, EngineTrainingBackend } from './engine-training-backend.js';

/** A recording stand-in with the CnnLstmEngine API. */
function fakeEngine() {
  const calls: unknown[] = [];
  let weights: Float32Array[] = [new Float32Array([1, 2])];
  let state: { step: number; m: Float32Array[]; v: Float32Array[] } = { step: 0, m: [new Float32Array(2)], v: [new Float32Array(2)] };
  let disposed = false;
  const engine: CnnLstmEngineLike = {
    config: resolveCnnLstmConfig({ inputFrames: 4, inputBins: 2, filters: 2, lstmLayers: 1, lstmUnits: 2, denseUnits: 0, numClasses: 2 }),
    setWeights: (w) => void (weights = w),
    getWeights: () => weights,
    predict: (x, batch) => new Float32Array(batch * 2).fill(0.5),
    trainBatch: async (x, labels, options) => {
      calls.push({ n: labels.length, ...options });
      state = { ...state, step: state.step + 1 };
      return { loss: 0.25 };
    },
    getOptimizerState: () => state,
    setOptimizerState: (s) => void (state = s),
    dispose: () => void (disposed = true),
  };
  return { engine, calls, isDisposed: () => disposed, raw: () => weights };
}

describe('EngineTrainingBackend', () => {
  it('forwards steps and options, and reports no correct count when the engine has none', async () => {
    const f = fakeEngine();
    const b = new EngineTrainingBackend(f.engine);
    expect(b.name).toBe('wasm-kernels');
    const sw = new Float32Array([2, 1]);
    expect(await b.trainBatch(new Float32Array(16), Int32Array.from([0, 1]), { learningRate: 0.01, sampleWeights: sw, dropoutSeed: 9 })).toEqual({ loss: 0.25 });
    await b.trainBatch(new Float32Array(8), Int32Array.from([1]), { learningRate: 0.005 });
    expect(f.calls).toEqual([
      { n: 2, learningRate: 0.01, sampleWeights: sw, dropoutSeed: 9 },
      { n: 1, learningRate: 0.005 },
    ]);
    expect(b.getOptimizerState().step).toBe(2);
    expect(Array.from(await b.predict(new Float32Array(8), 1))).toEqual([0.5, 0.5]);
    await b.dispose();
    expect(f.isDisposed()).toBe(true);
  });

  it('hands out and takes in copies, never its own buffers', () => {
    const f = fakeEngine();
    const b = new EngineTrainingBackend(f.engine);
    const w = b.getWeights();
    w[0]![0] = 99;
    expect(f.raw()[0]![0]).toBe(1);
    const mine = [new Float32Array([3, 4])];
    b.setWeights(mine);
    mine[0]![0] = -1;
    expect(Array.from(f.raw()[0]!)).toEqual([3, 4]);
    const s = b.getOptimizerState();
    s.m[0]![0] = 7;
    expect(b.getOptimizerState().m[0]![0]).toBe(0);
  });
});
