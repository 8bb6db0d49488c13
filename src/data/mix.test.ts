import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectSerError, itShared, SHARED_MISSING } from '../../test/helpers.js';
import type { InvalidArgumentError } from '../errors.js';
import { speakerKey, type DatasetItem } from './dataset-item.js';
import { loadDataset } from './load-dataset.js';
import { classesPresent, corpusClassWeights, corpusOf, mixDatasets } from './mix.js';

const CORPORA = join(DATA, 'corpora-fixtures');

let nemo: DatasetItem[] = [];
let emovo: DatasetItem[] = [];
let turev: DatasetItem[] = [];
let etts: DatasetItem[] = [];
beforeAll(async () => {
  if (SHARED_MISSING) return; // the tests that use these are itShared
  nemo = (await loadDataset('nemo', join(CORPORA, 'nemo'))).items; // 10: 2 speakers × angry fear happy neutral sad
  emovo = (await loadDataset('emovo', join(CORPORA, 'emovo'))).items; // 12: 2 speakers × the six classes
  turev = (await loadDataset('turev-db', join(CORPORA, 'turev-db'))).items; // 6: 1 speaker × angry happy sad (×2 words)
  etts = (await loadDataset('emotiontts-open', join(CORPORA, 'emotiontts-open'))).items; // 4: 1 speaker × angry happy neutral sad
});

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('mixDatasets', () => {
  itShared('prefixes speakers with the corpus, keeps dataset as the corpus, and keeps every item in part order', () => {
    const mix = mixDatasets([
      { name: 'nemo', items: nemo },
      { name: 'emovo', items: emovo },
      { name: 'turev-db', items: turev },
      { name: 'emotiontts-open', items: etts },
    ]);
    expect(mix.items).toHaveLength(32);
    expect(mix.items.map((i) => i.path)).toEqual([...nemo, ...emovo, ...turev, ...etts].map((i) => i.path));
    expect([...new Set(mix.items.map((i) => i.speaker))]).toEqual(['nemo/EB0', 'nemo/KS0', 'emovo/f1', 'emovo/m2', 'turev-db/1234', 'emotiontts-open/neo']);
    expect(mix.items.map(corpusOf)).toEqual(mix.items.map((i) => i.dataset));
    // Everything else is the loader's item, untouched (and the inputs are not mutated).
    const m2 = mix.items.find((i) => i.path.endsWith('gio-m2-n1.wav'))!;
    expect(m2).toEqual({ ...emovo.find((i) => i.path === m2.path)!, speaker: 'emovo/m2' });
    expect(emovo.every((i) => !i.speaker.includes('/'))).toBe(true);
    // Mixing mixed items again does not prefix twice.
    expect(mixDatasets([{ name: 'emovo', items: mix.items.filter((i) => i.dataset === 'emovo') }]).items[0]!.speaker).toBe('emovo/f1');
  });

  itShared('reports per corpus the classes present and missing (absent, not negative)', () => {
    const mix = mixDatasets([
      { name: 'nemo', items: nemo },
      { name: 'emovo', items: emovo },
      { name: 'turev-db', items: turev, weight: 2 },
      { name: 'emotiontts-open', items: etts },
    ]);
    expect(mix.corpora.map((c) => [c.name, c.items, c.speakers, c.weight, c.classesPresent, c.classesMissing])).toEqual([
      ['nemo', 10, 2, 1, ['angry', 'fear', 'happy', 'neutral', 'sad'], ['disgust']],
      ['emovo', 12, 2, 1, ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad'], []],
      ['turev-db', 6, 1, 2, ['angry', 'happy', 'sad'], ['disgust', 'fear', 'neutral']],
      ['emotiontts-open', 4, 1, 1, ['angry', 'happy', 'neutral', 'sad'], ['disgust', 'fear']],
    ]);
    expect(mix.corpora[2]!.classCounts).toEqual({ angry: 2, happy: 2, sad: 2 });
    expect(classesPresent(mix.items)).toEqual({
      'emotiontts-open': ['angry', 'happy', 'neutral', 'sad'],
      emovo: ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad'],
      nemo: ['angry', 'fear', 'happy', 'neutral', 'sad'],
      'turev-db': ['angry', 'happy', 'sad'],
    });
  });

  itShared('weights: sum to the item count, each corpus its share (scaled by weight), each present class an equal part of it', () => {
    const parts = [
      { name: 'nemo', items: nemo },
      { name: 'emovo', items: emovo },
      { name: 'turev-db', items: turev, weight: 2 },
      { name: 'emotiontts-open', items: etts },
    ];
    const mix = mixDatasets(parts);
    const n = mix.items.length;
    expect(mix.weights).toHaveLength(n);
    expect(sum(mix.weights)).toBeCloseTo(n, 10);
    const omega: Record<string, number> = { nemo: 1, emovo: 1, 'turev-db': 2, 'emotiontts-open': 1 };
    for (const c of mix.corpora) {
      const idx = mix.items.flatMap((it, i) => (it.dataset === c.name ? [i] : []));
      const corpusTotal = sum(idx.map((i) => mix.weights[i]!));
      expect(corpusTotal, c.name).toBeCloseTo((n * omega[c.name]!) / 5, 10);
      for (const e of c.classesPresent) {
        const classTotal = sum(idx.filter((i) => mix.items[i]!.emotion === e).map((i) => mix.weights[i]!));
        expect(classTotal, `${c.name} ${e}`).toBeCloseTo(corpusTotal / c.classesPresent.length, 10);
      }
    }
    // The arithmetic for one item: TurEV angry = 32 · 2/5 / (3 classes · 2 items).
    const turevAngry = mix.items.findIndex((i) => i.dataset === 'turev-db' && i.emotion === 'angry');
    expect(mix.weights[turevAngry]).toBeCloseTo((32 * 2) / 5 / 6, 12);
    // Without part weights every corpus gets an equal share, whatever its size.
    const equal = mixDatasets(parts.map(({ name, items }) => ({ name, items })));
    for (const c of ['nemo', 'emovo', 'turev-db', 'emotiontts-open']) {
      expect(sum(equal.weights.filter((_, i) => equal.items[i]!.dataset === c))).toBeCloseTo(32 / 4, 10);
    }
    expect(corpusClassWeights(equal.items)).toEqual(equal.weights);
  });

  itShared('corpusClassWeights on its own: the documented example and a custom corpus getter', () => {
    expect(
      corpusClassWeights([
        { dataset: 'emovo', emotion: 'sad' },
        { dataset: 'emovo', emotion: 'sad' },
        { dataset: 'nemo', emotion: 'happy' },
      ]),
    ).toEqual([0.75, 0.75, 1.5]);
    const w = corpusClassWeights(
      [
        { c: 'a', emotion: 'x' },
        { c: 'a', emotion: 'y' },
        { c: 'a', emotion: 'y' },
        { c: 'b', emotion: 'x' },
      ],
      { corpusOf: (i) => i.c, corpusWeights: { b: 3 } },
    );
    // a: 4 · 1/4 = 1 → x 0.5, y 0.25 each; b: 4 · 3/4 = 3.
    expect(w).toEqual([0.5, 0.25, 0.25, 3]);
  });

  itShared('classes keeps only the classes every corpus shares; CSV parts take the part name as corpus', () => {
    const four = mixDatasets(
      [
        { name: 'nemo', items: nemo },
        { name: 'emovo', items: emovo },
        { name: 'emotiontts-open', items: etts },
      ],
      { classes: ['angry', 'happy', 'neutral', 'sad'] },
    );
    expect(four.items).toHaveLength(8 + 8 + 4);
    expect(four.corpora.every((c) => c.classesMissing.length === 0)).toBe(true);
    const csvItems: DatasetItem[] = [
      { path: '/x/a.wav', emotion: 'sad', speaker: 's1', dataset: 'csv' },
      { path: '/x/b.wav', emotion: 'happy', speaker: 's2', dataset: 'csv' },
    ];
    const mixed = mixDatasets([
      { name: 'iemocap', items: csvItems },
      { name: 'mine', items: [{ ...csvItems[0]!, path: '/y/c.wav' }] },
    ]);
    expect(mixed.items.map((i) => [i.speaker, corpusOf(i)])).toEqual([
      ['iemocap/s1', 'iemocap'],
      ['iemocap/s2', 'iemocap'],
      ['mine/s1', 'mine'],
    ]);
    expect(new Set(mixed.items.map(speakerKey)).size).toBe(3);
    expect(mixed.weights).toEqual([0.75, 0.75, 1.5]);
  });

  itShared('throws SER_INVALID_ARGUMENT for bad parts, names and weights', () => {
    expectSerError(() => mixDatasets([]), 'SER_INVALID_ARGUMENT', /non-empty array/);
    const err = expectSerError(() => mixDatasets([{ name: 'nemo', items: emovo }]), 'SER_INVALID_ARGUMENT', /part "nemo" holds emovo items.*Name the part "emovo"/);
    expect((err as InvalidArgumentError).parameter).toBe('parts[0].name');
    expectSerError(() => mixDatasets([{ name: 'emovo', items: emovo }, { name: 'emovo', items: emovo }]), 'SER_INVALID_ARGUMENT', /named twice/);
    expectSerError(() => mixDatasets([{ name: 'a/b', items: emovo }]), 'SER_INVALID_ARGUMENT', /corpus name/);
    expectSerError(() => mixDatasets([{ name: 'emovo', items: emovo, weight: 0 }]), 'SER_INVALID_ARGUMENT', /weight must be a positive/);
    expectSerError(() => mixDatasets([{ name: 'turev-db', items: turev }], { classes: ['fear'] }), 'SER_INVALID_ARGUMENT', /no items of the classes fear/);
    expectSerError(() => mixDatasets([{ name: 'emovo', items: emovo }], { classes: ['calm' as 'sad'] }), 'SER_INVALID_ARGUMENT', /classes/);
    expectSerError(() => corpusClassWeights([]), 'SER_INVALID_ARGUMENT', /non-empty/);
    expectSerError(() => corpusClassWeights(emovo, { corpusWeights: { nemo: 2 } }), 'SER_INVALID_ARGUMENT', /names "nemo", which has no items/);
    expectSerError(() => corpusClassWeights(emovo, { corpusWeights: { emovo: -1 } }), 'SER_INVALID_ARGUMENT', /positive finite/);
    expectSerError(() => classesPresent([{ emotion: 'sad' }]), 'SER_INVALID_ARGUMENT', /has no corpus.*corpusOf/);
  });
});
