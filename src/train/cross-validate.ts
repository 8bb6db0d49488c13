/**
 * k-fold cross-validation over prepared folds (use speaker-grouped folds, e.g. `groupedKFold`, so
 * no speaker is in both train and test): a fresh model per fold, trained by the Trainer, scored on
 * the fold's test items; per-fold reports, mean ± std, and the summed confusion matrix.
 * @module
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors.js';
import type { TrainingData } from './data.js';
import { evaluate } from './evaluate.js';
import { type ClassificationReport, meanStd, reportFromConfusion } from './metrics.js';
import { type EpochLog, Trainer, type TrainerOptions, type TrainingHistory } from './trainer.js';

const COMPONENT = 'crossValidate';

/** One fold: items to train on, items to test on, and optionally held-out items for early stopping. */
export interface CrossValidationFold<T> {
  readonly train: readonly T[];
  readonly test: readonly T[];
  /** Validation items (never the test items: that would leak the test set into model selection). */
  readonly validation?: readonly T[];
}

/** Which part of a fold {@link CrossValidateOptions.toData} is asked to convert. */
export type FoldRole = 'train' | 'validation' | 'test';

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions<T> {
  /** The folds (e.g. from `groupedKFold`). */
  readonly folds: readonly CrossValidationFold<T>[];
  /** Build a fresh, untrained model (called once per fold). */
  readonly makeModel: (fold: number) => tfl.LayersModel | Promise<tfl.LayersModel>;
  /**
   * Turn items into matrices and class indices. Called with role 'train' first in each fold, so a
   * feature scaler can be fitted there and applied to 'validation' and 'test'.
   */
  readonly toData: (items: readonly T[], role: FoldRole, fold: number) => TrainingData | Promise<TrainingData>;
  /** Class names (index = class). */
  readonly labels: readonly string[];
  /** Trainer options for every fold; a `checkpointDir` gets a `fold-<i>` sub-directory per fold. */
  readonly trainerOptions?: TrainerOptions;
  /** Called when a fold is scored. */
  readonly onFoldEnd?: (result: FoldResult) => void | Promise<void>;
  /** Called after every epoch of every fold. */
  readonly onEpochEnd?: (fold: number, log: EpochLog) => void | Promise<void>;
  /** Stops the current fold at the next batch and skips the remaining folds. */
  readonly signal?: AbortSignal;
  /** Keep each fold's trained model in its result instead of disposing it. @defaultValue false */
  readonly keepModels?: boolean;
}

/** Result of one fold. */
export interface FoldResult {
  /** 0-based fold index. */
  readonly fold: number;
  readonly report: ClassificationReport;
  readonly history: TrainingHistory;
  readonly trainSize: number;
  readonly testSize: number;
  /** The trained model, only with `keepModels: true` (the caller disposes it). */
  readonly model?: tfl.LayersModel;
}

/** Mean and population standard deviation (ddof = 0) of a metric over folds. */
export interface MeanStd {
  readonly mean: number;
  readonly std: number;
}

/** What {@link crossValidate} resolves to. */
export interface CrossValidationResult {
  readonly folds: readonly FoldResult[];
  readonly accuracy: MeanStd;
  readonly uar: MeanStd;
  readonly macroF1: MeanStd;
  /** Sum of the folds' confusion matrices (every test item counted once). */
  readonly confusion: readonly (readonly number[])[];
  /** Report of the summed confusion matrix (pooled over all test items). */
  readonly pooled: ClassificationReport;
  /** True when the signal stopped the run before every fold was done. */
  readonly aborted: boolean;
}

/**
 * Train and score one model per fold.
 *
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for no folds, empty folds or no labels.
 * @example
 * const folds = groupedKFold(items, { k: 5, groupBy: (it) => it.speaker, seed: 1 });
 * const cv = await crossValidate({
 *   folds, labels: EMOTIONS, makeModel: () => buildCnnLstm({ numClasses: 6 }),
 *   toData: (items) => ({ x: items.map((it) => it.features), y: items.map((it) => it.label) }),
 *   trainerOptions: { epochs: 30 },
 * });
 * cv.uar; // => { mean: 0.61, std: 0.03 }
 */
export async function crossValidate<T>(options: CrossValidateOptions<T>): Promise<CrossValidationResult> {
  const { folds, labels } = options;
  if (!Array.isArray(folds) || folds.length === 0) {
    throw new InvalidArgumentError('folds', folds?.length, 'at least 1 fold', `${COMPONENT}: folds must hold at least 1 fold (got ${folds?.length ?? String(folds)}). Build them with groupedKFold().`);
  }
  if (!Array.isArray(labels) || labels.length < 2) {
    throw new InvalidArgumentError('labels', labels?.length, 'at least 2 labels', `${COMPONENT}: labels must hold at least 2 class names (got ${labels?.length ?? String(labels)}).`);
  }
  folds.forEach((f, i) => {
    if (!f || f.train.length === 0 || f.test.length === 0) {
      throw new InvalidArgumentError(
        `folds[${i}]`,
        f ? `${f.train.length} train / ${f.test.length} test` : String(f),
        'non-empty train and test',
        `${COMPONENT}: folds[${i}] must have non-empty train and test items (got ${f ? `${f.train.length} train, ${f.test.length} test` : String(f)}). Use fewer folds or more speakers.`,
      );
    }
  });

  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const results: FoldResult[] = [];
  let aborted = false;
  for (let i = 0; i < folds.length; i++) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const fold = folds[i]!;
    const train = await options.toData(fold.train, 'train', i);
    const validation = fold.validation && fold.validation.length > 0 ? await options.toData(fold.validation, 'validation', i) : undefined;
    const test = await options.toData(fold.test, 'test', i);
    const base = options.trainerOptions ?? {};
    const trainer = new Trainer(
      base.checkpointDir !== undefined ? { ...base, checkpointDir: `${base.checkpointDir.replace(/[\\/]+$/, '')}/fold-${i}` } : base,
    );
    const model = await options.makeModel(i);
    let keep = false;
    try {
      const onEpochEnd = options.onEpochEnd;
      const history = await trainer.fit(model, train, {
        ...(validation ? { validation } : {}),
        ...(onEpochEnd ? { onEpochEnd: (log: EpochLog) => onEpochEnd(i, log) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (history.stopReason === 'aborted') {
        aborted = true;
        break;
      }
      const { report } = await evaluate(model, test, { labels, batchSize: Math.max(64, trainer.config.batchSize) });
      for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) confusion[t]![p]! += report.confusion[t]![p]!;
      keep = options.keepModels === true;
      const result: FoldResult = {
        fold: i,
        report,
        history,
        trainSize: train.x.length,
        testSize: test.x.length,
        ...(keep ? { model } : {}),
      };
      results.push(result);
      await options.onFoldEnd?.(result);
    } finally {
      if (!keep) model.dispose();
    }
  }
  const stat = (f: (r: ClassificationReport) => number): MeanStd => meanStd(results.map((r) => f(r.report)));
  const any = results.length > 0;
  return {
    folds: results,
    accuracy: stat((r) => r.accuracy),
    uar: stat((r) => r.uar),
    macroF1: stat((r) => r.macroF1),
    confusion,
    pooled: any ? reportFromConfusion(confusion, labels) : emptyReport(labels),
    aborted,
  };
}

function emptyReport(labels: readonly string[]): ClassificationReport {
  const k = labels.length;
  return {
    labels: [...labels],
    total: 0,
    accuracy: 0,
    uar: 0,
    macroF1: 0,
    macroPrecision: 0,
    perClass: labels.map((label) => ({ label, precision: 0, recall: 0, f1: 0, support: 0, predicted: 0 })),
    confusion: Array.from({ length: k }, () => new Array<number>(k).fill(0)),
    notes: ['no fold finished: every metric is defined as 0.'],
  };
}
