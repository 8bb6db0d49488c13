/**
 * Google's speech_embedding through onnxruntime-node, checked against an independent numpy
 * re-implementation of both ONNX graphs (scripts/ref/speech_embedding_ref.py →
 * test/fixtures/speech-embedding-ref.json) on real RAVDESS and TESS clips.
 *
 * Tolerance: 2e-4 absolute on embeddings whose values reach ±56 (float32 through 20 conv layers
 * vs the reference's float64; measured max 7.2e-5 with onnxruntime-node 1.30), 2e-5 on the
 * log-mel (measured 9.4e-6; the fixture is rounded to 1e-6).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '../audio/wav.js';
import { frontEndFrames } from '../features/front-end.js';
import { DATA, ROOT, SHARED, expectSerErrorAsync } from '../../test/helpers.js';
import { loadSpeechEmbedding, SPEECH_EMBEDDING, SPEECH_EMBEDDING_FILES, type SpeechEmbeddingFrontEnd } from './speech-embedding.js';

const MODELS = join(SHARED, 'models', 'speech-embedding');
const hasModels = existsSync(join(MODELS, 'embedding_model.onnx')) && existsSync(DATA);
if (!hasModels) console.warn(`speech-embedding tests skipped: ${MODELS} or ${DATA} is missing`);

interface RefClip {
  file: string;
  samples: number;
  melFrames: number;
  frames: number;
  mel: Record<string, number[]>;
  embeddings: Record<string, number[]>;
  meanEmbedding: number[];
}
const REF = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'speech-embedding-ref.json'), 'utf8')) as { clips: RefClip[] };
const EMB_TOL = 2e-4;
const MEL_TOL = 2e-5;

const clip = (c: RefClip) => parseWav(new Uint8Array(readFileSync(join(DATA, c.file)))).channelData[0]!.subarray(0, c.samples);

describe.skipIf(!hasModels)('speech_embedding (onnxruntime-node)', () => {
  let fe: SpeechEmbeddingFrontEnd;
  beforeAll(async () => {
    fe = await loadSpeechEmbedding(MODELS);
  });
  afterAll(async () => {
    await fe?.dispose();
  });

  it('declares the model geometry at 16 kHz and the files it was loaded from', () => {
    expect(fe.info).toEqual({
      name: 'speech-embedding',
      runtime: 'onnx',
      sampleRate: 16000,
      windowSamples: 12512,
      hopSamples: 1280,
      dim: 96,
      inputNormalization: 'none',
      files: [SPEECH_EMBEDDING_FILES.melspectrogram, SPEECH_EMBEDDING_FILES.embedding],
    });
  });

  it.each(REF.clips.map((c) => [`${c.file} (${c.samples} samples)`, c] as const))('%s: equals the numpy reference', async (_name, c) => {
    const x = clip(c);
    const e = await fe.embed(x);
    expect(e.frames).toBe(c.frames);
    expect(e.frames).toBe(frontEndFrames(fe.info, x.length));
    expect(e.dim).toBe(96);
    expect(e.data.length).toBe(c.frames * 96);
    for (const [k, ref] of Object.entries(c.embeddings)) {
      const row = e.data.subarray(+k * 96, +k * 96 + 96);
      for (let j = 0; j < 96; j++) expect(Math.abs(row[j]! - ref[j]!), `frame ${k} dim ${j}`).toBeLessThanOrEqual(EMB_TOL);
    }
    for (let j = 0; j < 96; j++) {
      let s = 0;
      for (let f = 0; f < e.frames; f++) s += e.data[f * 96 + j]!;
      expect(Math.abs(s / e.frames - c.meanEmbedding[j]!), `mean dim ${j}`).toBeLessThanOrEqual(EMB_TOL);
    }
    const m = await fe.melspectrogram(x);
    expect(m.frames).toBe(c.melFrames);
    for (const [k, ref] of Object.entries(c.mel)) {
      for (let j = 0; j < 32; j++) expect(Math.abs(m.data[+k * 32 + j]! - ref[j]!), `mel frame ${k} bin ${j}`).toBeLessThanOrEqual(MEL_TOL);
    }
  });

  it('yields frontEndFrames(info, n) embeddings at the window/hop boundaries', async () => {
    const x = clip(REF.clips[0]!);
    const W = SPEECH_EMBEDDING.windowSamples;
    const H = SPEECH_EMBEDDING.hopSamples;
    for (const n of [0, 1, W - 1, W, W + H - 1, W + H, W + 5 * H + 17]) {
      const e = await fe.embed(x.subarray(0, n));
      expect(e.frames, `length ${n}`).toBe(frontEndFrames(fe.info, n));
      expect(e.frames).toBe(n <= W ? 1 : 1 + Math.floor((n - W) / H));
    }
  });

  it('embedding i sees only samples [i·hop, i·hop + window) (apart from the 80 dB floor, which follows the loudest frame)', async () => {
    // Negate the samples after the end of frame 2's window: frames 0–2 must not move. Mel frames
    // wholly inside the negated part keep their power, so the loudest frame and with it the
    // −80 dB floor (global maximum − 80) stay where they are.
    const x = Float32Array.from(clip(REF.clips[0]!));
    const a = await fe.embed(x);
    const end = 2 * SPEECH_EMBEDDING.hopSamples + SPEECH_EMBEDDING.windowSamples;
    const y = Float32Array.from(x);
    for (let i = end; i < y.length; i++) y[i] = -y[i]!;
    const b = await fe.embed(y);
    expect(Array.from(b.data.subarray(0, 3 * 96))).toEqual(Array.from(a.data.subarray(0, 3 * 96)));
    expect(b.data.subarray(3 * 96).some((v, i) => v !== a.data[3 * 96 + i])).toBe(true);
  });

  it('gives the same numbers for calls made concurrently and one after another', async () => {
    const xs = REF.clips.slice(0, 3).map(clip);
    const together = await Promise.all(xs.map((x) => fe.embed(x)));
    for (let i = 0; i < xs.length; i++) expect(together[i]!.data).toEqual((await fe.embed(xs[i]!)).data);
  });

  it('batches embedding windows without changing them (batchSize 1 vs 32)', async () => {
    const one = await loadSpeechEmbedding(MODELS, { batchSize: 1 });
    try {
      const x = clip(REF.clips[2]!);
      expect((await one.embed(x)).data).toEqual((await fe.embed(x)).data);
    } finally {
      await one.dispose();
    }
  });

  it('refuses samples that are not finite floats', async () => {
    await expectSerErrorAsync(() => fe.embed(Float32Array.of(0, NaN, 0)), 'SER_INVALID_ARGUMENT', /samples\[1\] is NaN/);
    await expectSerErrorAsync(() => fe.embed([0, 1] as unknown as Float32Array), 'SER_INVALID_ARGUMENT', /Float32Array/);
  });
});

describe.skipIf(!hasModels)('loadSpeechEmbedding: files and lifecycle', () => {
  const mel = () => new Uint8Array(readFileSync(join(MODELS, SPEECH_EMBEDDING_FILES.melspectrogram.name)));
  const emb = () => new Uint8Array(readFileSync(join(MODELS, SPEECH_EMBEDDING_FILES.embedding.name)));

  it('refuses a different file by SHA-256 (FrontEndMismatchError with both digests)', async () => {
    const err = await expectSerErrorAsync(() => loadSpeechEmbedding({ melspectrogram: emb(), embedding: emb() }), 'SER_FRONT_END_MISMATCH', /melspectrogram\.onnx is not the expected file/);
    expect(err).toMatchObject({ file: 'melspectrogram.onnx', expected: SPEECH_EMBEDDING_FILES.melspectrogram.sha256, actual: SPEECH_EMBEDDING_FILES.embedding.sha256 });
  });

  it('refuses a missing file (FrontEndMismatchError, actual null)', async () => {
    const err = await expectSerErrorAsync(() => loadSpeechEmbedding(join(ROOT, 'no-such-folder')), 'SER_FRONT_END_MISMATCH', /is missing/);
    expect(err).toMatchObject({ actual: null });
  });

  it('with verify: false, a file that is not ONNX is a ModelFormatError', async () => {
    await expectSerErrorAsync(() => loadSpeechEmbedding({ melspectrogram: new TextEncoder().encode('not a model'), embedding: emb() }, { verify: false }), 'SER_MODEL_FORMAT', /could not be loaded as an ONNX model/);
  });

  it('loads from bytes and from a file: URL to the same front end', async () => {
    const a = await loadSpeechEmbedding({ melspectrogram: mel(), embedding: emb().buffer });
    const b = await loadSpeechEmbedding(new URL(`file://${MODELS}/`));
    try {
      expect(a.info).toEqual(b.info);
      const x = clip(REF.clips[3]!);
      expect((await a.embed(x)).data).toEqual((await b.embed(x)).data);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it('dispose is idempotent and later calls are refused', async () => {
    const fe = await loadSpeechEmbedding(MODELS);
    const pending = fe.embed(clip(REF.clips[3]!));
    await fe.dispose();
    await fe.dispose();
    expect((await pending).frames).toBe(1); // a call queued before dispose completes
    await expectSerErrorAsync(() => fe.embed(new Float32Array(16000)), 'SER_INVALID_ARGUMENT', /after dispose/);
  });

  it('refuses a bad batchSize and a bad source', async () => {
    await expectSerErrorAsync(() => loadSpeechEmbedding(MODELS, { batchSize: 0 }), 'SER_INVALID_ARGUMENT', /batchSize/);
    await expectSerErrorAsync(() => loadSpeechEmbedding(42 as unknown as string), 'SER_INVALID_ARGUMENT', /source must be/);
  });

  it('runs on onnxruntime-web (WebAssembly, in Node) to the same numbers within 1e-4', async () => {
    const web = await import('onnxruntime-web');
    const [a, b] = await Promise.all([loadSpeechEmbedding(MODELS, { ort: web }), loadSpeechEmbedding(MODELS)]);
    try {
      const x = clip(REF.clips[2]!);
      const [ea, eb] = [await a.embed(x), await b.embed(x)];
      let d = 0;
      for (let i = 0; i < ea.data.length; i++) d = Math.max(d, Math.abs(ea.data[i]! - eb.data[i]!));
      expect(d).toBeLessThanOrEqual(1e-4);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});
