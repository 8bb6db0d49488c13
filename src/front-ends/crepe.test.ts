/**
 * CREPE tiny through tfjs (wasm backend), checked against an independent numpy forward pass of
 * the same files (scripts/ref/crepe_ref.py → test/fixtures/crepe-ref.json) on real RAVDESS
 * clips: activations and the 256-d embedding on chosen frames, pitch and confidence on every
 * frame. Tolerances: float32 through six conv blocks vs the reference's float64; the fixture is
 * rounded to 1e-7 (activations), 1e-6 (embedding, confidence) and 1e-3 cents.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/select.js';
import { frontEndFrames } from '../features/front-end.js';
import { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import { DATA, ROOT, SHARED, expectSerErrorAsync } from '../../test/helpers.js';
import { readWav } from '../../test/read-pcm16.js';
import { CREPE, crepeBinCents, decodeCrepeActivations, loadCrepe, type CrepeFrontEnd } from './crepe.js';

const MODEL = join(SHARED, 'models', 'crepe-tiny-tfjs');
const hasModels = existsSync(join(MODEL, 'model.json')) && existsSync(DATA);
if (!hasModels) console.warn(`crepe tests skipped: ${MODEL} or ${DATA} is missing`);

interface RefClip {
  file: string;
  samples: number;
  frames: number;
  cents: number[];
  confidence: number[];
  detail: { frame: number; activation: number[]; embedding: number[] }[];
}
const REF = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'crepe-ref.json'), 'utf8')) as { hopSamples: number; clips: RefClip[] };
/** README of ../shared/models: SHA-256 of the CREPE tiny model.json. */
const MODEL_JSON_SHA = '91015e8891c8cf9ded26277f1bb487de26357938ee653e3f9d410676d9ed0e32';
// Measured (wasm, tfjs 4.22): activations ≤ 7.7e-7, embedding ≤ 8.1e-7, confidence ≤ 1.4e-6, cents ≤ 7e-4.
const ACT_TOL = 1e-5;
const EMB_TOL = 1e-5;
const CONF_TOL = 1e-5;
const CENTS_TOL = 0.01;

const clip = (c: RefClip) => readWav(join(DATA, c.file)).samples.subarray(0, c.samples);

describe('decodeCrepeActivations', () => {
  it('maps bins to cents from 1997.38 in 20-cent steps (bin 0 = 31.70 Hz, bin 359 = 2005.5 Hz)', () => {
    expect(10 * 2 ** (crepeBinCents(0) / 1200)).toBeCloseTo(31.7, 2);
    expect(10 * 2 ** (crepeBinCents(359) / 1200)).toBeCloseTo(2005.5, 0);
    expect(crepeBinCents(359) - crepeBinCents(0)).toBeCloseTo(7180, 9);
  });

  it('takes the activation-weighted mean of the 9 bins around the argmax', () => {
    const a = new Float32Array(2 * 360);
    a[100] = 0.9;
    a[101] = 0.3;
    a[99] = 0.3;
    a[104] = 0.6; // inside the ±4 window
    a[105] = 0.8; // outside it (but not the argmax)
    a[360 + 359] = 0.7; // the last bin: window clipped at the top
    a[360 + 355] = 0.7; // ties go to the first maximum (bin 355); window 351..359
    const r = decodeCrepeActivations(a, 2);
    const want0 = (0.9 * crepeBinCents(100) + 0.3 * crepeBinCents(101) + 0.3 * crepeBinCents(99) + 0.6 * crepeBinCents(104)) / 2.1;
    expect(r.cents[0]).toBeCloseTo(want0, 2);
    expect(r.confidence[0]).toBeCloseTo(0.9, 6);
    expect(r.cents[1]).toBeCloseTo((crepeBinCents(355) + crepeBinCents(359)) / 2, 2);
    expect(r.f0[0]).toBeCloseTo(10 * 2 ** (r.cents[0]! / 1200), 3);
  });

  it('refuses a buffer of the wrong size', async () => {
    await expectSerErrorAsync(async () => decodeCrepeActivations(new Float32Array(359), 1), 'SER_INVALID_ARGUMENT', /frames × 360/);
  });
});

describe.skipIf(!hasModels)('CREPE tiny (tfjs, wasm)', () => {
  let crepe: CrepeFrontEnd;
  let act: CrepeFrontEnd;
  let before = 0;
  beforeAll(async () => {
    await initBackend('wasm');
    before = tf.memory().numTensors;
    crepe = await loadCrepe(MODEL);
    act = await loadCrepe(MODEL, { output: 'activation', hopSamples: REF.hopSamples });
  });
  afterAll(async () => {
    await crepe?.dispose();
    await act?.dispose();
  });

  it('declares CREPE tiny and names its 14 files by SHA-256', () => {
    expect(crepe.info).toMatchObject({ name: 'crepe-tiny', runtime: 'tfjs-layers', sampleRate: 16000, windowSamples: 1024, hopSamples: 160, dim: 256, inputNormalization: 'per-frame' });
    expect(act.info.dim).toBe(360);
    expect(crepe.info.files).toHaveLength(14);
    expect(crepe.info.files[0]).toEqual({ name: 'model.json', sha256: MODEL_JSON_SHA });
    expect(crepe.info.files.slice(1).map((f) => f.name)).toEqual(Array.from({ length: 13 }, (_, i) => `group${i + 1}-shard1of1`));
    for (const f of crepe.info.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(REF.clips.map((c) => [c.file, c] as const))('%s: activations and embedding of chosen frames equal the numpy reference', async (_f, c) => {
    const x = clip(c);
    expect(frontEndFrames(act.info, x.length)).toBe(c.frames);
    let maxAct = 0;
    let maxEmb = 0;
    for (const d of c.detail) {
      // Frame i is samples [160 i, 160 i + 1024): that window alone is one frame.
      const w = x.subarray(d.frame * 160, d.frame * 160 + 1024);
      const a = await act.embed(w);
      const e = await crepe.embed(w);
      expect([a.frames, a.dim, e.frames, e.dim]).toEqual([1, 360, 1, 256]);
      for (let k = 0; k < 360; k++) maxAct = Math.max(maxAct, Math.abs(a.data[k]! - d.activation[k]!));
      for (let k = 0; k < 256; k++) maxEmb = Math.max(maxEmb, Math.abs(e.data[k]! - d.embedding[k]!));
    }
    console.log(`${c.file}: max |Δ activation| ${maxAct.toExponential(2)}, max |Δ embedding| ${maxEmb.toExponential(2)} over ${c.detail.length} frames`);
    expect(maxAct).toBeLessThan(ACT_TOL);
    expect(maxEmb).toBeLessThan(EMB_TOL);
  });

  it.each(REF.clips.map((c) => [c.file, c] as const))('%s: pitch and confidence on every frame equal the reference', async (_f, c) => {
    const p = await act.pitch(clip(c), { center: false });
    expect(p.f0).toHaveLength(c.frames);
    let maxConf = 0;
    let maxCents = 0;
    let confident = 0;
    for (let t = 0; t < c.frames; t++) {
      maxConf = Math.max(maxConf, Math.abs(p.confidence[t]! - c.confidence[t]!));
      // Low-confidence frames can flip their argmax between near-equal bins; pitch is compared where it is meaningful.
      if (c.confidence[t]! >= 0.5) {
        confident++;
        maxCents = Math.max(maxCents, Math.abs(p.cents[t]! - c.cents[t]!));
      }
    }
    console.log(`${c.file}: max |Δ confidence| ${maxConf.toExponential(2)}, max |Δ cents| ${maxCents.toFixed(4)} over ${confident} confident frames`);
    expect(confident).toBeGreaterThan(100);
    expect(maxConf).toBeLessThan(CONF_TOL);
    expect(maxCents).toBeLessThan(CENTS_TOL);
  });

  it('centres pitch frames on i·hop as crepe.predict(center=True): 1 + floor(n / hop) frames', async () => {
    const x = clip(REF.clips[0]!).subarray(8000, 24000 + 77);
    const centred = await act.pitch(x);
    expect(centred.center).toBe(true);
    expect(centred.f0).toHaveLength(1 + Math.floor(x.length / 160));
    // With hop 512 the centred grid is the uncentred one shifted by exactly one frame.
    const c512 = await loadCrepe(MODEL, { hopSamples: 512, output: 'activation' });
    try {
      const a = await c512.pitch(x, { center: true });
      const b = await c512.pitch(x, { center: false });
      for (let t = 0; t < b.f0.length; t++) expect(a.confidence[t + 1]).toBeCloseTo(b.confidence[t]!, 6);
    } finally {
      await c512.dispose();
    }
  });

  it('pads a signal shorter than one window to one frame, and batches without changing results', async () => {
    const x = clip(REF.clips[1]!).subarray(20000, 20000 + 500);
    expect((await crepe.embed(x)).frames).toBe(1);
    expect((await crepe.embed(new Float32Array(0))).frames).toBe(1);
    const long = clip(REF.clips[1]!).subarray(16000, 32000);
    const small = await loadCrepe(MODEL, { batchSize: 7 });
    try {
      const a = await small.embed(long);
      const b = await crepe.embed(long);
      expect(a.frames).toBe(b.frames);
      let m = 0;
      for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
      expect(m).toBeLessThan(1e-4);
    } finally {
      await small.dispose();
    }
  });

  it('leaves no tensor behind: embed, pitch, and dispose back to the count before loading', async () => {
    const x = clip(REF.clips[2]!).subarray(16000, 32000);
    const n0 = tf.memory().numTensors;
    await crepe.embed(x);
    await act.pitch(x);
    expect(tf.memory().numTensors).toBe(n0);
    const extra = await loadCrepe(MODEL);
    expect(tf.memory().numTensors).toBeGreaterThan(n0);
    await extra.embed(x.subarray(0, 5000));
    await extra.dispose();
    await extra.dispose(); // idempotent
    expect(tf.memory().numTensors).toBe(n0);
    await expectSerErrorAsync(() => extra.embed(x), 'SER_INVALID_ARGUMENT', /after dispose/);
    expect(n0 - before).toBeGreaterThan(0); // the two shared models hold their weights
  });

  it("feeds the FeaturePipeline ('concat'): 40 MFCC + 256 CREPE values per frame, gain-invariant", async () => {
    const fe = await loadCrepe(MODEL, { hopSamples: 640 });
    try {
      // level 'none': the pipeline leaves the gain alone, so the invariance below is CREPE's own.
      const p = new FeaturePipeline({ level: 'none', frontEnd: { use: 'concat', info: fe.info } }, { frontEnd: fe });
      const x = clip(REF.clips[0]!);
      const m = await p.windowFeaturesAsync(x);
      expect([m.frames, m.bins]).toEqual([108, 296]);
      const loud = await p.windowFeaturesAsync(x.map((v) => v * 0.25));
      let d = 0;
      let spread = 0;
      for (let t = 0; t < m.frames; t++) {
        for (let k = 40; k < 296; k++) {
          d = Math.max(d, Math.abs(m.data[t * 296 + k]! - loud.data[t * 296 + k]!));
          spread = Math.max(spread, Math.abs(m.data[t * 296 + k]! - m.data[k]!));
        }
      }
      // CREPE normalises each window, so a gain leaves its embedding unchanged (up to float32).
      expect(d).toBeLessThan(1e-3);
      expect(spread).toBeGreaterThan(0.1);
    } finally {
      await fe.dispose();
    }
  });

  it('refuses bad input and options with typed errors', async () => {
    await expectSerErrorAsync(() => crepe.embed(Float32Array.of(0, Number.NaN, 0)), 'SER_INVALID_ARGUMENT', /non-finite/);
    await expectSerErrorAsync(() => crepe.embed([1, 2, 3] as unknown as Float32Array), 'SER_INVALID_ARGUMENT', /Float32Array/);
    await expectSerErrorAsync(() => loadCrepe(MODEL, { hopSamples: 0 }), 'SER_INVALID_ARGUMENT', /hopSamples/);
    await expectSerErrorAsync(() => loadCrepe(MODEL, { output: 'logits' as 'embedding' }), 'SER_INVALID_ARGUMENT', /output/);
    await expectSerErrorAsync(() => loadCrepe(join(SHARED, 'models', 'no-such-model')), 'SER_IO', /must exist/);
    const wrong = crepe.info.files.map((f) => (f.name === 'group2-shard1of1' ? { ...f, sha256: '0'.repeat(64) } : f));
    const err = await expectSerErrorAsync(() => loadCrepe(MODEL, { expectedFiles: wrong }), 'SER_FRONT_END_MISMATCH', /group2-shard1of1/);
    expect(err).toMatchObject({ file: 'group2-shard1of1', actual: crepe.info.files[2]!.sha256 });
    expect(CREPE.bins).toBe(360);
  });
});
