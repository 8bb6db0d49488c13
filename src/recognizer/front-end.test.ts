/**
 * A recognizer on a pretrained front end, end to end on real speech: training (augmented copies
 * embedded), recognize / recognizeSegments / evaluate / adapt through the front end, save with
 * the front end's files, load verifying them by SHA-256 (a changed or missing file is a
 * FrontEndMismatchError), and the same predictions after the round trip.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/select.js';
import type { DatasetItem } from '../data/dataset-item.js';
import { loadDataset } from '../data/load-dataset.js';
import { FRONT_END_DIR } from '../model/front-end-files.js';
import { DATA, describeShared, expectSerErrorAsync } from '../../test/helpers.js';
import { loadTestFrontEnd, TEST_FRONT_END_DIR, TEST_FRONT_END_FILE, type TestFrontEnd } from '../../test/front-end-helpers.js';
import { EmotionRecognizer } from './emotion-recognizer.js';

const tmp = mkdtempSync(join(tmpdir(), 'ser-front-end-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MODEL = { filters: 8, lstmLayers: 1, lstmUnits: 4, denseUnits: 8, poolSize: 4, readout: 'mean' } as const;
const loader = (dir: string) => loadTestFrontEnd(dir);

describeShared('EmotionRecognizer on a front end (test front end, real RAVDESS clips)', () => {
  let items: DatasetItem[];
  let fe: TestFrontEnd;
  let recognizer: EmotionRecognizer;
  const bundle = join(tmp, 'bundle');

  beforeAll(async () => {
    await initBackend('cpu');
    const all = (await loadDataset('ravdess', join(DATA, 'ravdess-16k'))).items;
    // every other clip of two actors (44 clips, all six emotions)
    items = all.filter((i) => i.speaker === '05' || i.speaker === '06').filter((_, i) => i % 2 === 0);
    fe = await loadTestFrontEnd();
    const t = await EmotionRecognizer.train(items, {
      backend: 'cpu',
      features: { feature: 'logmel', frames: 100 },
      frontEnd: fe,
      frontEndFiles: TEST_FRONT_END_DIR,
      frontEndUse: 'concat',
      model: MODEL,
      trainer: { epochs: 2, batchSize: 16 },
      augment: { recipe: [{ type: 'noise', p: 1, snrDb: [15, 25] }] },
      augmentCopies: 1,
      validation: false,
    });
    recognizer = t.recognizer;
  }, 120_000);
  afterAll(async () => recognizer?.dispose());

  it('trains with the embeddings as extra channels: every window, augmented copies too, went through the front end', () => {
    expect(items.length).toBe(44);
    expect(new Set(items.map((i) => i.emotion)).size).toBe(6);
    const meta = recognizer.metadata;
    expect(meta.input).toEqual({ frames: 100, bins: 64 + 3 });
    expect((meta.features as { frontEnd?: unknown }).frontEnd).toEqual({ use: 'concat', info: JSON.parse(JSON.stringify(fe.info)) });
    expect((meta.training as { trainSamples: number }).trainSamples).toBe(items.length * 2);
    expect(fe.calls).toBe(items.length * 2);
    expect(recognizer.frontEnd).toBe(fe);
  });

  it('recognizes, segments and evaluates through the front end', async () => {
    const before = fe.calls;
    const r = await recognizer.recognize(items[0]!.path);
    expect(Object.values(r.scores).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(fe.calls).toBe(before + 1);
    const segs = await recognizer.recognizeSegments(items[1]!.path, { hopSec: 0.5, speechGate: false });
    expect(segs.length).toBeGreaterThanOrEqual(1);
    expect(fe.calls).toBe(before + 1 + segs.length);
    const ev = await recognizer.evaluate(items.slice(0, 6));
    expect(ev.predictions).toHaveLength(6);
    expect(fe.calls).toBe(before + 1 + segs.length + 6);
    // the embeddings matter to the model: zeroing them changes the scores
    const pipeline = recognizer.predictor.pipeline;
    const audio = pipeline.prepare(...(await decode(items[0]!.path)));
    const m = await pipeline.windowFeaturesAsync(audio);
    const zeroed = { ...m, data: m.data.map((v, j) => (j % m.bins >= 64 ? 0 : v)) };
    const [a, b] = recognizer.predictor.predictFeatures([m, zeroed], [pipeline.windowSpeech(audio), pipeline.windowSpeech(audio)]);
    expect(a!.scores).toEqual(r.scores);
    expect(Object.values(b!.scores)).not.toEqual(Object.values(a!.scores));
  });

  it('save copies the verified front-end files; load verifies them and predicts the same', async () => {
    await recognizer.save(bundle);
    expect(readFileSync(join(bundle, FRONT_END_DIR, TEST_FRONT_END_FILE))).toEqual(readFileSync(join(TEST_FRONT_END_DIR, TEST_FRONT_END_FILE)));
    const loaded = await EmotionRecognizer.load(bundle, { backend: 'cpu', frontEndLoader: loader });
    try {
      expect(loaded.frontEnd!.info).toEqual(fe.info);
      for (const it of items.slice(0, 3)) {
        const [x, y] = [await recognizer.recognize(it.path), await loaded.recognize(it.path)];
        for (const l of recognizer.labels) expect(y.scores[l]).toBeCloseTo(x.scores[l]!, 5);
      }
    } finally {
      await loaded.dispose();
    }
    expect((loaded.frontEnd as TestFrontEnd).disposed).toBe(true); // it loaded it, so it disposed it
  });

  it('refuses a changed front-end file, naming the file and both hashes', async () => {
    const bad = join(tmp, 'changed');
    cpSync(bundle, bad, { recursive: true });
    const file = join(bad, FRONT_END_DIR, TEST_FRONT_END_FILE);
    const bytes = readFileSync(file);
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(file, bytes);
    const expected = fe.info.files[0]!.sha256;
    const err = await expectSerErrorAsync(() => EmotionRecognizer.load(bad, { backend: 'cpu', frontEndLoader: loader }), 'SER_FRONT_END_MISMATCH', new RegExp(`${TEST_FRONT_END_FILE} has SHA-256 [0-9a-f]{64}, but the model was trained with SHA-256 ${expected}`));
    expect(err).toMatchObject({ file: TEST_FRONT_END_FILE, expected });
    expect((err as unknown as { actual: string }).actual).toMatch(/^[0-9a-f]{64}$/);
    expect((err as unknown as { actual: string }).actual).not.toBe(expected);
  });

  it('refuses a missing front-end file, and accepts the files from another folder or a loaded front end', async () => {
    const missing = join(tmp, 'missing');
    cpSync(bundle, missing, { recursive: true });
    rmSync(join(missing, FRONT_END_DIR), { recursive: true });
    const err = await expectSerErrorAsync(() => EmotionRecognizer.load(missing, { backend: 'cpu', frontEndLoader: loader }), 'SER_FRONT_END_MISMATCH', /test-front-end\.json is missing/);
    expect(err).toMatchObject({ file: TEST_FRONT_END_FILE, actual: null });
    // the files given as a folder (or a file in it)
    const other = join(tmp, 'fe-copy');
    cpSync(TEST_FRONT_END_DIR, other, { recursive: true });
    const a = await EmotionRecognizer.load(missing, { backend: 'cpu', frontEnd: join(other, TEST_FRONT_END_FILE), frontEndLoader: loader });
    await a.dispose();
    // a loaded front end: its declared info is checked
    const b = await EmotionRecognizer.load(missing, { backend: 'cpu', frontEnd: fe });
    expect(b.frontEnd).toBe(fe);
    await b.dispose();
    expect(fe.disposed).toBe(false); // not the recognizer's to dispose
    const wrong = await loadTestFrontEnd(undefined, { hopSamples: 80 });
    await expectSerErrorAsync(() => EmotionRecognizer.load(missing, { backend: 'cpu', frontEnd: wrong }), 'SER_FRONT_END_MISMATCH', /hopSamples 80/);
    // a model without a front end (the shipped one) refuses one
    await expectSerErrorAsync(() => EmotionRecognizer.load(undefined, { backend: 'cpu', frontEnd: fe }), 'SER_INVALID_ARGUMENT', /uses no pretrained front end/);
  });

  it('adapts and fine-tunes through the front end', async () => {
    const before = fe.calls;
    const res = await recognizer.adapt(items.slice(0, 6).map((i) => i.path));
    expect(res.clips).toBe(6);
    expect(fe.calls).toBe(before + 6);
    await recognizer.adapt(null);
    const h = await recognizer.train(items.slice(0, 12), { trainer: { epochs: 1, batchSize: 12 }, augment: false, validation: false });
    expect(h.epochs).toHaveLength(1);
    expect(fe.calls).toBe(before + 6 + 12);
  });
});

async function decode(path: string): Promise<[Float32Array, number]> {
  const { AudioDecoder } = await import('../audio/audio-decoder.js');
  const a = await new AudioDecoder({ sampleRate: 16000 }).decodeFile(path);
  return [a.samples, a.sampleRate];
}

describeShared("EmotionRecognizer with frontEndUse 'stats' (embeddings pooled into the statistics head)", () => {
  it('trains, recognizes, adapts, saves and loads with the pooled head; refuses stats without a head', async () => {
    await initBackend('cpu');
    const all = (await loadDataset('ravdess', join(DATA, 'ravdess-16k'))).items;
    const items = all.filter((i) => i.speaker === '09').filter((_, i) => i % 2 === 0);
    const fe = await loadTestFrontEnd();
    const common = { backend: 'cpu', features: { feature: 'logmel', frames: 100 }, model: MODEL, trainer: { epochs: 1, batchSize: 16 }, augment: false, validation: false } as const;
    await expectSerErrorAsync(() => EmotionRecognizer.train(items, { ...common, frontEnd: fe, frontEndUse: 'stats' }), 'SER_INVALID_ARGUMENT', /needs statsHead/);
    await expectSerErrorAsync(() => EmotionRecognizer.train(items, { ...common, frontEndUse: 'concat' }), 'SER_INVALID_ARGUMENT', /needs a frontEnd/);
    const { recognizer } = await EmotionRecognizer.train(items, { ...common, frontEnd: fe, frontEndFiles: TEST_FRONT_END_DIR, frontEndUse: 'stats', statsHead: { weight: 0.5 } });
    const dir = join(tmp, 'stats-bundle');
    try {
      expect(recognizer.metadata.input).toEqual({ frames: 100, bins: 64 }); // frames unchanged
      expect(recognizer.metadata.statsHead!.stats.frontEnd).toEqual({ info: JSON.parse(JSON.stringify(fe.info)) });
      expect(recognizer.predictor.needsAsync).toBe(true);
      expect(fe.calls).toBe(items.length); // one pooled vector per training window
      const r = await recognizer.recognize(items[0]!.path);
      expect(fe.calls).toBe(items.length + 1);
      await recognizer.adapt(items.slice(0, 5).map((i) => i.path));
      expect(fe.calls).toBe(items.length + 1 + 5); // the frames need none; the head's statistics pool each clip once
      await recognizer.adapt(null);
      await recognizer.save(dir);
      const loaded = await EmotionRecognizer.load(dir, { backend: 'cpu', frontEndLoader: loader });
      try {
        const r2 = await loaded.recognize(items[0]!.path);
        for (const l of recognizer.labels) expect(r2.scores[l]).toBeCloseTo(r.scores[l]!, 5);
      } finally {
        await loaded.dispose();
      }
    } finally {
      await recognizer.dispose();
    }
  }, 120_000);
});
