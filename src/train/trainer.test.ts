import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSerErrorAsync, expectSerError } from '../../test/helpers.js';
import { synthetic, tinyModel, useCpu, weightsOf } from '../../test/train/tiny.js';
import type { FeatureMatrix } from '../types.js';
import { TfjsTrainingBackend } from './tfjs-training-backend.js';
import { type EpochLog, TRAINER_DEFAULTS, Trainer, type TrainerOptions, mixSeed, resolveTrainerConfig } from './trainer.js';
import type { TrainingBackend } from './training-backend.js';

beforeAll(useCpu);
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ser-trainer-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sameWeights = (a: Float32Array[], b: Float32Array[]) => {
  expect(a.length).toBe(b.length);
  a.forEach((w, i) => expect(Array.from(b[i]!)).toEqual(Array.from(w)));
};
/** Validation set with permuted labels: the better the model learns, the worse its val_loss (plateaus). */
const noiseVal = () => {
  const v = synthetic(24, { seed: 11 });
  return { x: v.x, y: v.y.map((c) => (c + 1) % 3) };
};

describe('resolveTrainerConfig', () => {
  it('applies the documented defaults', () => {
    const c = resolveTrainerConfig();
    expect(c).toMatchObject({ epochs: 50, batchSize: 32, learningRate: 1e-3, seed: 42, shuffle: true, classWeight: 'balanced', resume: false, engine: 'auto' });
    expect(c.earlyStopping).toEqual({ monitor: 'val_loss', patience: 10, minDelta: 0, restoreBestWeights: true });
    expect(c.reduceLrOnPlateau).toEqual({ monitor: 'val_loss', factor: 0.5, patience: 4, minLr: 1e-5, minDelta: 0 });
    expect(c.checkpointDir).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(TRAINER_DEFAULTS)).toBe(true);
    expect(resolveTrainerConfig({ earlyStopping: { patience: 3 } }).earlyStopping).toMatchObject({ patience: 3, monitor: 'val_loss' });
    expect(resolveTrainerConfig({ earlyStopping: false, reduceLrOnPlateau: false })).toMatchObject({ earlyStopping: null, reduceLrOnPlateau: null });
  });

  it.each<[TrainerOptions, RegExp]>([
    [{ epochs: 0 }, /epochs must be an integer >= 1 \(got 0\)/],
    [{ batchSize: 1.5 }, /batchSize/],
    [{ learningRate: -1 }, /learningRate/],
    [{ engine: 'gpu' as never }, /engine must be one of 'auto', 'wasm-kernels', 'tfjs'/],
    [{ resume: true }, /resume must be used with checkpointDir/],
    [{ earlyStopping: { patience: 0 } }, /earlyStopping.patience/],
    [{ earlyStopping: { monitor: 'acc' as never } }, /earlyStopping.monitor/],
    [{ reduceLrOnPlateau: { factor: 1 } }, /reduceLrOnPlateau.factor/],
    [{ classWeight: 'auto' as never }, /classWeight/],
    [{ checkpointDir: '' }, /checkpointDir/],
  ])('throws SER_INVALID_ARGUMENT for %j', (opts, re) => {
    expectSerError(() => new Trainer(opts), 'SER_INVALID_ARGUMENT', re);
  });
});

describe('Trainer.fit', () => {
  it('learns a separable synthetic task (>= 90 % validation accuracy) on the tfjs engine', async () => {
    const model = tinyModel();
    const train = synthetic(96, { seed: 1 });
    const val = synthetic(48, { seed: 2 });
    const logs: EpochLog[] = [];
    let batches = 0;
    const h = await new Trainer({ epochs: 25, batchSize: 16, learningRate: 0.03, engine: 'auto' }).fit(model, train, {
      validation: val,
      onEpochEnd: (e) => void logs.push(e),
      onBatchEnd: () => void batches++,
    });
    expect(h.engine).toBe('tfjs'); // not a buildCnnLstm model
    expect(batches).toBe(logs.length * 6);
    expect(logs).toEqual(h.epochs);
    const best = h.epochs.find((e) => e.epoch === h.bestEpoch)!;
    expect(best.valAcc).toBeGreaterThanOrEqual(0.9);
    expect(best.valUar).toBeGreaterThanOrEqual(0.9);
    expect(h.epochs[h.epochs.length - 1]!.loss).toBeLessThan(h.epochs[0]!.loss * 0.5);
    for (const e of h.epochs) {
      expect(e.samplesPerSec).toBeGreaterThan(0);
      expect(e.seconds).toBeGreaterThan(0);
    }
    // the model itself holds the trained (best) weights
    const { evaluate } = await import('./evaluate.js');
    const ev = await evaluate(model, val);
    expect(ev.report.accuracy).toBeCloseTo(best.valAcc!, 10);
    model.dispose();
  });

  it('is deterministic for a seed and shuffles differently for another seed', async () => {
    const data = synthetic(30);
    const run = async (seed: number) => {
      const m = tinyModel();
      const h = await new Trainer({ epochs: 2, batchSize: 8, seed, learningRate: 0.01 }).fit(m, data);
      const w = weightsOf(m);
      m.dispose();
      return { w, losses: h.epochs.map((e) => e.loss) };
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    sameWeights(a.w, b.w);
    expect(b.losses).toEqual(a.losses);
    expect(c.losses).not.toEqual(a.losses);
    expect(mixSeed(5, 0)).not.toBe(mixSeed(5, 1));
  });

  it('throws SER_SHAPE_MISMATCH naming the expected [frames, bins]', async () => {
    const model = tinyModel();
    const data = synthetic(4);
    const bad: FeatureMatrix = { data: new Float32Array(21), frames: 7, bins: 3 };
    await expectSerErrorAsync(
      () => new Trainer({ epochs: 1 }).fit(model, { x: [...data.x, bad], y: [...data.y, 0] }),
      'SER_SHAPE_MISMATCH',
      /train\.x\[4\] has shape \[7, 3\] but the model expects \[8, 3\]/,
    );
    await expectSerErrorAsync(
      () => new Trainer({ epochs: 1 }).fit(model, data, { validation: { x: [bad], y: [0] } }),
      'SER_SHAPE_MISMATCH',
      /validation\.x\[0\].*\[8, 3\]/,
    );
    await expectSerErrorAsync(() => new Trainer({ epochs: 1 }).fit(model, { x: data.x, y: [0, 1, 2, 3] }), 'SER_INVALID_ARGUMENT', /train\.y\[3\] must be a class index in \[0, 2\]/);
    await expectSerErrorAsync(() => new Trainer({ epochs: 1 }).fit(model, { x: data.x, y: [0] }), 'SER_INVALID_ARGUMENT', /one class index per sample/);
    model.dispose();
  });

  it("computes 'balanced' class weights n / (k · count) and accepts explicit ones", async () => {
    const labels = [0, 0, 0, 0, 0, 0, 1, 1, 2];
    const data = synthetic(9, { labels });
    const m = tinyModel();
    const h = await new Trainer({ epochs: 1, batchSize: 9 }).fit(m, data);
    expect(h.classWeights).toEqual([9 / (3 * 6), 9 / (3 * 2), 9 / (3 * 1)]);
    const h2 = await new Trainer({ epochs: 1, classWeight: { 2: 5 } }).fit(m, data);
    expect(h2.classWeights).toEqual([1, 1, 5]);
    const h3 = await new Trainer({ epochs: 1, classWeight: 'none' }).fit(m, data);
    expect(h3.classWeights).toEqual([1, 1, 1]);
    await expectSerErrorAsync(() => new Trainer({ epochs: 1, classWeight: [1, -1, 1] }).fit(m, data), 'SER_INVALID_ARGUMENT', /classWeight\[1\]/);
    m.dispose();
  });

  it('stops early and restores the best epoch weights', async () => {
    const model = tinyModel();
    const snapshots = new Map<number, Float32Array[]>();
    const h = await new Trainer({
      epochs: 40,
      batchSize: 8,
      learningRate: 0.05,
      earlyStopping: { patience: 2 },
      reduceLrOnPlateau: false,
    }).fit(model, synthetic(24), { validation: noiseVal(), onEpochEnd: (e) => void snapshots.set(e.epoch, weightsOf(model)) });
    expect(h.stopReason).toBe('early-stopping');
    expect(h.monitor).toBe('val_loss');
    const last = h.epochs[h.epochs.length - 1]!.epoch;
    expect(last).toBeLessThan(40);
    expect(last - h.bestEpoch!).toBe(2);
    const vals = h.epochs.map((e) => e.valLoss!);
    expect(h.bestValue).toBe(Math.min(...vals));
    expect(h.restoredBestWeights).toBe(true);
    sameWeights(snapshots.get(h.bestEpoch!)!, weightsOf(model));
    model.dispose();
  });

  it('anneals the learning rate along half a cosine, from learningRate towards minLearningRate', async () => {
    const model = tinyModel();
    const h = await new Trainer({ epochs: 5, batchSize: 8, learningRate: 0.01, minLearningRate: 0.001, lrSchedule: 'cosine', earlyStopping: false, reduceLrOnPlateau: false }).fit(model, synthetic(24));
    const expected = [0, 1, 2, 3, 4].map((e) => 0.001 + 0.009 * 0.5 * (1 + Math.cos((Math.PI * e) / 5)));
    h.epochs.forEach((e, i) => expect(e.lr).toBeCloseTo(expected[i]!, 12));
    expect(h.epochs[0]!.lr).toBe(0.01);
    expect(h.epochs[4]!.lr).toBeLessThan(0.002);
    expectSerError(() => resolveTrainerConfig({ lrSchedule: 'cosine' }), 'SER_INVALID_ARGUMENT', /reduceLrOnPlateau: false/);
    expectSerError(() => resolveTrainerConfig({ lrSchedule: 'step' as never }), 'SER_INVALID_ARGUMENT', /lrSchedule/);
    model.dispose();
  });

  it('reduces the learning rate on plateaus down to minLr (Keras ReduceLROnPlateau rule)', async () => {
    const model = tinyModel();
    const opts = { patience: 1, factor: 0.5, minLr: 0.0025 };
    const h = await new Trainer({ epochs: 8, batchSize: 8, learningRate: 0.01, earlyStopping: false, reduceLrOnPlateau: opts }).fit(
      model,
      synthetic(24),
      { validation: noiseVal() },
    );
    // Replay the rule on the logged val_loss values.
    let lr = 0.01;
    let best = Infinity;
    let wait = 0;
    for (const e of h.epochs) {
      expect(e.lr).toBe(lr);
      if (e.valLoss! < best) {
        best = e.valLoss!;
        wait = 0;
      } else if (++wait >= opts.patience && lr > opts.minLr) {
        lr = Math.max(lr * opts.factor, opts.minLr);
        wait = 0;
      }
    }
    expect(h.finalLearningRate).toBe(lr);
    expect(new Set(h.epochs.map((e) => e.lr)).size).toBeGreaterThan(1);
    expect(h.stopReason).toBe('completed');
    model.dispose();
  });

  it('falls back to monitoring the training loss without validation data, with a warning', async () => {
    const warnings: string[] = [];
    const model = tinyModel();
    const h = await new Trainer({ epochs: 2, logger: { warn: (m) => void warnings.push(m) } }).fit(model, synthetic(12));
    expect(h.monitor).toBe('loss');
    expect(warnings.some((w) => /monitors 'val_loss'.*no validation data/.test(w))).toBe(true);
    expect(h.epochs[0]!.valLoss).toBeNull();
    model.dispose();
  });

  it('stops at the next batch when the signal aborts', async () => {
    const model = tinyModel();
    const ac = new AbortController();
    const h = await new Trainer({ epochs: 5, batchSize: 4 }).fit(model, synthetic(12), {
      onBatchEnd: (b) => {
        if (b.epoch === 2 && b.batch === 1) ac.abort();
      },
      signal: ac.signal,
    });
    expect(h.stopReason).toBe('aborted');
    expect(h.epochs).toHaveLength(1);
    model.dispose();
  });

  it('leaves tf.memory().numTensors unchanged across fit (with validation and checkpoints)', async () => {
    const model = tinyModel({ dropout: 0.2, l2: 0.001 });
    const train = synthetic(20);
    const before = tf.memory().numTensors;
    await new Trainer({ epochs: 2, batchSize: 8, checkpointDir: tmp() }).fit(model, train, { validation: synthetic(9, { seed: 4 }) });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('writes the backend weights back into the model and scores training accuracy itself when the backend cannot', async () => {
    const model = tinyModel();
    const shadow = tinyModel({ seed: 3 });
    const inner = new TfjsTrainingBackend(shadow);
    let disposed = false;
    const lossOnly: TrainingBackend = {
      name: 'wasm-kernels',
      trainBatch: async (x, l, o) => ({ loss: (await inner.trainBatch(x, l, o)).loss }),
      predict: (x, b) => inner.predict(x, b),
      getWeights: () => inner.getWeights(),
      setWeights: (w) => inner.setWeights(w),
      getOptimizerState: () => inner.getOptimizerState(),
      setOptimizerState: (s) => inner.setOptimizerState(s),
      dispose: async () => {
        disposed = true;
        await inner.dispose();
      },
    };
    const data = synthetic(24);
    const h = await new Trainer({ epochs: 2, batchSize: 8, earlyStopping: false }).fit(model, data, { backend: lossOnly });
    expect(h.engine).toBe('wasm-kernels');
    expect(disposed).toBe(true);
    sameWeights(weightsOf(shadow), weightsOf(model));
    // acc came from an inference pass over the training set with the final weights
    const { evaluate } = await import('./evaluate.js');
    expect(h.epochs[1]!.acc).toBeCloseTo((await evaluate(model, data)).report.accuracy, 10);
    model.dispose();
    shadow.dispose();
  });

  it("rejects engine 'wasm-kernels' for a model not built by buildCnnLstm", async () => {
    const model = tinyModel();
    const err = await expectSerErrorAsync(() => new Trainer({ epochs: 1, engine: 'wasm-kernels' }).fit(model, synthetic(6)), 'SER_INVALID_ARGUMENT', /engine/);
    expect(err.message).toMatch(/not built by buildCnnLstm/);
    model.dispose();
  });
});

describe('Trainer checkpoints', () => {
  const opts = (dir?: string): TrainerOptions => ({
    epochs: 3,
    batchSize: 8,
    learningRate: 0.02,
    earlyStopping: { patience: 10 },
    reduceLrOnPlateau: { patience: 1 },
    ...(dir ? { checkpointDir: dir, resume: true } : {}),
  });

  it('2 epochs + crash + resume 1 epoch gives the same weights and history as 3 uninterrupted epochs', async () => {
    const train = synthetic(20);
    const validation = noiseVal();
    const ref = tinyModel();
    const hRef = await new Trainer(opts()).fit(ref, train, { validation });

    const dir = tmp();
    const crashed = tinyModel();
    await expect(
      new Trainer(opts(dir)).fit(crashed, train, {
        validation,
        onEpochEnd: (e) => {
          if (e.epoch === 2) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    crashed.dispose();

    const resumed = tinyModel({ seed: 77 }); // a fresh process would build a new, differently initialised model
    const epochsRun: number[] = [];
    const h = await new Trainer(opts(dir)).fit(resumed, train, { validation, onEpochEnd: (e) => void epochsRun.push(e.epoch) });
    expect(h.resumedFromEpoch).toBe(2);
    expect(epochsRun).toEqual([3]);
    sameWeights(weightsOf(ref), weightsOf(resumed));
    const strip = (e: EpochLog) => ({ ...e, seconds: 0, samplesPerSec: 0 });
    expect(h.epochs.map(strip)).toEqual(hRef.epochs.map(strip));
    expect(h.finalLearningRate).toBe(hRef.finalLearningRate);

    // Resuming a finished run trains nothing and reproduces the final weights.
    const again = tinyModel({ seed: 55 });
    const h2 = await new Trainer(opts(dir)).fit(again, train, { validation, onEpochEnd: () => expect.unreachable() });
    expect(h2.resumedFromEpoch).toBe(3);
    sameWeights(weightsOf(ref), weightsOf(again));
    for (const m of [ref, resumed, again]) m.dispose();
  });

  it('refuses to resume with different training data (SER_MODEL_FORMAT)', async () => {
    const dir = tmp();
    const m = tinyModel();
    await new Trainer({ epochs: 1, checkpointDir: dir }).fit(m, synthetic(10));
    await expectSerErrorAsync(
      () => new Trainer({ epochs: 2, checkpointDir: dir, resume: true }).fit(m, synthetic(10, { seed: 99 })),
      'SER_MODEL_FORMAT',
      /written for other training data/,
    );
    m.dispose();
  });
});
