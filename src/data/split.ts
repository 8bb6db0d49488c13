/**
 * Speaker-grouped data splits: no speaker (group) ever appears in two parts, so a test score
 * measures generalisation to unseen voices (see docs/data-splits.md).
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { createRng, shuffleInPlace } from '../internal/rng.js';
import { assertInRange, assertPositiveInt } from '../internal/validate.js';
import { speakerKey } from './dataset-item.js';

/** Defaults shared by the splitters. */
export const GROUPED_SPLIT_DEFAULTS = Object.freeze({
  /** Seed of the group shuffle. */
  seed: 0,
  /** Fraction of groups held out for validation by {@link groupedTrainValTest}. */
  valFraction: 0.1,
  /** Fraction of groups held out for testing by {@link groupedTrainValTest}. */
  testFraction: 0.2,
});

/** Options of {@link groupedKFold}. */
export interface GroupedKFoldOptions<T> {
  /** Number of folds, 2 ≤ k ≤ number of groups. */
  readonly k: number;
  /** Seed of the group shuffle; the same seed and items give the same folds. @defaultValue 0 */
  readonly seed?: number;
  /**
   * Group of an item. @defaultValue {@link speakerKey}: `'<dataset>:<speaker>'` (or `speaker` when
   * the item has no `dataset`).
   */
  readonly groupBy?: (item: T) => string;
  /**
   * Balance class proportions across folds as well (sklearn `StratifiedGroupKFold`'s greedy rule):
   * `true` uses `item.emotion`, or pass a label getter. Groups are still never split.
   * @defaultValue false (balance fold sizes only, like sklearn `GroupKFold`)
   */
  readonly stratify?: boolean | ((item: T) => string);
}

/** One cross-validation fold. `train` and `test` keep the input order. */
export interface Fold<T> {
  readonly train: T[];
  readonly test: T[];
  /** Groups of `test`, sorted. */
  readonly testGroups: string[];
}

interface Grouping {
  keys: string[]; // sorted, unique
  members: Map<string, number[]>; // key → item indices
  groupOf: string[]; // item index → key
}

function groupItems<T>(component: string, items: readonly T[], groupBy: ((item: T) => string) | undefined): Grouping {
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidArgumentError('items', items, 'a non-empty array', `${component}: items must be a non-empty array (got ${Array.isArray(items) ? 'an empty array' : typeof items}). Load a dataset first.`);
  }
  const members = new Map<string, number[]>();
  const groupOf: string[] = new Array<string>(items.length);
  items.forEach((item, i) => {
    let key: unknown;
    if (groupBy) key = groupBy(item);
    else {
      const sp = (item as { speaker?: unknown }).speaker;
      if (typeof sp !== 'string') {
        throw new InvalidArgumentError('groupBy', undefined, 'a group getter', `${component}: items[${i}] has no string 'speaker', so groupBy must be given (got speaker ${JSON.stringify(sp)}). Pass groupBy: (item) => item.speakerId.`);
      }
      key = speakerKey(item as { speaker: string; dataset?: string });
    }
    if (typeof key !== 'string' || key === '') {
      throw new InvalidArgumentError('groupBy', key, 'a non-empty string', `${component}: groupBy must return a non-empty string (got ${JSON.stringify(key)} for items[${i}]). Give every item a speaker id.`);
    }
    groupOf[i] = key;
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  });
  const keys = [...members.keys()].sort();
  return { keys, members, groupOf };
}

/**
 * Split items into `k` folds such that every group (speaker, by default) is in exactly one test fold
 * and never in the train and test part of the same fold.
 *
 * Groups are shuffled with `seed`, then assigned largest first to the fold with the fewest items
 * (sklearn `GroupKFold`), so fold sizes are as equal as whole groups allow; with `stratify`, each
 * group goes to the fold that keeps class proportions most even (sklearn `StratifiedGroupKFold`).
 * Every fold gets at least one group. Deterministic: the same items and seed give the same folds,
 * whatever order the items come in.
 *
 * @returns `k` folds; their `test` parts partition `items`.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when `k < 2`, `k` exceeds the number of
 * groups, `items` is empty, or an item has no group.
 * @example
 * ```ts
 * const folds = groupedKFold(items, { k: 5, seed: 42 }); // RAVDESS 20 actors → 4 actors per test fold
 * ```
 */
export function groupedKFold<T>(items: readonly T[], options: GroupedKFoldOptions<T>): Fold<T>[] {
  const component = 'groupedKFold';
  const k = options.k;
  const seed = options.seed ?? GROUPED_SPLIT_DEFAULTS.seed;
  assertPositiveInt(component, 'k', k, 2);
  assertInRange(component, 'seed', seed, -(2 ** 53), 2 ** 53);
  const g = groupItems(component, items, options.groupBy);
  const nGroups = g.keys.length;
  if (k > nGroups) {
    const some = g.keys.slice(0, 5).map((s) => JSON.stringify(s)).join(', ');
    throw new InvalidArgumentError(
      'k',
      k,
      `integer in [2, ${nGroups}]`,
      `${component}: k must be <= the number of groups (got k=${k}, ${nGroups} group${nGroups === 1 ? '' : 's'}: ${some}${nGroups > 5 ? ', …' : ''}). Use a smaller k, or give items distinct speaker ids (groupBy).`,
    );
  }
  const order = shuffleInPlace([...g.keys], createRng(seed));
  const foldOf = new Map<string, number>();
  const size = new Array<number>(k).fill(0);
  let emptyFolds = k;

  const stratify = options.stratify;
  if (stratify === undefined || stratify === false) {
    // Largest group first (stable: ties keep the shuffled order), to the smallest fold.
    order.sort((a, b) => g.members.get(b)!.length - g.members.get(a)!.length);
    for (const key of order) {
      let best = 0;
      for (let f = 1; f < k; f++) if (size[f]! < size[best]!) best = f;
      foldOf.set(key, best);
      size[best]! += g.members.get(key)!.length;
    }
  } else {
    const labelOf =
      typeof stratify === 'function'
        ? stratify
        : (item: T): string => {
            const e = (item as { emotion?: unknown }).emotion;
            if (typeof e !== 'string') {
              throw new InvalidArgumentError('stratify', stratify, 'a label getter', `${component}: stratify: true needs items with an 'emotion' string (got ${JSON.stringify(e)}). Pass stratify: (item) => item.label.`);
            }
            return e;
          };
    const classIndex = new Map<string, number>();
    const itemClass = items.map((item) => {
      const c = labelOf(item);
      if (!classIndex.has(c)) classIndex.set(c, classIndex.size);
      return classIndex.get(c)!;
    });
    const nc = classIndex.size;
    const classTotal = new Array<number>(nc).fill(0);
    for (const c of itemClass) classTotal[c]!++;
    const groupCounts = new Map<string, number[]>();
    for (const key of order) {
      const counts = new Array<number>(nc).fill(0);
      for (const i of g.members.get(key)!) counts[itemClass[i]!]!++;
      groupCounts.set(key, counts);
    }
    // sklearn: groups with the most uneven class distribution first.
    const spread = (v: readonly number[]): number => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    };
    order.sort((a, b) => spread(groupCounts.get(b)!) - spread(groupCounts.get(a)!));
    const foldCounts = Array.from({ length: k }, () => new Array<number>(nc).fill(0));
    let remaining = order.length;
    for (const key of order) {
      const counts = groupCounts.get(key)!;
      const mustFillEmpty = remaining <= emptyFolds; // keep every fold non-empty
      let best = -1;
      let bestEval = Infinity;
      for (let f = 0; f < k; f++) {
        if (mustFillEmpty && size[f]! > 0) continue;
        // Mean over classes of the std over folds of each fold's share of that class.
        let evalSum = 0;
        for (let c = 0; c < nc; c++) {
          const shares = foldCounts.map((fc, j) => (fc[c]! + (j === f ? counts[c]! : 0)) / classTotal[c]!);
          evalSum += spread(shares);
        }
        const ev = evalSum / nc;
        if (ev < bestEval - 1e-12 || (Math.abs(ev - bestEval) <= 1e-12 && size[f]! < size[best]!)) {
          bestEval = ev;
          best = f;
        }
      }
      if (size[best] === 0) emptyFolds--;
      foldOf.set(key, best);
      size[best]! += g.members.get(key)!.length;
      for (let c = 0; c < nc; c++) foldCounts[best]![c]! += counts[c]!;
      remaining--;
    }
  }

  const folds: Fold<T>[] = Array.from({ length: k }, () => ({ train: [], test: [], testGroups: [] }));
  for (const key of g.keys) folds[foldOf.get(key)!]!.testGroups.push(key);
  items.forEach((item, i) => {
    const f = foldOf.get(g.groupOf[i]!)!;
    for (let j = 0; j < k; j++) (j === f ? folds[j]!.test : folds[j]!.train).push(item);
  });
  return folds;
}

/** Options of {@link groupedTrainValTest}. */
export interface GroupedTrainValTestOptions<T> {
  /** Fraction of groups (not items) for validation, in [0, 1). Ignored when `valGroups` is given. @defaultValue 0.1 */
  readonly valFraction?: number;
  /** Fraction of groups for testing, in [0, 1). Ignored when `testGroups` is given. @defaultValue 0.2 */
  readonly testFraction?: number;
  /** Exact validation groups (keys as `groupBy` returns them, e.g. `'ravdess:03'`). */
  readonly valGroups?: readonly string[];
  /** Exact test groups. */
  readonly testGroups?: readonly string[];
  /** Seed of the group shuffle. @defaultValue 0 */
  readonly seed?: number;
  /** Group of an item. @defaultValue {@link speakerKey} */
  readonly groupBy?: (item: T) => string;
}

/** A three-way split; each `*Groups` list is sorted, and no group is in two parts. */
export interface TrainValTestSplit<T> {
  readonly train: T[];
  readonly val: T[];
  readonly test: T[];
  readonly trainGroups: string[];
  readonly valGroups: string[];
  readonly testGroups: string[];
}

/**
 * Split items into train / validation / test parts by group (speaker). Fractions count groups:
 * `round(fraction · groups)` groups, at least one when the fraction is positive; explicit
 * `testGroups` / `valGroups` take precedence. The remaining groups are train.
 *
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when a fraction is outside [0, 1), a named
 * group is unknown or named twice, or no group is left for training.
 * @example
 * ```ts
 * const { train, val, test } = groupedTrainValTest(items, { testGroups: ['ravdess:01', 'ravdess:02'], valFraction: 0.1, seed: 1 });
 * ```
 */
export function groupedTrainValTest<T>(items: readonly T[], options: GroupedTrainValTestOptions<T> = {}): TrainValTestSplit<T> {
  const component = 'groupedTrainValTest';
  const seed = options.seed ?? GROUPED_SPLIT_DEFAULTS.seed;
  const valFraction = options.valFraction ?? GROUPED_SPLIT_DEFAULTS.valFraction;
  const testFraction = options.testFraction ?? GROUPED_SPLIT_DEFAULTS.testFraction;
  assertInRange(component, 'seed', seed, -(2 ** 53), 2 ** 53);
  assertInRange(component, 'valFraction', valFraction, 0, 0.999999, 'Use a fraction of speakers, e.g. 0.1.');
  assertInRange(component, 'testFraction', testFraction, 0, 0.999999, 'Use a fraction of speakers, e.g. 0.2.');
  const g = groupItems(component, items, options.groupBy);
  const known = new Set(g.keys);
  const taken = new Set<string>();
  const pickNamed = (name: 'valGroups' | 'testGroups', list: readonly string[]): string[] => {
    if (!Array.isArray(list)) {
      throw new InvalidArgumentError(name, list, 'an array of group keys', `${component}: ${name} must be an array of group keys (got ${typeof list}).`);
    }
    for (const key of list) {
      if (!known.has(key)) {
        throw new InvalidArgumentError(
          name,
          key,
          'a group present in items',
          `${component}: ${name} must name groups present in items (got ${JSON.stringify(key)}; groups are e.g. ${g.keys.slice(0, 3).map((s) => JSON.stringify(s)).join(', ')}). Group keys are '<dataset>:<speaker>' unless groupBy is given.`,
        );
      }
      if (taken.has(key)) {
        throw new InvalidArgumentError(name, key, 'groups named once', `${component}: ${name} repeats or overlaps another part (got ${JSON.stringify(key)} twice). Each group may be in one part only.`);
      }
      taken.add(key);
    }
    return [...list];
  };
  const testNamed = options.testGroups !== undefined ? pickNamed('testGroups', options.testGroups) : null;
  const valNamed = options.valGroups !== undefined ? pickNamed('valGroups', options.valGroups) : null;
  const pool = shuffleInPlace(g.keys.filter((key) => !taken.has(key)), createRng(seed));
  const count = (f: number): number => (f > 0 ? Math.max(1, Math.round(f * g.keys.length)) : 0);
  const testGroups = testNamed ?? pool.splice(0, count(testFraction));
  const valGroups = valNamed ?? pool.splice(0, count(valFraction));
  const trainGroups = pool;
  if (trainGroups.length === 0) {
    throw new InvalidArgumentError(
      'testFraction',
      testFraction,
      'fractions that leave a training group',
      `${component}: no group is left for training (${g.keys.length} groups; ${testGroups.length} test, ${valGroups.length} validation). Lower valFraction/testFraction or name fewer groups.`,
    );
  }
  const part = new Map<string, 0 | 1 | 2>();
  for (const key of trainGroups) part.set(key, 0);
  for (const key of valGroups) part.set(key, 1);
  for (const key of testGroups) part.set(key, 2);
  const out: [T[], T[], T[]] = [[], [], []];
  items.forEach((item, i) => out[part.get(g.groupOf[i]!)!].push(item));
  return {
    train: out[0],
    val: out[1],
    test: out[2],
    trainGroups: trainGroups.sort(),
    valGroups: valGroups.sort(),
    testGroups: testGroups.sort(),
  };
}
