/**
 * Class weights for imbalanced training sets (sklearn's `compute_class_weight`).
 * @module
 */
import { balancedWeightsByIndex } from '../data/class-weights.js';
import { InvalidArgumentError } from '../errors.js';

/**
 * How to weight each class's loss: `'balanced'` (n / (k · count), sklearn), `'none'` (all 1), or
 * explicit weights by class index (a record or an array; classes left out weigh 1).
 */
export type ClassWeightOption = 'balanced' | 'none' | Readonly<Record<number, number>> | readonly number[];

/**
 * Resolve a {@link ClassWeightOption} to one weight per class.
 *
 * With `'balanced'`, a class absent from `y` gets weight 0 (it has no samples to weight), and the
 * weights average to 1 over the samples, so the loss keeps its scale.
 *
 * @param y - class indices of the training samples.
 * @param k - number of classes.
 * @returns `k` weights.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a negative, non-finite or out-of-range entry.
 * @example
 * computeClassWeights([0, 0, 0, 1], 2, 'balanced'); // => [0.6667, 2]
 */
export function computeClassWeights(y: ArrayLike<number>, k: number, option: ClassWeightOption): number[] {
  const C = 'Trainer';
  if (option === 'none') return new Array<number>(k).fill(1);
  if (option === 'balanced') return balancedWeightsByIndex(y, k);
  if (typeof option !== 'object' || option === null) {
    throw new InvalidArgumentError(
      'classWeight',
      option,
      "'balanced', 'none', an array or a record of class index → weight",
      `${C}: classWeight must be 'balanced', 'none', an array or a record of class index → weight (got ${JSON.stringify(option)}).`,
    );
  }
  const out = new Array<number>(k).fill(1);
  const entries: [string, unknown][] = Array.isArray(option)
    ? option.map((w, i) => [String(i), w])
    : Object.entries(option as Record<string, unknown>);
  for (const [key, w] of entries) {
    const idx = Number(key);
    if (!Number.isInteger(idx) || idx < 0 || idx >= k) {
      throw new InvalidArgumentError(
        'classWeight',
        key,
        `class index in [0, ${k - 1}]`,
        `${C}: classWeight keys must be class indices in [0, ${k - 1}] (got ${JSON.stringify(key)}). Use the label's index, not its name.`,
      );
    }
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new InvalidArgumentError(
        'classWeight',
        w,
        'finite number >= 0',
        `${C}: classWeight[${idx}] must be a finite number >= 0 (got ${String(w)}).`,
      );
    }
    out[idx] = w;
  }
  return out;
}
