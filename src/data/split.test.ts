import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectSerError, itShared, SHARED_MISSING } from '../../test/helpers.js';
import type { InvalidArgumentError } from '../errors.js';
import { createRng, shuffleInPlace } from '../internal/rng.js';
import { EMOTIONS } from '../types.js';
import { speakerKey, type DatasetItem } from './dataset-item.js';
import { loadDataset } from './load-dataset.js';
import { groupedKFold, groupedTrainValTest } from './split.js';

let ravdess: DatasetItem[] = [];
let tess: DatasetItem[] = [];
beforeAll(async () => {
  if (SHARED_MISSING) return; // the tests that use these are itShared
  ravdess = (await loadDataset('ravdess', join(DATA, 'ravdess-16k'))).items;
  tess = (await loadDataset('tess', join(DATA, 'tess-16k'))).items;
});

function assertPartition<T>(items: readonly T[], parts: readonly (readonly T[])[]): void {
  const seen = new Map<T, number>();
  for (const p of parts) for (const x of p) seen.set(x, (seen.get(x) ?? 0) + 1);
  expect(seen.size).toBe(items.length);
  for (const x of items) expect(seen.get(x)).toBe(1);
}

describe('groupedKFold', () => {
  itShared.each([2, 4, 5, 10, 20])('k=%i on RAVDESS: no actor leaks, test folds partition the items, sizes balanced', (k) => {
    const folds = groupedKFold(ravdess, { k, seed: 7 });
    expect(folds).toHaveLength(k);
    assertPartition(ravdess, folds.map((f) => f.test));
    for (const f of folds) {
      const trainActors = new Set(f.train.map((i) => i.speaker));
      const testActors = new Set(f.test.map((i) => i.speaker));
      for (const a of testActors) expect(trainActors.has(a), `actor ${a} in train and test`).toBe(false);
      expect(f.train.length + f.test.length).toBe(880);
      expect(f.testGroups).toEqual([...testActors].map((a) => `ravdess:${a}`).sort());
      // Every actor has 44 clips and 20 is divisible by these k: folds are exactly equal.
      expect(f.test.length).toBe(880 / k);
    }
    // Each actor is tested exactly once.
    expect(folds.flatMap((f) => f.testGroups).sort()).toEqual([...new Set(ravdess.map(speakerKey))].sort());
  });

  itShared('is deterministic for a seed, independent of item order, and changes with the seed', () => {
    const a = groupedKFold(ravdess, { k: 5, seed: 3 }).map((f) => f.testGroups);
    const b = groupedKFold(ravdess, { k: 5, seed: 3 }).map((f) => f.testGroups);
    expect(a).toEqual(b);
    const shuffled = shuffleInPlace([...ravdess], createRng(99));
    expect(groupedKFold(shuffled, { k: 5, seed: 3 }).map((f) => f.testGroups)).toEqual(a);
    const seeds = new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(groupedKFold(ravdess, { k: 5, seed }).map((f) => f.testGroups))));
    expect(seeds.size).toBeGreaterThan(1);
  });

  itShared('keeps input order inside train and test', () => {
    const [f] = groupedKFold(ravdess, { k: 4, seed: 1 });
    const idx = new Map(ravdess.map((x, i) => [x, i]));
    for (const part of [f!.train, f!.test]) {
      const order = part.map((x) => idx.get(x)!);
      expect(order).toEqual([...order].sort((p, q) => p - q));
    }
  });

  it('balances fold sizes with unequal groups (largest first to the smallest fold)', () => {
    // Speakers with 10, 9, 8, …, 1 items: 55 items into 3 folds → sizes within one group of each other.
    const items = Array.from({ length: 10 }, (_, s) => Array.from({ length: 10 - s }, (_, j) => ({ speaker: `s${s}`, j }))).flat();
    const folds = groupedKFold(items, { k: 3, seed: 5 });
    assertPartition(items, folds.map((f) => f.test));
    const sizes = folds.map((f) => f.test.length).sort((p, q) => p - q);
    expect(sizes[2]! - sizes[0]!).toBeLessThanOrEqual(1);
    for (const f of folds) {
      const train = new Set(f.train.map((x) => x.speaker));
      for (const x of f.test) expect(train.has(x.speaker)).toBe(false);
    }
  });

  it('stratify keeps class shares even across folds while never splitting a speaker', () => {
    // 12 speakers, each with a skewed class mix; stratification should spread classes evenly.
    const rng = createRng(11);
    const items: { speaker: string; emotion: string }[] = [];
    for (let s = 0; s < 12; s++) {
      const main = EMOTIONS[s % 6]!;
      for (let j = 0; j < 20; j++) items.push({ speaker: `p${s}`, emotion: rng() < 0.7 ? main : EMOTIONS[Math.floor(rng() * 6)]! });
    }
    const spreadOf = (folds: ReturnType<typeof groupedKFold<(typeof items)[number]>>): number => {
      let worst = 0;
      for (const e of EMOTIONS) {
        const total = items.filter((x) => x.emotion === e).length;
        const shares = folds.map((f) => f.test.filter((x) => x.emotion === e).length / total);
        worst = Math.max(worst, Math.max(...shares) - Math.min(...shares));
      }
      return worst;
    };
    const strat = groupedKFold(items, { k: 2, seed: 1, stratify: true });
    assertPartition(items, strat.map((f) => f.test));
    for (const f of strat) {
      const train = new Set(f.train.map((x) => x.speaker));
      for (const x of f.test) expect(train.has(x.speaker)).toBe(false);
    }
    // With 2 speakers per dominant class, a stratified 2-fold puts one of each pair in each fold.
    expect(spreadOf(strat)).toBeLessThan(0.15);
    const plainWorst = Math.max(...[1, 2, 3, 4, 5, 6, 7, 8].map((seed) => spreadOf(groupedKFold(items, { k: 2, seed }))));
    expect(spreadOf(strat)).toBeLessThan(plainWorst);
    // A custom label getter works the same way.
    const custom = groupedKFold(items, { k: 2, seed: 1, stratify: (x) => x.emotion });
    expect(custom.map((f) => f.testGroups)).toEqual(strat.map((f) => f.testGroups));
  });

  itShared('separates same-numbered speakers of different datasets (dataset:speaker groups)', () => {
    const mixed = [
      { speaker: '03', dataset: 'ravdess' as const, emotion: 'sad' as const, path: 'a' },
      { speaker: '03', dataset: 'emodb' as const, emotion: 'sad' as const, path: 'b' },
    ];
    const folds = groupedKFold(mixed, { k: 2 });
    expect(folds.map((f) => f.testGroups).flat().sort()).toEqual(['emodb:03', 'ravdess:03']);
  });

  itShared('throws SER_INVALID_ARGUMENT when k exceeds the groups or is below 2', () => {
    const err = expectSerError(() => groupedKFold(tess, { k: 3 }), 'SER_INVALID_ARGUMENT', /k must be <= the number of groups \(got k=3, 2 groups: "tess:OAF", "tess:YAF"\)/);
    expect((err as InvalidArgumentError).parameter).toBe('k');
    expectSerError(() => groupedKFold(ravdess, { k: 21 }), 'SER_INVALID_ARGUMENT', /20 groups/);
    expectSerError(() => groupedKFold(ravdess, { k: 1 }), 'SER_INVALID_ARGUMENT', /k must be an integer >= 2/);
    expectSerError(() => groupedKFold([], { k: 2 }), 'SER_INVALID_ARGUMENT', /non-empty/);
    expectSerError(() => groupedKFold([{ x: 1 }, { x: 2 }], { k: 2 }), 'SER_INVALID_ARGUMENT', /groupBy must be given/);
    expectSerError(() => groupedKFold([{ x: 1 }], { k: 2, groupBy: () => '' }), 'SER_INVALID_ARGUMENT', /non-empty string/);
  });
});

describe('groupedTrainValTest', () => {
  itShared('splits RAVDESS by actor fractions with no actor in two parts', () => {
    const s = groupedTrainValTest(ravdess, { valFraction: 0.1, testFraction: 0.2, seed: 4 });
    expect([s.trainGroups.length, s.valGroups.length, s.testGroups.length]).toEqual([14, 2, 4]);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([14 * 44, 2 * 44, 4 * 44]);
    assertPartition(ravdess, [s.train, s.val, s.test]);
    const parts = [s.train, s.val, s.test].map((p) => new Set(p.map(speakerKey)));
    for (let a = 0; a < 3; a++) for (let b = a + 1; b < 3; b++) for (const g of parts[a]!) expect(parts[b]!.has(g)).toBe(false);
    expect(groupedTrainValTest(ravdess, { seed: 4 })).toEqual(s); // defaults 0.1 / 0.2
  });

  itShared('honours explicit test and validation groups', () => {
    const s = groupedTrainValTest(ravdess, { testGroups: ['ravdess:19', 'ravdess:20'], valGroups: ['ravdess:01'] });
    expect(s.testGroups).toEqual(['ravdess:19', 'ravdess:20']);
    expect(s.valGroups).toEqual(['ravdess:01']);
    expect(s.test.every((i) => i.speaker === '19' || i.speaker === '20')).toBe(true);
    expect(s.train).toHaveLength(17 * 44);
    const noVal = groupedTrainValTest(tess, { valFraction: 0, testGroups: ['tess:YAF'] });
    expect(noVal.val).toHaveLength(0);
    expect(noVal.test.every((i) => i.speaker === 'YAF')).toBe(true);
    expect(noVal.train.every((i) => i.speaker === 'OAF')).toBe(true);
  });

  itShared('rejects unknown, repeated or exhausting group choices', () => {
    expectSerError(() => groupedTrainValTest(ravdess, { testGroups: ['01'] }), 'SER_INVALID_ARGUMENT', /testGroups must name groups present.*"01"/);
    expectSerError(() => groupedTrainValTest(ravdess, { testGroups: ['ravdess:01'], valGroups: ['ravdess:01'] }), 'SER_INVALID_ARGUMENT', /overlaps/);
    expectSerError(() => groupedTrainValTest(tess, { valFraction: 0.5, testFraction: 0.5 }), 'SER_INVALID_ARGUMENT', /no group is left for training/);
    expectSerError(() => groupedTrainValTest(ravdess, { testFraction: 1 }), 'SER_INVALID_ARGUMENT', /testFraction/);
    expectSerError(() => groupedTrainValTest(ravdess, { valFraction: -0.1 }), 'SER_INVALID_ARGUMENT', /valFraction/);
  });
});
