/**
 * The Trainer on the WASM CNN-LSTM engine (engine 'auto' with a buildCnnLstm model), checked
 * against the tfjs path it must reproduce.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../../test/helpers.js';
import { synthetic, useCpu, weightsOf } from '../../test/train/tiny.js';
import { buildCnnLstm } from '../model/cnn-lstm.js';
import { Trainer, type TrainerOptions } from './trainer.js';

beforeAll(useCpu);
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ser-engine-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CFG = { inputFrames: 8, inputBins: 3, filters: 4, kernelSize: 3, lstmLayers: 1, lstmUnits: 4, denseUnits: 8, numClasses: 3, seed: 5 };
const RUN: TrainerOptions = { epochs: 3, batchSize: 8, learningRate: 0.02, engineThreads: 1, reduceLrOnPlateau: { patience: 1 } };
const data = () => ({ train: synthetic(24, { seed: 31 }), validation: synthetic(12, { seed: 32 }) });

describe('Trainer with the WASM engine', () => {
  it("picks the kernels for a buildCnnLstm model, matches the tfjs engine, and writes the weights back into the model", async () => {
    const { train, validation } = data();
    const a = buildCnnLstm({ ...CFG, dropout: 0 });
    const b = buildCnnLstm({ ...CFG, dropout: 0 });
    const before = tf.memory().numTensors;
    const ha = await new Trainer({ ...RUN, engine: 'auto' }).fit(a, train, { validation });
    expect(tf.memory().numTensors).toBe(before);
    const hb = await new Trainer({ ...RUN, engine: 'tfjs' }).fit(b, train, { validation });
    expect(ha.engine).toBe('wasm-kernels');
    expect(hb.engine).toBe('tfjs');
    const wa = weightsOf(a);
    const wb = weightsOf(b);
    wa.forEach((w, i) => expect(maxAbsDiff(w, wb[i]!)).toBeLessThan(1e-4));
    expect(wa[0]).not.toEqual(weightsOf(buildCnnLstm({ ...CFG, dropout: 0 }))[0]); // it trained
    ha.epochs.forEach((e, i) => {
      expect(e.loss).toBeCloseTo(hb.epochs[i]!.loss, 4);
      expect(e.valLoss!).toBeCloseTo(hb.epochs[i]!.valLoss!, 4);
      expect(e.acc).toBeGreaterThanOrEqual(0); // scored by an inference pass (the engine reports no count)
    });
    a.dispose();
    b.dispose();
  });

  it('resumes a killed engine run (dropout on, seeded per batch) to the identical weights', async () => {
    const { train, validation } = data();
    const ref = buildCnnLstm({ ...CFG, dropout: 0.3 });
    await new Trainer(RUN).fit(ref, train, { validation });

    const dir = tmp();
    const crashed = buildCnnLstm({ ...CFG, dropout: 0.3 });
    await expect(
      new Trainer({ ...RUN, checkpointDir: dir, resume: true }).fit(crashed, train, {
        validation,
        onBatchEnd: (b) => {
          if (b.epoch === 3 && b.batch === 1) throw new Error('crash mid-epoch');
        },
      }),
    ).rejects.toThrow('crash mid-epoch');
    crashed.dispose();
    const resumed = buildCnnLstm({ ...CFG, dropout: 0.3, seed: 99 });
    const h = await new Trainer({ ...RUN, checkpointDir: dir, resume: true }).fit(resumed, train, { validation });
    expect(h.resumedFromEpoch).toBe(2);
    expect(h.engine).toBe('wasm-kernels');
    const w1 = weightsOf(ref);
    const w2 = weightsOf(resumed);
    w1.forEach((w, i) => expect(Array.from(w2[i]!)).toEqual(Array.from(w)));
    ref.dispose();
    resumed.dispose();
  });

  it('continues a tfjs checkpoint on the kernels (same weight order and Adam state layout)', async () => {
    const { train, validation } = data();
    const ref = buildCnnLstm({ ...CFG, dropout: 0 });
    await new Trainer({ ...RUN, engine: 'tfjs' }).fit(ref, train, { validation });
    const dir = tmp();
    const first = buildCnnLstm({ ...CFG, dropout: 0 });
    await new Trainer({ ...RUN, epochs: 2, engine: 'tfjs', checkpointDir: dir }).fit(first, train, { validation });
    first.dispose();
    const second = buildCnnLstm({ ...CFG, dropout: 0 });
    const h = await new Trainer({ ...RUN, engine: 'wasm-kernels', checkpointDir: dir, resume: true }).fit(second, train, { validation });
    expect(h.resumedFromEpoch).toBe(2);
    const w1 = weightsOf(ref);
    const w2 = weightsOf(second);
    w1.forEach((w, i) => expect(maxAbsDiff(w, w2[i]!)).toBeLessThan(1e-4));
    ref.dispose();
    second.dispose();
  });
});
