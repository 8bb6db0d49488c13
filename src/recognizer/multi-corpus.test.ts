import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Augmenter } from '../augment/augmenter.js';
import type { DatasetItem } from '../data/dataset-item.js';
import { loadDataset } from '../data/load-dataset.js';
import { DATA, expectSerError, itShared } from '../../test/helpers.js';
import { balanceCorpora, MULTI_CORPUS_AUGMENT, MULTI_CORPUS_RECIPE } from './multi-corpus.js';

async function fixtures(): Promise<DatasetItem[]> {
  const fx = join(DATA, 'corpora-fixtures');
  const out: DatasetItem[] = [];
  for (const name of ['nemo', 'emovo', 'turev-db', 'emotiontts-open'] as const) out.push(...(await loadDataset(name, join(fx, name))).items);
  const rav = (await loadDataset('ravdess', join(DATA, 'ravdess-16k'))).items.filter((i) => i.speaker === '01' || i.speaker === '02');
  return [...out, ...rav];
}
const count = (items: readonly DatasetItem[], f: (i: DatasetItem) => string) => items.reduce<Record<string, number>>((m, i) => ((m[f(i)] = (m[f(i)] ?? 0) + 1), m), {});

describe('balanceCorpora', () => {
  itShared('subsamples a large corpus to clipsPerCorpus, keeping its class shares, and repeats small ones', async () => {
    const items = await fixtures();
    const before = count(items, (i) => i.dataset);
    expect(before['ravdess']).toBe(88);
    const out = balanceCorpora(items, { clipsPerCorpus: 30, maxRepeats: 4, seed: 1 });
    const after = count(out, (i) => i.dataset);
    // RAVDESS (88 real clips, 6 classes): 30 kept, each class by its share (neutral has half the clips of the others)
    expect(after['ravdess']).toBe(30);
    const rav = count(out.filter((i) => i.dataset === 'ravdess'), (i) => i.emotion);
    // shares 30·16/88 = 5.45 for five classes and 2.73 for neutral: largest remainders give 5 or 6, and 3
    expect(rav['neutral']).toBe(3);
    for (const e of ['angry', 'disgust', 'fear', 'happy', 'sad']) expect([5, 6]).toContain(rav[e]);
    // EMOVO fixtures: 12 clips (surprise dropped) → repeated round(30 / 12) = 3 times, every clip equally often
    expect(after['emovo']).toBe(36);
    expect(new Set(Object.values(count(out.filter((i) => i.dataset === 'emovo'), (i) => i.path)))).toEqual(new Set([3]));
    // never more than maxRepeats
    expect(after['emotiontts-open']).toBe(4 * before['emotiontts-open']!);
  });

  itShared('is deterministic for a seed, follows per-corpus weights, and keeps only real items', async () => {
    const items = await fixtures();
    const a = balanceCorpora(items, { clipsPerCorpus: 20, seed: 5 });
    expect(balanceCorpora(items, { clipsPerCorpus: 20, seed: 5 }).map((i) => i.path)).toEqual(a.map((i) => i.path));
    expect(balanceCorpora(items, { clipsPerCorpus: 20, seed: 6 }).map((i) => i.path)).not.toEqual(a.map((i) => i.path));
    const w = count(balanceCorpora(items, { clipsPerCorpus: 20, weights: { ravdess: 2 } }), (i) => i.dataset);
    expect(w['ravdess']).toBe(40);
    const paths = new Set(items.map((i) => i.path));
    expect(a.every((i) => paths.has(i.path))).toBe(true);
  });

  itShared('rejects bad sizes and weights with SER_INVALID_ARGUMENT', async () => {
    const items = await fixtures();
    expectSerError(() => balanceCorpora(items, { clipsPerCorpus: 0 }), 'SER_INVALID_ARGUMENT', /clipsPerCorpus/);
    expectSerError(() => balanceCorpora(items, { weights: { nemo: -1 } }), 'SER_INVALID_ARGUMENT', /weights\.nemo/);
  });
});

describe('MULTI_CORPUS_RECIPE', () => {
  it('levels speech, trains through channel effects and babble, and builds a valid Augmenter', () => {
    expect(MULTI_CORPUS_RECIPE.features.level).toBe('speech');
    const types = MULTI_CORPUS_AUGMENT.map((s) => s.type);
    for (const t of ['reverb', 'noise', 'babble', 'eqTilt', 'clip', 'lowpass', 'telephone', 'codec']) expect(types).toContain(t);
    const pool = [Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 7) * 0.1)];
    const aug = new Augmenter({ seed: 1, recipe: MULTI_CORPUS_AUGMENT, babblePool: pool });
    expect(aug.apply(Float32Array.from({ length: 32000 }, (_, i) => Math.sin(i / 11) * 0.3), { sampleRate: 16000, seed: 3 }).length).toBeGreaterThan(0);
  });
});
