/**
 * A statistics head: logistic regression on utterance statistics, fused with the CNN-LSTM of
 * the same bundle member as a weighted geometric mean, `p ∝ p_cnn^(1 − weight) · p_head^weight`
 * (renormalised; a product of experts, which beat the arithmetic mean in our CV). The two look at the
 * clip differently (frame sequence vs. global prosody and spectral statistics), so their errors
 * partly cancel. Stored in the bundle's metadata.json (`statsHead`), so every place a bundle
 * travels (folders, URLs, browser stores) carries it.
 */
import { ModelFormatError } from '../errors.js';
import { assertInRange } from '../internal/validate.js';
import { resolveUtteranceStatsConfig, UtteranceStats, type UtteranceStatsConfig } from '../pipeline/utterance-stats.js';
import { LogisticRegression, type LogisticRegressionJson, type LogisticRegressionOptions } from './logistic-regression.js';

/** `statsHead` in metadata.json. */
export interface StatsHeadJson {
  readonly kind: 'utterance-stats-logreg';
  /** Exponent of this head in the member's fused probabilities (geometric weight), in [0, 1]. */
  readonly weight: number;
  readonly stats: UtteranceStatsConfig;
  readonly classifier: LogisticRegressionJson;
}

/** Options of {@link StatsHead.fit}. */
export interface StatsHeadOptions extends LogisticRegressionOptions {
  /** Fusion weight of the head, in [0, 1]. @defaultValue 0.5 */
  readonly weight?: number;
}

/** A fitted statistics head (see the module doc). */
export class StatsHead {
  private constructor(
    readonly stats: UtteranceStats,
    readonly classifier: LogisticRegression,
    readonly weight: number,
  ) {}

  /** Fit the classifier on statistics vectors computed with `stats` (class indices `y`). */
  static fit(stats: UtteranceStats, x: readonly Float32Array[], y: readonly number[], classes: number, options: StatsHeadOptions = {}): StatsHead {
    const weight = options.weight ?? 0.5;
    assertInRange('StatsHead', 'weight', weight, 0, 1);
    return new StatsHead(stats, LogisticRegression.fit(x, y, classes, options), weight);
  }

  /**
   * Rebuild from metadata.json's `statsHead`, checking it fits the bundle (label count, rate).
   * @throws {ModelFormatError} SER_MODEL_FORMAT when it is malformed or does not fit.
   */
  static fromJSON(json: unknown, expect: { readonly classes: number; readonly sampleRate: number }): StatsHead {
    const j = json as Partial<StatsHeadJson> | null;
    const fail = (what: string, cause?: unknown) =>
      new ModelFormatError('statsHead', `loadBundle: metadata.json statsHead ${what}. Re-save or re-download the model.`, cause === undefined ? undefined : { cause });
    if (!j || typeof j !== 'object' || j.kind !== 'utterance-stats-logreg') throw fail("must have kind 'utterance-stats-logreg'");
    if (typeof j.weight !== 'number' || !(j.weight >= 0 && j.weight <= 1)) throw fail('weight must be a number in [0, 1]');
    let stats: UtteranceStats;
    try {
      stats = new UtteranceStats(resolveUtteranceStatsConfig(j.stats ?? {}));
    } catch (e) {
      throw fail('has invalid stats settings', e);
    }
    if (stats.config.sampleRate !== expect.sampleRate) throw fail(`is at ${stats.config.sampleRate} Hz but the features are at ${expect.sampleRate} Hz`);
    const classifier = LogisticRegression.fromJSON(j.classifier, 'metadata.json statsHead.classifier');
    if (classifier.classes !== expect.classes) throw fail(`has ${classifier.classes} classes but the bundle has ${expect.classes} labels`);
    if (classifier.dims !== stats.dims) throw fail(`expects ${classifier.dims} statistics but its settings give ${stats.dims}`);
    return new StatsHead(stats, classifier, j.weight);
  }

  /** Class probabilities for the speech of one window (see FeaturePipeline.windowSpeech). */
  predict(speech: Float32Array): Float64Array {
    return this.classifier.predictProba(this.stats.compute(speech));
  }

  /** The same head with its input standardisation measured on a new domain's statistics rows (see LogisticRegression.restandardized). */
  adapted(rows: readonly Float32Array[]): StatsHead {
    return new StatsHead(this.stats, this.classifier.restandardized(rows), this.weight);
  }

  toJSON(): StatsHeadJson {
    return { kind: 'utterance-stats-logreg', weight: this.weight, stats: this.stats.config, classifier: this.classifier.toJSON() };
  }
}
