/** Front ends in the feature pipeline: alignment, 'concat' / 'replace', checks, segments, feature sets with augmentation. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { resample } from '../audio/resample.js';
import { Augmenter } from '../augment/augmenter.js';
import { loadDataset } from '../data/load-dataset.js';
import { DATA, describeShared, expectSerError, expectSerErrorAsync } from '../../test/helpers.js';
import { loadTestFrontEnd, type TestFrontEnd } from '../../test/front-end-helpers.js';
import { buildFeatureSet, buildFeatureSetAsync, prepareClips, type PreparedClip } from './dataset-features.js';
import { FeaturePipeline } from './feature-pipeline.js';
import { alignEmbeddings, checkFrontEndInfo, resolveFrontEndSpec } from './front-end-features.js';
import { UtteranceStats } from './utterance-stats.js';

describe('alignEmbeddings', () => {
  // 4 frames × 2 dims; frame i centred on speech sample 2 + 4i at the front end's rate (window 4, hop 4)
  const e = { frames: 4, dim: 2, data: Float32Array.from([0, 10, 1, 11, 2, 12, 3, 13]) };
  it('interpolates linearly between frame centres, holds the edges, and zeroes padding', () => {
    // pipeline: 13 frames, hop 2 at the same rate, speech in window samples [4, 24)
    const m = alignEmbeddings(e, { sampleRate: 8000, windowSamples: 4, hopSamples: 4 }, { frames: 13, hop: 2, sampleRate: 8000, span: [4, 24] });
    expect(m.frames).toBe(13);
    expect(m.bins).toBe(2);
    const col0 = Array.from({ length: 13 }, (_, t) => m.data[t * 2]!);
    // frame t is centred on window sample 2t = speech sample 2t − 4; u = (speech − 2) / 4.
    // t = 0, 1: padding; t = 2 (u < 0) and 3 (u = 0): frame 0; t = 4…9: u = 0.5 … 3; t = 10, 11:
    // past the last centre, frame 3 held; t = 12: window sample 24 is padding again
    expect(col0).toEqual([0, 0, 0, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3, 3, 0]);
    expect(m.data[4 * 2 + 1]).toBeCloseTo(10.5, 6);
  });
  it('maps between rates (pipeline 16 kHz, front end 8 kHz)', () => {
    const m = alignEmbeddings(e, { sampleRate: 8000, windowSamples: 4, hopSamples: 4 }, { frames: 3, hop: 8, sampleRate: 16000, span: [0, 32] });
    // t=1 → 16 kHz sample 8 → 8 kHz sample 4 → u = (4 − 2)/4 = 0.5; t=2 → 8 → u = 1.5
    expect(Array.from(m.data)).toEqual([0, 10, 0.5, 10.5, 1.5, 11.5]);
  });
});

describe('front-end spec and info checks', () => {
  it('refuses a spec with a bad hash or file name', async () => {
    const fe = await loadTestFrontEnd();
    expectSerError(() => resolveFrontEndSpec({ use: 'concat', info: { ...fe.info, files: [{ name: 'x.onnx', sha256: 'ABC' }] } }), 'SER_INVALID_ARGUMENT', /sha256/);
    expectSerError(() => resolveFrontEndSpec({ use: 'concat', info: { ...fe.info, files: [{ name: '../x.onnx', sha256: 'a'.repeat(64) }] } }), 'SER_INVALID_ARGUMENT', /plain file name/);
    expectSerError(() => resolveFrontEndSpec({ use: 'stack' as 'concat', info: fe.info }), 'SER_INVALID_ARGUMENT', /frontEnd\.use/);
  });
  it('names the differing file with both hashes, or the differing declared setting', async () => {
    const fe = await loadTestFrontEnd();
    const other = { ...fe.info, files: [{ name: fe.info.files[0]!.name, sha256: 'b'.repeat(64) }] };
    const err = expectSerError(() => checkFrontEndInfo(fe.info, other), 'SER_FRONT_END_MISMATCH', new RegExp(`test-front-end\\.json has SHA-256 b{64}, but the model was trained with SHA-256 ${fe.info.files[0]!.sha256}`));
    expect(err).toMatchObject({ file: 'test-front-end.json', expected: fe.info.files[0]!.sha256, actual: 'b'.repeat(64) });
    expectSerError(() => checkFrontEndInfo(fe.info, { ...fe.info, files: [] }), 'SER_FRONT_END_MISMATCH', /has no file test-front-end\.json/);
    expect(expectSerError(() => checkFrontEndInfo(fe.info, { ...fe.info, hopSamples: 80 }), 'SER_FRONT_END_MISMATCH', /hopSamples 80/)).toMatchObject({ file: 'info.hopSamples', expected: '160', actual: '80' });
  });
});

describeShared('FeaturePipeline with a front end (real speech)', () => {
  let fe: TestFrontEnd;
  let clips: PreparedClip[];
  const base = new FeaturePipeline();
  beforeAll(async () => {
    fe = await loadTestFrontEnd();
    const { items } = await loadDataset('ravdess', join(DATA, 'ravdess-16k'));
    const some = items.filter((i) => i.speaker === '03').slice(0, 6);
    clips = await prepareClips(some, new AudioDecoder({ sampleRate: 16000 }), base);
  });

  it("'concat' appends the aligned embeddings to the unchanged MFCC frames", async () => {
    const p = new FeaturePipeline({ frontEnd: { use: 'concat', info: fe.info } }, { frontEnd: fe });
    expect(p.bins).toBe(40 + 3);
    expect(p.needsFrontEnd).toBe(true);
    const long = clips.find((c) => c.signal.length > p.windowSamples)!;
    const plain = base.windowFeatures(long.signal);
    const m = await p.windowFeaturesAsync(long.signal);
    expect([m.frames, m.bins]).toEqual([108, 43]);
    for (let t = 0; t < 108; t++) expect(Array.from(m.data.subarray(t * 43, t * 43 + 40))).toEqual(Array.from(plain.data.subarray(t * 40, t * 40 + 40)));
    // Pipeline frame t is centred on 16 kHz sample 160t = 8 kHz sample 80t; embedding frame k is
    // centred on 8 kHz sample 160k + 160, so frame t = 2k + 2 holds embedding frame k exactly.
    const e = await fe.embed(resample(base.window(long.signal), 16000, 8000));
    for (const k of [0, 10, 50]) {
      const t = 2 * k + 2;
      for (let d = 0; d < 3; d++) expect(m.data[t * 43 + 40 + d]).toBeCloseTo(e.data[k * 3 + d]!, 5);
    }
    // and the odd frames between lie between their neighbours (linear in time)
    const t = 41;
    for (let d = 0; d < 3; d++) expect(m.data[t * 43 + 40 + d]).toBeCloseTo((e.data[19 * 3 + d]! + e.data[20 * 3 + d]!) / 2, 5);
    // the embeddings carry the signal: log-energy moves by more than 1 (×10 in power) over the clip
    const energies = Array.from({ length: 108 }, (_, i) => m.data[i * 43 + 40]!);
    expect(Math.max(...energies) - Math.min(...energies)).toBeGreaterThan(1);
  });

  it("'replace' gives the embeddings alone; padding frames of a short clip are zero", async () => {
    const p = new FeaturePipeline({ frontEnd: { use: 'replace', info: fe.info } }, { frontEnd: fe });
    expect(p.bins).toBe(3);
    const short = clips[0]!.signal.subarray(0, 8000); // 0.5 s in a 1.07 s window
    const m = await p.windowFeaturesAsync(short);
    expect([m.frames, m.bins]).toEqual([108, 3]);
    const [s0, s1] = p.windowSpan(8000);
    for (let t = 0; t < 108; t++) {
      const inSpeech = t * 160 >= s0 && t * 160 < s1;
      const row = Array.from(m.data.subarray(t * 3, t * 3 + 3));
      if (!inSpeech) expect(row).toEqual([0, 0, 0]);
    }
    expect(fe.calls).toBeGreaterThan(0);
    expectSerError(() => new FeaturePipeline({ deltas: 1, frontEnd: { use: 'replace', info: fe.info } }), 'SER_INVALID_ARGUMENT', /deltas/);
  });

  it('the no-front-end path is unchanged, and the async path gives the same features there', async () => {
    for (const c of clips.slice(0, 3)) {
      const a = base.windowFeatures(c.signal);
      const b = await base.windowFeaturesAsync(c.signal);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
    }
    expect(base.config.frontEnd).toBeUndefined();
    expect('frontEnd' in base.toJSON()).toBe(false);
  });

  it('refuses the sync path, a missing model and another front end with typed errors', async () => {
    const p = new FeaturePipeline({ frontEnd: { use: 'concat', info: fe.info } });
    expectSerError(() => p.windowFeatures(clips[0]!.signal), 'SER_INVALID_ARGUMENT', /featuresAsync/);
    await expectSerErrorAsync(() => p.windowFeaturesAsync(clips[0]!.signal), 'SER_INVALID_ARGUMENT', /not attached/);
    const other = await loadTestFrontEnd(undefined, { dim: 4 });
    expectSerError(() => p.attachFrontEnd(other), 'SER_FRONT_END_MISMATCH', /dim 4/);
    expectSerError(() => base.attachFrontEnd(fe), 'SER_INVALID_ARGUMENT', /uses no front end/);
    // an adapter that returns another shape than it declares is caught, not used
    const liar = { info: fe.info, embed: async () => ({ frames: 2, dim: 2, data: new Float32Array(4) }), dispose: async () => {} };
    const q = new FeaturePipeline({ frontEnd: { use: 'concat', info: fe.info } }, { frontEnd: liar });
    await expectSerErrorAsync(() => q.windowFeaturesAsync(clips[0]!.signal), 'SER_INVALID_ARGUMENT', /expected frames ≥ 1 × dim 3/);
  });

  it('segmentsAsync cuts the same windows as segments, each through the front end', async () => {
    const p = new FeaturePipeline({ frontEnd: { use: 'concat', info: fe.info } }, { frontEnd: fe });
    const audio = await new AudioDecoder({ sampleRate: 16000 }).decodeFile(clips[1]!.item.path);
    const long = new Float32Array(audio.samples.length * 3);
    for (let i = 0; i < 3; i++) long.set(audio.samples, i * audio.samples.length);
    const a = base.segments(long, 16000, { hopSec: 1 });
    const before = fe.calls;
    const b = await p.segmentsAsync(long, 16000, { hopSec: 1 });
    expect(b.map((s) => [s.startSec, s.endSec])).toEqual(a.map((s) => [s.startSec, s.endSec]));
    expect(fe.calls - before).toBe(a.length);
    b.forEach((s, i) => {
      expect([s.features.frames, s.features.bins]).toEqual([108, 43]);
      expect(Array.from(s.features.data.subarray(0, 40))).toEqual(Array.from(a[i]!.features.data.subarray(0, 40)));
    });
  });

  it('buildFeatureSetAsync sends augmented copies through the front end too (same samples as the sync set)', async () => {
    const p = new FeaturePipeline({ frontEnd: { use: 'concat', info: fe.info } }, { frontEnd: fe });
    const augment = new Augmenter({ seed: 3, recipe: [{ type: 'noise', p: 1, snrDb: [10, 10] }] });
    const labels = [...new Set(clips.map((c) => c.item.emotion))];
    const before = fe.calls;
    const set = await buildFeatureSetAsync(clips, p, { labels, augment, copies: 2, randomCrop: true, seed: 5 });
    expect(fe.calls - before).toBe(clips.length * 3);
    const plain = buildFeatureSet(clips, base, { labels, augment, copies: 2, randomCrop: true, seed: 5 });
    expect(set.copy).toEqual(plain.copy);
    expect(set.source).toEqual(plain.source);
    set.x.forEach((m, i) => expect(Array.from(m.data.subarray(0, 40))).toEqual(Array.from(plain.x[i]!.data.subarray(0, 40))));
    // the noisy copy's embeddings differ from the clean original's (zero-crossings rise in noise)
    const zcr = (i: number) => set.x[i]!.data.filter((_, j) => j % 43 === 42).reduce((s, v) => s + v, 0);
    expect(zcr(1)).toBeGreaterThan(zcr(0));
    expectSerError(() => buildFeatureSet(clips, p, { labels }), 'SER_INVALID_ARGUMENT', /featuresAsync/);
  });

  it("'stats' leaves the frames alone and pools mean and std of the embeddings into the statistics vector", async () => {
    const p = new FeaturePipeline({ frontEnd: { use: 'stats', info: fe.info } }, { frontEnd: fe });
    expect(p.bins).toBe(40);
    expect(p.needsFrontEnd).toBe(false);
    const speech = p.windowSpeech(clips[2]!.signal);
    expect(Array.from(p.windowFeatures(clips[2]!.signal).data)).toEqual(Array.from(base.windowFeatures(clips[2]!.signal).data));
    const plain = new UtteranceStats();
    const pooled = new UtteranceStats({ frontEnd: { info: fe.info } }).attachFrontEnd(fe);
    expect(pooled.dims).toBe(plain.dims + 6);
    expect(pooled.names().slice(-6)).toEqual(['embeddingMean[0]', 'embeddingMean[1]', 'embeddingMean[2]', 'embeddingStd[0]', 'embeddingStd[1]', 'embeddingStd[2]']);
    expect(pooled.key).not.toBe(plain.key);
    const v = await pooled.computeAsync(speech);
    expect(Array.from(v.subarray(0, plain.dims))).toEqual(Array.from(plain.compute(speech)));
    const e = await fe.embed(resample(speech, 16000, 8000));
    for (let k = 0; k < 3; k++) {
      const col = Array.from({ length: e.frames }, (_, t) => e.data[t * 3 + k]!);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      expect(v[plain.dims + k]).toBeCloseTo(mean, 4);
      expect(v[plain.dims + 3 + k]).toBeCloseTo(std, 4);
    }
    expectSerError(() => pooled.compute(speech), 'SER_INVALID_ARGUMENT', /computeAsync/);
    await expectSerErrorAsync(() => new UtteranceStats({ frontEnd: { info: fe.info } }).computeAsync(speech), 'SER_INVALID_ARGUMENT', /not attached/);
    // a feature set with pooled statistics: one embedding per sample, statistics of the same windows
    const labels = [...new Set(clips.map((c) => c.item.emotion))];
    const before = fe.calls;
    const set = await buildFeatureSetAsync(clips, p, { labels, stats: pooled });
    expect(fe.calls - before).toBe(clips.length);
    expect(set.stats!.map((r) => r.length)).toEqual(clips.map(() => plain.dims + 6));
    expectSerError(() => buildFeatureSet(clips, p, { labels, stats: pooled }), 'SER_INVALID_ARGUMENT', /computeAsync/);
  });
});
