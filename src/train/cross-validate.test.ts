import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSerErrorAsync } from '../../test/helpers.js';
import { synthetic, tinyModel, useCpu } from '../../test/train/tiny.js';
import { groupedKFold } from '../data/split.js';
import type { FeatureMatrix } from '../types.js';
import { type FoldResult, crossValidate } from './cross-validate.js';
import { meanStd } from './metrics.js';

beforeAll(useCpu);

interface Item {
  readonly features: FeatureMatrix;
  readonly label: number;
  readonly speaker: string;
}

function items(): Item[] {
  const d = synthetic(72, { seed: 5 });
  return d.x.map((features, i) => ({ features, label: d.y[i]!, speaker: `spk${i % 6}` }));
}
const toData = (its: readonly Item[]) => ({ x: its.map((i) => i.features), y: its.map((i) => i.label) });

describe('crossValidate', () => {
  it('trains one model per speaker-grouped fold and aggregates reports, mean ± std and the summed confusion', async () => {
    const all = items();
    const folds = groupedKFold(all, { k: 3, seed: 1, groupBy: (it) => it.speaker });
    const ended: FoldResult[] = [];
    const roles: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'ser-cv-'));
    const before = tf.memory().numTensors;
    const cv = await crossValidate({
      folds,
      labels: ['a', 'b', 'c'],
      makeModel: () => tinyModel(),
      toData: (its, role) => {
        roles.push(role);
        return toData(its);
      },
      trainerOptions: { epochs: 12, batchSize: 16, learningRate: 0.03, checkpointDir: dir },
      onFoldEnd: (r) => void ended.push(r),
    });
    expect(tf.memory().numTensors).toBe(before); // every fold's model disposed
    expect(roles).toEqual(['train', 'test', 'train', 'test', 'train', 'test']);
    expect(ended.map((r) => r.fold)).toEqual([0, 1, 2]);
    expect(cv.folds).toEqual(ended);
    expect(cv.aborted).toBe(false);
    for (let i = 0; i < 3; i++) {
      expect(cv.folds[i]!.testSize).toBe(folds[i]!.test.length);
      expect(cv.folds[i]!.report.total).toBe(folds[i]!.test.length);
      expect(existsSync(join(dir, `fold-${i}`, 'trainer-checkpoint.bin'))).toBe(true);
    }
    // summed confusion counts every item exactly once
    const total = cv.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(all.length);
    for (let t = 0; t < 3; t++) {
      for (let p = 0; p < 3; p++) expect(cv.confusion[t]![p]).toBe(cv.folds.reduce((s, f) => s + f.report.confusion[t]![p]!, 0));
    }
    expect(cv.pooled.total).toBe(all.length);
    expect(cv.accuracy).toEqual(meanStd(cv.folds.map((f) => f.report.accuracy)));
    expect(cv.uar).toEqual(meanStd(cv.folds.map((f) => f.report.uar)));
    expect(cv.macroF1).toEqual(meanStd(cv.folds.map((f) => f.report.macroF1)));
    expect(cv.accuracy.mean).toBeGreaterThan(0.8); // separable task
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses fold.validation for early stopping and can keep the models', async () => {
    const all = items();
    const folds = groupedKFold(all, { k: 3, seed: 2, groupBy: (it) => it.speaker }).map((f) => ({
      train: f.train.filter((it) => it.speaker !== f.train[0]!.speaker),
      validation: f.train.filter((it) => it.speaker === f.train[0]!.speaker),
      test: f.test,
    }));
    const cv = await crossValidate({
      folds: folds.slice(0, 1),
      labels: ['a', 'b', 'c'],
      makeModel: () => tinyModel(),
      toData,
      trainerOptions: { epochs: 2 },
      keepModels: true,
    });
    expect(cv.folds[0]!.history.monitor).toBe('val_loss');
    expect(cv.folds[0]!.history.epochs[0]!.valLoss).not.toBeNull();
    expect(cv.folds[0]!.model).toBeDefined();
    cv.folds[0]!.model!.dispose();
  });

  it('stops when the signal aborts and reports only finished folds', async () => {
    const all = items();
    const folds = groupedKFold(all, { k: 3, seed: 1, groupBy: (it) => it.speaker });
    const ac = new AbortController();
    const cv = await crossValidate({
      folds,
      labels: ['a', 'b', 'c'],
      makeModel: () => tinyModel(),
      toData,
      trainerOptions: { epochs: 1 },
      onFoldEnd: () => ac.abort(),
      signal: ac.signal,
    });
    expect(cv.aborted).toBe(true);
    expect(cv.folds).toHaveLength(1);
    expect(cv.accuracy.std).toBe(0);
  });

  it('throws SER_INVALID_ARGUMENT for no folds, an empty test fold or too few labels', async () => {
    const base = { makeModel: () => tinyModel(), toData, labels: ['a', 'b', 'c'] };
    await expectSerErrorAsync(() => crossValidate({ ...base, folds: [] }), 'SER_INVALID_ARGUMENT', /at least 1 fold/);
    await expectSerErrorAsync(() => crossValidate({ ...base, folds: [{ train: items(), test: [] }] }), 'SER_INVALID_ARGUMENT', /folds\[0\] must have non-empty train and test/);
    await expectSerErrorAsync(() => crossValidate({ ...base, labels: ['a'], folds: [{ train: items(), test: items() }] }), 'SER_INVALID_ARGUMENT', /labels/);
  });
});
