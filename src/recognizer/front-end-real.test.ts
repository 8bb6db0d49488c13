/**
 * A recognizer on a real pretrained front end: Google's speech_embedding (ONNX, onnxruntime-node)
 * from ../shared/models, found by `loadFrontEnd` from the folder alone, trained on real RAVDESS
 * clips with 'concat', saved with its two files, loaded back through the default loader (files
 * verified by SHA-256, adapter picked from the recorded info) with the same predictions.
 * Skipped, with the reason printed, when ../shared/models is not there.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFrontEnd } from '../front-ends/load.js';
import { SPEECH_EMBEDDING_FILES } from '../front-ends/speech-embedding.js';
import { FRONT_END_DIR } from '../model/front-end-files.js';
import { describeShared, expectSerErrorAsync, SHARED } from '../../test/helpers.js';
import { trainTinySpeechEmbeddingRecognizer } from '../../test/tiny-front-end-recognizer.js';
import { EmotionRecognizer } from './emotion-recognizer.js';

const MODELS = join(SHARED, 'models');
const SE = join(MODELS, 'speech-embedding');
const here = existsSync(join(SE, 'embedding_model.onnx'));
if (!here) console.warn(`front-end-real.test: skipped — ${SE} is missing (the small pretrained models live in ../shared/models).`);

const tmp = mkdtempSync(join(tmpdir(), 'ser-front-end-real-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeShared.skipIf(!here)('EmotionRecognizer on speech_embedding (ONNX, real weights)', () => {
  it('trains with --front-end semantics (a path), saves the files, loads them verified and predicts the same', async () => {
    const { items: mine, recognizer } = await trainTinySpeechEmbeddingRecognizer();
    expect(mine.length).toBeGreaterThanOrEqual(12);
    const bundle = join(tmp, 'bundle');
    try {
      const info = recognizer.frontEnd!.info;
      expect(info).toMatchObject({ name: 'speech-embedding', runtime: 'onnx', sampleRate: 16000, dim: 96 });
      expect(info.files).toEqual([SPEECH_EMBEDDING_FILES.melspectrogram, SPEECH_EMBEDDING_FILES.embedding]);
      expect(recognizer.metadata.input).toEqual({ frames: 100, bins: 64 + 96 });
      await recognizer.save(bundle);
      for (const f of info.files) expect(readFileSync(join(bundle, FRONT_END_DIR, f.name))).toEqual(readFileSync(join(SE, f.name)));
      const loaded = await EmotionRecognizer.load(bundle, { backend: 'cpu' });
      try {
        expect(loaded.frontEnd!.info).toEqual(info);
        for (const it of mine.slice(0, 3)) {
          const [a, b] = [await recognizer.recognize(it.path), await loaded.recognize(it.path)];
          for (const l of recognizer.labels) expect(b.scores[l]).toBeCloseTo(a.scores[l]!, 5);
        }
        // the embeddings reach the model: the last 96 channels are the speech embedding, not zeros
        const p = loaded.predictor.pipeline;
        const m = await p.windowFeaturesAsync(p.prepare(...(await decode(mine[0]!.path))));
        let energy = 0;
        for (let t = 0; t < m.frames; t++) for (let k = 64; k < m.bins; k++) energy += m.data[t * m.bins + k]! ** 2;
        expect(energy).toBeGreaterThan(1);
      } finally {
        await loaded.dispose();
      }
      // one flipped byte in the embedding model: refused before onnxruntime sees it
      const bad = join(tmp, 'bad');
      cpSync(bundle, bad, { recursive: true });
      const file = join(bad, FRONT_END_DIR, 'embedding_model.onnx');
      const bytes = readFileSync(file);
      bytes[1000] = bytes[1000]! ^ 0x40;
      writeFileSync(file, bytes);
      const err = await expectSerErrorAsync(() => EmotionRecognizer.load(bad, { backend: 'cpu' }), 'SER_FRONT_END_MISMATCH', /embedding_model\.onnx has SHA-256/);
      expect(err).toMatchObject({ file: 'embedding_model.onnx', expected: SPEECH_EMBEDDING_FILES.embedding.sha256 });
    } finally {
      await recognizer.dispose();
    }
  }, 300_000);

  it('loadFrontEnd says what to add for a folder it cannot load', async () => {
    await expectSerErrorAsync(() => loadFrontEnd(tmp), 'SER_INVALID_ARGUMENT', /front-end\.json/);
  });
});

async function decode(path: string): Promise<[Float32Array, number]> {
  const { AudioDecoder } = await import('../audio/audio-decoder.js');
  const a = await new AudioDecoder({ sampleRate: 16000 }).decodeFile(path);
  return [a.samples, a.sampleRate];
}
