/**
 * Class counts and "balanced" class weights for imbalanced training sets.
 * @module
 */
import { InvalidArgumentError, UnknownLabelError } from '../errors.js';
import { EMOTIONS, type Emotion } from '../types.js';

type Labelled<L extends string> = L | { readonly emotion: L };

const labelOf = <L extends string>(x: Labelled<L>): L => (typeof x === 'string' ? x : x.emotion);

/** Classes present in `labels`: the six emotions in EMOTIONS order first, then others sorted. */
function presentClasses<L extends string>(labels: readonly L[]): L[] {
  const set = new Set<string>(labels);
  const six = (EMOTIONS as readonly string[]).filter((e) => set.has(e));
  const rest = [...set].filter((l) => !(EMOTIONS as readonly string[]).includes(l)).sort();
  return [...six, ...rest] as L[];
}

/**
 * Number of items per class.
 * @param items - labels, or items with an `emotion` (e.g. `DatasetItem`s).
 * @param options.classes - classes to report (absent ones get 0). @defaultValue the classes present.
 * @throws {UnknownLabelError} SER_UNKNOWN_LABEL when an item's label is not in `classes`.
 */
export function classCounts<L extends string = Emotion>(
  items: readonly Labelled<L>[],
  options: { readonly classes?: readonly L[] } = {},
): Record<L, number> {
  const labels = items.map(labelOf);
  const classes = options.classes ?? presentClasses(labels);
  const counts = Object.fromEntries(classes.map((c) => [c, 0])) as Record<L, number>;
  for (const l of labels) {
    if (!Object.prototype.hasOwnProperty.call(counts, l)) {
      throw new UnknownLabelError(l, classes, `classCounts: every label must be one of ${classes.map((c) => `'${c}'`).join(', ')} (got ${JSON.stringify(l)}). Add it to classes or drop those items.`);
    }
    counts[l]++;
  }
  return counts;
}

/**
 * The "balanced" weight of every class index in `[0, k)`, `n / (k · count_c)` for the `n` samples
 * `y` (sklearn `compute_class_weight('balanced')`); a class without samples gets 0. The one
 * place this formula lives: label-based {@link classWeights}, the Trainer and the statistics
 * heads' logistic regression all use it.
 */
export function balancedWeightsByIndex(y: ArrayLike<number>, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]! += 1;
  return counts.map((c) => (c > 0 ? y.length / (k * c) : 0));
}

/**
 * "Balanced" class weights, `n / (k · count_c)` for `n` items and `k` classes (sklearn
 * `compute_class_weight('balanced')`): each class contributes equally to the loss. Pass them to
 * training as `{ [oneHot.encodeIndex(c)]: weights[c] }`.
 * @param items - labels, or items with an `emotion`.
 * @param options.classes - the classes, all of which must occur. @defaultValue the classes present.
 * @returns weight per class; the count-weighted mean of the weights is 1.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `items` is empty or a class has no item.
 * @throws {UnknownLabelError} SER_UNKNOWN_LABEL when an item's label is not in `classes`.
 * @example classWeights(['sad', 'sad', 'sad', 'happy']) // => { happy: 2, sad: 0.6666666666666666 }
 */
export function classWeights<L extends string = Emotion>(
  items: readonly Labelled<L>[],
  options: { readonly classes?: readonly L[] } = {},
): Record<L, number> {
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidArgumentError('items', items, 'a non-empty array', 'classWeights: items must be a non-empty array (got none). Compute weights on the training set.');
  }
  const counts = classCounts(items, options);
  const classes = Object.keys(counts) as L[];
  const index = new Map<string, number>(classes.map((c, i) => [c, i]));
  const weights = balancedWeightsByIndex(items.map((it) => index.get(labelOf(it))!), classes.length);
  const out = {} as Record<L, number>;
  for (const [i, c] of classes.entries()) {
    if (weights[i] === 0) {
      throw new InvalidArgumentError(
        'classes',
        c,
        'classes that occur in items',
        `classWeights: every class must occur in items (got no '${c}' item). A class without examples cannot be weighted; remove it from classes or add data.`,
      );
    }
    out[c] = weights[i]!;
  }
  return out;
}
