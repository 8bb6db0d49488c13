/**
 * The multi-corpus recipe: how the shipped model is trained on several corpora at once. Corpora
 * differ in size by an order of magnitude (nEMO 3 800 clips, Emotion TTS 300), so each corpus is
 * brought to about the same number of training clips (seeded subsampling of large corpora,
 * repetition of small ones, whose repeats get different augmentations), and the classes a corpus
 * lacks are simply absent from it (no corpus is read as evidence against a class it never recorded).
 */
import { CHANNEL_ROBUSTNESS_RECIPE, type AugmentStep } from '../augment/augmenter.js';
import type { DatasetItem } from '../data/dataset-item.js';
import { corpusGetter } from '../data/mix.js';
import { assertInRange, assertPositiveInt } from '../internal/validate.js';
import { createRng, shuffleInPlace } from '../internal/rng.js';
import type { TrainRecognizerOptions } from './train-recognizer.js';

/** Options of {@link balanceCorpora}. */
export interface BalanceCorporaOptions {
  /** Training clips each corpus contributes (after subsampling or repetition). @defaultValue 1200 */
  readonly clipsPerCorpus?: number;
  /** A small corpus is repeated at most this many times. @defaultValue 4 */
  readonly maxRepeats?: number;
  /** Seed of the subsampling. @defaultValue 42 */
  readonly seed?: number;
  /** Relative share of a corpus (1 = the same as the others), by corpus name. @defaultValue {} */
  readonly weights?: Readonly<Record<string, number>>;
}

/** Defaults of {@link BalanceCorporaOptions}. */
export const BALANCE_CORPORA_DEFAULTS = Object.freeze({ clipsPerCorpus: 1200, maxRepeats: 4, seed: 42 });

/**
 * Equalise the corpora of a mixed item list: each corpus (`corpusOf`: the item's `dataset`, or for
 * CSV items the speaker prefix `iemocap/Ses01F`) gives `clipsPerCorpus × weight` items, by seeded
 * subsampling (stratified by class) or by repeating its items up to `maxRepeats` times.
 * @returns a new list; repeated items appear several times (augment them, so repeats differ).
 */
export function balanceCorpora<T extends DatasetItem>(items: readonly T[], options: BalanceCorporaOptions = {}): T[] {
  const o = { ...BALANCE_CORPORA_DEFAULTS, ...options };
  assertPositiveInt('balanceCorpora', 'clipsPerCorpus', o.clipsPerCorpus, 1);
  assertPositiveInt('balanceCorpora', 'maxRepeats', o.maxRepeats, 1);
  const corpusOfItem = corpusGetter('balanceCorpora', undefined);
  const byCorpus = new Map<string, T[]>();
  items.forEach((it, i) => {
    const c = corpusOfItem(it, i);
    (byCorpus.get(c) ?? byCorpus.set(c, []).get(c)!).push(it);
  });
  const rng = createRng(o.seed);
  const out: T[] = [];
  for (const [corpus, list] of byCorpus) {
    const w = o.weights?.[corpus] ?? 1;
    assertInRange('balanceCorpora', `weights.${corpus}`, w, 0, 100);
    const want = Math.round(o.clipsPerCorpus * w);
    if (list.length >= want) {
      // stratified: shuffle within each class, then take from each class its share of `want`
      const byClass = new Map<string, T[]>();
      for (const it of list) (byClass.get(it.emotion) ?? byClass.set(it.emotion, []).get(it.emotion)!).push(it);
      const queues = [...byClass.values()].map((q) => shuffleInPlace([...q], rng));
      // largest-remainder shares: each class by its share, summing to exactly `want`
      const quota = queues.map((q) => (want * q.length) / list.length);
      const take = quota.map(Math.floor);
      const order = quota.map((_, k) => k).sort((a, b) => quota[b]! - take[b]! - (quota[a]! - take[a]!) || a - b);
      for (let r = want - take.reduce((a, b) => a + b, 0), j = 0; r > 0; r--, j++) take[order[j]!]!++;
      queues.forEach((q, k) => out.push(...q.slice(0, take[k])));
    } else {
      const repeats = Math.min(o.maxRepeats, Math.max(1, Math.round(want / list.length)));
      for (let r = 0; r < repeats; r++) out.push(...list);
    }
  }
  return out;
}

/**
 * Augmentation of the multi-corpus recipe: small speed and pitch changes (other voices), then the
 * recording chain of {@link CHANNEL_ROBUSTNESS_RECIPE} with its channel effects about twice as
 * likely, and babble of other training talkers, so about two in three augmented copies go
 * through at least one room, noise, microphone or transmission effect.
 */
export const MULTI_CORPUS_AUGMENT: readonly AugmentStep[] = Object.freeze([
  Object.freeze({ type: 'speed', p: 0.3, factors: Object.freeze([0.9, 1, 1.1]) }),
  Object.freeze({ type: 'pitchShift', p: 0.2, semitones: Object.freeze([-2, 2] as const) }),
  ...CHANNEL_ROBUSTNESS_RECIPE.map((s) => (s.type === 'gain' ? s : Object.freeze({ ...s, p: Math.min(0.3, 2 * (s.p ?? 0)) }))),
  Object.freeze({ type: 'babble', p: 0.15, snrDb: Object.freeze([5, 30] as const) }),
] as readonly AugmentStep[]);

/**
 * The shipped model's recipe (scripts/loco.ts trains and evaluates it): 3 s log-mel windows at a
 * normalised speech level, a CNN-BiLSTM fused with a statistics head, channel augmentation on
 * the training split. Pass it to `trainRecognizerModel(balanceCorpora(items), MULTI_CORPUS_RECIPE)`.
 */
export const MULTI_CORPUS_RECIPE = Object.freeze({
  features: Object.freeze({ frames: 300, feature: 'logmel', mfcc: Object.freeze({ nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 }), deltas: 0, trimTopDb: 30, level: 'speech' }),
  model: Object.freeze({ filters: 96, kernelSize: 5, pooling: 'max', poolSize: 4, lstmLayers: 1, lstmUnits: 64, bidirectional: true, readout: 'mean', denseUnits: 64, dropout: 0.5, l2: 1e-4 }),
  trainer: Object.freeze({ epochs: 15, batchSize: 32, learningRate: 1e-3, lrSchedule: 'cosine', minLearningRate: 1e-5, earlyStopping: false, reduceLrOnPlateau: false }),
  augment: Object.freeze({ recipe: MULTI_CORPUS_AUGMENT }),
  augmentCopies: 1,
  validation: false,
  statsHead: Object.freeze({ weight: 0.5, c: 0.05 }),
} as const satisfies TrainRecognizerOptions);
