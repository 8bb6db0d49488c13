/**
 * loadOnnxFrontEnd on a real model with wav2vec 2.0-style I/O: Google's melspectrogram.onnx takes
 * float32 [1, samples] and returns [1, 1, frames, 32] (512-sample window, 160-sample hop), i.e.
 * exactly what a 'sequence' front end expects. Its numbers are checked against the independent
 * numpy reference (test/fixtures/speech-embedding-ref.json stores x/10 + 2 of them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '../audio/wav.js';
import { frontEndFrames, type FrontEnd } from '../features/front-end.js';
import { DATA, ROOT, SHARED, expectSerErrorAsync } from '../../test/helpers.js';
import { loadOnnxFrontEnd, type OnnxFrontEndOptions } from './onnx-front-end.js';
import { SPEECH_EMBEDDING_FILES } from './speech-embedding.js';

const MODELS = join(SHARED, 'models', 'speech-embedding');
const MEL = join(MODELS, 'melspectrogram.onnx');
const hasModels = existsSync(MEL) && existsSync(DATA);
if (!hasModels) console.warn(`onnx-front-end tests skipped: ${MEL} or ${DATA} is missing`);

const REF = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'speech-embedding-ref.json'), 'utf8')) as {
  clips: { file: string; samples: number; melFrames: number; mel: Record<string, number[]> }[];
};
const MEL_OPTIONS: OnnxFrontEndOptions = { name: 'google-log-mel', sampleRate: 16000, windowSamples: 512, hopSamples: 160, dim: 32 };
/** The model takes 16-bit PCM units. */
const pcm16 = (file: string, n: number) => Float32Array.from(parseWav(new Uint8Array(readFileSync(join(DATA, file)))).channelData[0]!.subarray(0, n), (v) => v * 32768);

describe.skipIf(!hasModels)('loadOnnxFrontEnd (sequence mode, a real ONNX model)', () => {
  let fe: FrontEnd;
  beforeAll(async () => {
    fe = await loadOnnxFrontEnd(MEL, MEL_OPTIONS);
  });
  afterAll(async () => {
    await fe?.dispose();
  });

  it('records the options and the file with its SHA-256', () => {
    expect(fe.info).toEqual({ ...MEL_OPTIONS, runtime: 'onnx', inputNormalization: 'none', files: [SPEECH_EMBEDDING_FILES.melspectrogram] });
  });

  it.each(REF.clips.slice(0, 3).map((c) => [c.file, c] as const))('%s: frames and values equal the numpy reference', async (_n, c) => {
    const x = pcm16(c.file, c.samples);
    const e = await fe.embed(x);
    expect(e.frames).toBe(c.melFrames);
    expect(e.frames).toBe(frontEndFrames(fe.info, x.length));
    expect(e.dim).toBe(32);
    for (const [k, ref] of Object.entries(c.mel)) {
      // The fixture holds x / 10 + 2 of the model's dB values (1e-6 rounding → 1e-5 in dB).
      for (let j = 0; j < 32; j++) expect(Math.abs(e.data[+k * 32 + j]! - (ref[j]! - 2) * 10), `frame ${k} bin ${j}`).toBeLessThanOrEqual(2e-4);
    }
  });

  it('zero-pads a signal shorter than one window to one frame', async () => {
    const e = await fe.embed(new Float32Array(100).fill(1000));
    expect(e.frames).toBe(1);
    expect(e.data.length).toBe(32);
  });

  it('window mode: same values as sequence mode wherever the 80 dB floor does not bind', async () => {
    // The graph clips at (max − 80 dB) over everything in one call; a batch's max is at most the
    // whole signal's, so values above the whole-signal floor are identical in every batching.
    const c = REF.clips[2]!;
    const x = pcm16(c.file, c.samples);
    const seq = await fe.embed(x);
    let max = -Infinity;
    for (const v of seq.data) max = Math.max(max, v);
    for (const batchSize of [7, 1000]) {
      const win = await loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, mode: 'window', batchSize });
      try {
        const w = await win.embed(x);
        expect(w.frames).toBe(seq.frames);
        let compared = 0;
        for (let i = 0; i < seq.data.length; i++) {
          if (batchSize >= seq.frames || seq.data[i]! > max - 80 + 1e-3) {
            expect(Math.abs(w.data[i]! - seq.data[i]!), `value ${i}, batchSize ${batchSize}`).toBeLessThanOrEqual(1e-3);
            compared++;
          }
        }
        expect(compared).toBeGreaterThan(seq.data.length / 2);
      } finally {
        await win.dispose();
      }
    }
  });

  it('a declared geometry the model does not have is a ShapeMismatchError naming both shapes', async () => {
    const wrong = await loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, hopSamples: 320 });
    try {
      await expectSerErrorAsync(() => wrong.embed(new Float32Array(16000)), 'SER_SHAPE_MISMATCH', /returned \[1, 1, 97, 32\].*give \[1, 49, 32\]/);
    } finally {
      await wrong.dispose();
    }
  });

  it('per-utterance normalisation scales the input to zero mean, unit variance', async () => {
    const norm = await loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, inputNormalization: 'per-utterance' });
    try {
      const c = REF.clips[2]!;
      const x = pcm16(c.file, c.samples);
      // Normalisation is a gain (the clip's mean is ~0): in dB, a constant shift in every bin
      // above the floor; the same input at two gains gives the same normalised output.
      const a = await norm.embed(x);
      const b = await norm.embed(Float32Array.from(x, (v) => v * 0.01));
      let d = 0;
      for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
      expect(d).toBeLessThan(1e-3);
      expect(norm.info.inputNormalization).toBe('per-utterance');
    } finally {
      await norm.dispose();
    }
  });

  it('loads from bytes to the same numbers; sha256 is checked', async () => {
    const bytes = new Uint8Array(readFileSync(MEL));
    const b = await loadOnnxFrontEnd(bytes, { ...MEL_OPTIONS, sha256: SPEECH_EMBEDDING_FILES.melspectrogram.sha256, fileName: 'melspectrogram.onnx' });
    try {
      expect(b.info.files).toEqual(fe.info.files);
      const x = new Float32Array(20000).map((_, i) => 3000 * Math.sin(i / 7));
      expect((await b.embed(x)).data).toEqual((await fe.embed(x)).data);
    } finally {
      await b.dispose();
    }
    const err = await expectSerErrorAsync(() => loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, sha256: SPEECH_EMBEDDING_FILES.embedding.sha256 }), 'SER_FRONT_END_MISMATCH', /not the expected file/);
    expect(err).toMatchObject({ expected: SPEECH_EMBEDDING_FILES.embedding.sha256, actual: SPEECH_EMBEDDING_FILES.melspectrogram.sha256 });
  });

  it('a missing file is an IoError, or a FrontEndMismatchError when a SHA-256 is expected', async () => {
    await expectSerErrorAsync(() => loadOnnxFrontEnd(join(MODELS, 'nope.onnx'), MEL_OPTIONS), 'SER_IO', /no such file/);
    const err = await expectSerErrorAsync(() => loadOnnxFrontEnd(join(MODELS, 'nope.onnx'), { ...MEL_OPTIONS, sha256: 'a'.repeat(64) }), 'SER_FRONT_END_MISMATCH', /nope\.onnx is missing/);
    expect(err).toMatchObject({ actual: null, file: 'nope.onnx' });
  });

  it('refuses bad options, names and inputs with typed errors', async () => {
    await expectSerErrorAsync(() => loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, dim: 0 }), 'SER_INVALID_ARGUMENT', /dim must be an integer/);
    await expectSerErrorAsync(() => loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, name: '' }), 'SER_INVALID_ARGUMENT', /name/);
    await expectSerErrorAsync(() => loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, inputNormalization: 'per-frame' }), 'SER_INVALID_ARGUMENT', /needs mode 'window'/);
    await expectSerErrorAsync(() => loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, mode: 'frames' as 'window' }), 'SER_INVALID_ARGUMENT', /mode/);
    await expectSerErrorAsync(() => loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, inputName: 'audio' }), 'SER_INVALID_ARGUMENT', /no input named 'audio' \(its inputs: input\)/);
    await expectSerErrorAsync(() => loadOnnxFrontEnd(MEL, { ...MEL_OPTIONS, sha256: 'xyz' }), 'SER_INVALID_ARGUMENT', /64 hex digits/);
    await expectSerErrorAsync(() => loadOnnxFrontEnd(new TextEncoder().encode('{"not":"onnx"}'), MEL_OPTIONS), 'SER_MODEL_FORMAT', /could not be loaded as an ONNX model/);
    await expectSerErrorAsync(() => loadOnnxFrontEnd(new Uint8Array(0), MEL_OPTIONS), 'SER_IO', /empty/);
    await expectSerErrorAsync(() => fe.embed(Float32Array.of(1, Infinity)), 'SER_INVALID_ARGUMENT', /samples\[1\] is Infinity/);
  });

  it('an input of the wrong rank is a ShapeMismatchError (embedding_model.onnx is not an audio model)', async () => {
    const emb = await loadOnnxFrontEnd(join(MODELS, 'embedding_model.onnx'), { ...MEL_OPTIONS, dim: 96 });
    try {
      await expectSerErrorAsync(() => emb.embed(new Float32Array(1000)), 'SER_SHAPE_MISMATCH', /onnxruntime refused input \[1, 1000\]/);
    } finally {
      await emb.dispose();
    }
  });

  it('dispose is idempotent; a call made before it completes, later ones are refused', async () => {
    const f = await loadOnnxFrontEnd(MEL, MEL_OPTIONS);
    const pending = f.embed(new Float32Array(2000));
    await f.dispose();
    await f.dispose();
    expect((await pending).frames).toBe(frontEndFrames(f.info, 2000));
    await expectSerErrorAsync(() => f.embed(new Float32Array(2000)), 'SER_INVALID_ARGUMENT', /after dispose/);
  });
});
