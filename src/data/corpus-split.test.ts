import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectSerError, itShared, SHARED_MISSING } from '../../test/helpers.js';
import { speakerKey, type DatasetItem } from './dataset-item.js';
import { leaveOneCorpusOut } from './corpus-split.js';
import { loadDataset } from './load-dataset.js';
import { corpusOf, mixDatasets, type MixResult } from './mix.js';

const CORPORA = join(DATA, 'corpora-fixtures');
let mix: MixResult;
beforeAll(async () => {
  if (SHARED_MISSING) return; // the tests that use these are itShared
  const load = async (name: 'nemo' | 'emovo' | 'turev-db' | 'emotiontts-open'): Promise<DatasetItem[]> => (await loadDataset(name, join(CORPORA, name))).items;
  mix = mixDatasets([
    { name: 'nemo', items: await load('nemo') },
    { name: 'emovo', items: await load('emovo') },
    { name: 'turev-db', items: await load('turev-db') },
    { name: 'emotiontts-open', items: await load('emotiontts-open') },
  ]);
});

describe('leaveOneCorpusOut', () => {
  itShared('gives one fold per corpus, sorted, whose test parts partition the items', () => {
    const folds = leaveOneCorpusOut(mix.items);
    expect(folds.map((f) => [f.heldOut, f.test.length, f.train.length])).toEqual([
      ['emotiontts-open', 4, 28],
      ['emovo', 12, 20],
      ['nemo', 10, 22],
      ['turev-db', 6, 26],
    ]);
    const tested = folds.flatMap((f) => f.test);
    expect(new Set(tested).size).toBe(mix.items.length);
    expect(tested).toHaveLength(mix.items.length);
    expect(folds[0]!.trainCorpora).toEqual(['emovo', 'nemo', 'turev-db']);
  });

  itShared('never puts a corpus or a speaker on both sides of a fold', () => {
    for (const f of leaveOneCorpusOut(mix.items)) {
      expect(f.test.every((i) => corpusOf(i) === f.heldOut)).toBe(true);
      expect(f.train.some((i) => corpusOf(i) === f.heldOut)).toBe(false);
      const trainSpeakers = new Set(f.train.map((i) => i.speaker));
      for (const i of f.test) expect(trainSpeakers.has(i.speaker), `${i.speaker} in train and test`).toBe(false);
      const trainKeys = new Set(f.train.map(speakerKey));
      expect(f.test.some((i) => trainKeys.has(speakerKey(i)))).toBe(false);
      expect(new Set(f.train.map((i) => i.path)).size + f.test.length).toBe(mix.items.length);
    }
  });

  itShared('says which classes each held-out corpus has and which training never shows', () => {
    const folds = Object.fromEntries(leaveOneCorpusOut(mix.items).map((f) => [f.heldOut, f]));
    expect(folds.emovo!.testClasses).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad']);
    // Only EMOVO has disgust: a model trained on the other three cannot predict it.
    expect(folds.emovo!.unseenClasses).toEqual(['disgust']);
    expect(folds['turev-db']!.testClasses).toEqual(['angry', 'happy', 'sad']);
    expect(folds['turev-db']!.unseenClasses).toEqual([]);
    expect(folds.nemo!.unseenClasses).toEqual([]);
  });

  itShared('keeps input order inside train and test, and works on unmixed loader items and custom corpora', () => {
    const idx = new Map(mix.items.map((x, i) => [x, i]));
    for (const f of leaveOneCorpusOut(mix.items)) {
      for (const part of [f.train, f.test]) {
        const order = part.map((x) => idx.get(x)!);
        expect(order).toEqual([...order].sort((p, q) => p - q));
      }
    }
    const raw = mix.items.map((i) => ({ ...i, speaker: i.speaker.slice(i.speaker.indexOf('/') + 1) }));
    expect(leaveOneCorpusOut(raw).map((f) => f.heldOut)).toEqual(['emotiontts-open', 'emovo', 'nemo', 'turev-db']);
    const custom = leaveOneCorpusOut(
      [
        { lang: 'pl', emotion: 'sad' },
        { lang: 'it', emotion: 'sad' },
      ],
      { corpusOf: (x) => x.lang },
    );
    expect(custom.map((f) => [f.heldOut, f.test.length, f.train.length])).toEqual([
      ['it', 1, 1],
      ['pl', 1, 1],
    ]);
  });

  itShared('throws SER_INVALID_ARGUMENT for no items, one corpus, or items without a corpus', () => {
    expectSerError(() => leaveOneCorpusOut([]), 'SER_INVALID_ARGUMENT', /non-empty/);
    expectSerError(() => leaveOneCorpusOut(mix.items.filter((i) => i.dataset === 'emovo')), 'SER_INVALID_ARGUMENT', /at least two corpora \(got 1: "emovo"\).*groupedKFold/);
    expectSerError(() => leaveOneCorpusOut([{ emotion: 'sad' }, { emotion: 'happy' }]), 'SER_INVALID_ARGUMENT', /items\[0\] has no corpus/);
  });
});
