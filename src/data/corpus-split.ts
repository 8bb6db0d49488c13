/**
 * Leave-one-corpus-out splits: train on every corpus but one, test on the one left out. The
 * strictest speaker-independent test there is — new speakers, and a new language, room and
 * microphone (see docs/datasets.md).
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { corpusGetter, orderedLabels, type CorpusOptions } from './mix.js';

/** One leave-one-corpus-out fold. `train` and `test` keep the input order. */
export interface CorpusFold<T> {
  /** The corpus tested in this fold. */
  readonly heldOut: string;
  /** Items of every other corpus. */
  readonly train: T[];
  /** Items of `heldOut`. */
  readonly test: T[];
  /** Corpora in `train`, sorted. */
  readonly trainCorpora: string[];
  /** Classes `test` has (`EMOTIONS` order): score the fold on these only. */
  readonly testClasses: string[];
  /**
   * Classes of `test` that no training item has: a model trained on `train` cannot predict them,
   * so report them apart (or drop them) rather than count them as ordinary errors.
   */
  readonly unseenClasses: string[];
}

/** Options of {@link leaveOneCorpusOut}. */
export type LeaveOneCorpusOutOptions<T> = CorpusOptions<T>;

/**
 * One fold per corpus (sorted by name): that corpus is `test`, all others are `train`. Corpora —
 * and therefore speakers, whose ids are unique per corpus — are never on both sides. Each fold
 * says which classes its test corpus has (`testClasses`) and which of those training never shows
 * (`unseenClasses`), because corpora differ in their classes.
 *
 * @param items - items with an `emotion` and a corpus (`dataset`, or a corpus-prefixed speaker
 * after `mixDatasets`), or any items with `corpusOf`.
 * @returns one fold per corpus; their `test` parts partition `items`.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `items` is empty, an item has no
 * corpus, or there are fewer than two corpora.
 * @example
 * ```ts
 * for (const { heldOut, train, test, unseenClasses } of leaveOneCorpusOut(mix.items)) { … }
 * ```
 */
export function leaveOneCorpusOut<T extends { readonly emotion: string }>(items: readonly T[], options: LeaveOneCorpusOutOptions<T> = {}): CorpusFold<T>[] {
  const component = 'leaveOneCorpusOut';
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidArgumentError('items', items, 'a non-empty array', `${component}: items must be a non-empty array (got ${Array.isArray(items) ? 'an empty array' : typeof items}). Mix corpora with mixDatasets first.`);
  }
  const get = corpusGetter(component, options.corpusOf);
  const corpus = items.map((item, i) => get(item, i));
  const names = [...new Set(corpus)].sort();
  if (names.length < 2) {
    throw new InvalidArgumentError(
      'items',
      names,
      'items of at least two corpora',
      `${component}: items must come from at least two corpora (got ${names.length}: ${names.map((n) => JSON.stringify(n)).join(', ')}). Mix several corpora, or use groupedKFold for speaker folds within one.`,
    );
  }
  return names.map((heldOut) => {
    const train: T[] = [];
    const test: T[] = [];
    items.forEach((item, i) => (corpus[i] === heldOut ? test : train).push(item));
    const trainClasses = new Set(train.map((x) => x.emotion));
    const testClasses = orderedLabels(test.map((x) => x.emotion));
    return {
      heldOut,
      train,
      test,
      trainCorpora: names.filter((n) => n !== heldOut),
      testClasses,
      unseenClasses: testClasses.filter((c) => !trainClasses.has(c)),
    };
  });
}
