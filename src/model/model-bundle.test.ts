import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSerErrorAsync } from '../../test/helpers.js';
import { ModelFormatError } from '../errors.js';
import { createRng, randn } from '../internal/rng.js';
import { LIBRARY_VERSION } from '../version.js';
import { resolveCnnLstmConfig, type CnnLstmOptions } from './cnn-lstm-config.js';
import { buildCnnLstm, cnnLstmConfigOf } from './cnn-lstm.js';
import { BUNDLE_FORMAT, loadBundle, saveBundle, type BundleMetadata, type BundleMetadataInput } from './model-bundle.js';

const OPTS: CnnLstmOptions = { inputFrames: 10, inputBins: 4, filters: 6, lstmLayers: 2, lstmUnits: 5, denseUnits: 7, numClasses: 3, bidirectional: true };
const LABELS = ['calm', 'happy', 'sad'];
const META: BundleMetadataInput = {
  labels: LABELS,
  audio: { sampleRate: 22050, durationSec: 2.5 },
  features: { nMfcc: 4, hopLength: 512 },
  input: { frames: 10, bins: 4 },
  scaler: { mean: [0, 1, 2, 3], scale: [1, 1, 1, 1] },
  training: { epochs: 3 },
};

let root: string;
let x: tf.Tensor3D;
let model: ReturnType<typeof buildCnnLstm>;
let saved: BundleMetadata;
let good: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'er-bundle-'));
  const rng = createRng(11);
  x = tf.tensor3d(Float32Array.from({ length: 3 * 10 * 4 }, () => randn(rng)), [3, 10, 4]);
  model = buildCnnLstm(OPTS);
  good = join(root, 'good');
  saved = await saveBundle(good, { model, metadata: META });
});

afterAll(() => {
  model.dispose();
  x.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** A fresh copy of the good bundle with `edit` applied to its files. */
let copies = 0;
function corrupt(edit: (dir: string) => void): string {
  const dir = join(root, `bad-${copies++}`);
  for (const f of ['model.json', 'weights.bin', 'metadata.json']) {
    const src = join(good, f);
    if (!existsSync(dir)) require('node:fs').mkdirSync(dir);
    writeFileSync(join(dir, f), readFileSync(src));
  }
  edit(dir);
  return dir;
}
function editJson(dir: string, file: string, fn: (j: Record<string, unknown>) => void): void {
  const j = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  fn(j);
  writeFileSync(join(dir, file), JSON.stringify(j));
}

describe('saveBundle / loadBundle (folder)', () => {
  it('writes model.json, weights.bin and metadata.json with the SHA-256 of the weights', async () => {
    const modelJson = JSON.parse(readFileSync(join(good, 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: expect.any(Array) }]);
    const weights = readFileSync(join(good, 'weights.bin'));
    const expectedBytes = model.getWeights().reduce((n, w) => n + 4 * w.size, 0);
    expect(weights.byteLength).toBe(expectedBytes);
    const sha = Buffer.from(await crypto.subtle.digest('SHA-256', weights)).toString('hex');
    const meta = JSON.parse(readFileSync(join(good, 'metadata.json'), 'utf8'));
    expect(meta).toEqual(saved);
    expect(meta.weightsSha256).toBe(sha);
    expect(meta.format).toBe(BUNDLE_FORMAT);
    expect(meta.formatVersion).toBe(1);
    expect(meta.libraryVersion).toBe(LIBRARY_VERSION);
    expect(meta.model).toEqual(resolveCnnLstmConfig(OPTS));
  });

  it('round-trips to identical predictions, metadata and config, leaking no tensors', async () => {
    const warm = await loadBundle(good);
    warm.model.dispose();
    const before = tf.memory().numTensors;
    const { model: loaded, metadata } = await loadBundle(good);
    expect(metadata).toEqual(saved);
    expect(cnnLstmConfigOf(loaded)).toEqual(resolveCnnLstmConfig(OPTS));
    const [a, b] = tf.tidy(() => [(model.predict(x) as tf.Tensor).dataSync(), (loaded.predict(x) as tf.Tensor).dataSync()]);
    expect([...b!]).toEqual([...a!]);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts file:// URLs', async () => {
    const { model: loaded } = await loadBundle(`file://${good}`);
    expect(loaded.outputs[0]!.shape).toEqual([null, 3]);
    loaded.dispose();
  });

  it.each<[string, (dir: string) => void, string, RegExp]>([
    ['truncated weights.bin', (d) => writeFileSync(join(d, 'weights.bin'), readFileSync(join(d, 'weights.bin')).subarray(0, 1000)), 'weights', /must be \d+ bytes .*\(got 1000\)\. The weights file is truncated: Re-download/],
    ['one tampered weight byte', (d) => {
      const w = readFileSync(join(d, 'weights.bin'));
      w[123] = w[123]! ^ 0x40;
      writeFileSync(join(d, 'weights.bin'), w);
    }, 'weightsSha256', /SHA-256 [0-9a-f]{64} as recorded .*modified or corrupted/],
    ['wrong label count', (d) => editJson(d, 'metadata.json', (m) => (m['labels'] = ['a', 'b', 'c', 'd'])), 'labels', /one entry per output unit, 3 \(got 4\)/],
    ['wrong input frames', (d) => editJson(d, 'metadata.json', (m) => (m['input'] = { frames: 12, bins: 4 })), 'input', /match the model input \[10, 4\] \(got \[12, 4\]\)/],
    ['missing weights.bin', (d) => unlinkSync(join(d, 'weights.bin')), 'weights.bin', /weights\.bin must exist/],
    ['missing model.json', (d) => unlinkSync(join(d, 'model.json')), 'model.json', /model\.json must exist/],
    ['missing metadata.json', (d) => unlinkSync(join(d, 'metadata.json')), 'metadata.json', /metadata\.json must exist/],
    ['garbage model.json', (d) => writeFileSync(join(d, 'model.json'), '{"modelTopology": [1, 2'), 'model.json', /model\.json must be valid UTF-8 JSON/],
    ['garbage metadata.json', (d) => writeFileSync(join(d, 'metadata.json'), 'not json at all'), 'metadata.json', /metadata\.json must be valid UTF-8 JSON/],
    ['another format', (d) => editJson(d, 'metadata.json', (m) => (m['format'] = 'keras')), 'format', /metadata\.format must be 'emotion-recog-bundle' \(got "keras"\)/],
    ['a newer format version', (d) => editJson(d, 'metadata.json', (m) => (m['formatVersion'] = 2)), 'formatVersion', /formatVersion must be 1 \(got 2\)\. Upgrade emotion-recog/],
    ['a zero calibration temperature', (d) => editJson(d, 'metadata.json', (m) => (m['calibration'] = { method: 'temperature', temperature: 0 })), 'calibration', /calibration must be \{ method: 'temperature', temperature in \[0\.01, 100\] \}/],
    ['an unknown calibration method', (d) => editJson(d, 'metadata.json', (m) => (m['calibration'] = { method: 'isotonic', temperature: 2 })), 'calibration', /calibration must be/],
    ['a malformed sha', (d) => editJson(d, 'metadata.json', (m) => (m['weightsSha256'] = 'abc')), 'weightsSha256', /64 lower-case hex digits/],
    ['a bad model config', (d) => editJson(d, 'metadata.json', (m) => (m['model'] = { ...(m['model'] as object), lstmUnits: 0 })), 'model', /valid CnnLstm config .*lstmUnits/],
    ['a weight path leaving the folder', (d) => editJson(d, 'model.json', (m) => ((m['weightsManifest'] as { paths: string[] }[])[0]!.paths = ['../good/weights.bin'])), 'weightsManifest', /plain names inside the bundle folder/],
    ['a topology that does not match the weights', (d) => editJson(d, 'model.json', (m) => {
      const t = JSON.stringify(m['modelTopology']).replace('"units":7', '"units":8');
      m['modelTopology'] = JSON.parse(t);
    }), 'modelTopology', /tfjs says: Shape mismatch/],
  ])('throws SER_MODEL_FORMAT for %s, naming the field', async (_name, edit, field, pattern) => {
    const dir = corrupt(edit);
    const before = tf.memory().numTensors;
    const err = await expectSerErrorAsync(() => loadBundle(dir), 'SER_MODEL_FORMAT', pattern);
    expect(err).toBeInstanceOf(ModelFormatError);
    expect((err as ModelFormatError).field).toBe(field);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws SER_MODEL_FORMAT when the manifest shapes do not fit the layers (same byte count)', async () => {
    const dir = corrupt((d) =>
      editJson(d, 'model.json', (m) => {
        const specs = (m['weightsManifest'] as { weights: { shape: number[] }[] }[])[0]!.weights;
        specs[0]!.shape = [specs[0]!.shape[0]!, specs[0]!.shape[2]!, specs[0]!.shape[1]!];
      }),
    );
    const before = tf.memory().numTensors;
    const err = await expectSerErrorAsync(() => loadBundle(dir), 'SER_MODEL_FORMAT', /tfjs says/);
    expect((err as ModelFormatError).field).toBe('modelTopology');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to save metadata that contradicts the model', async () => {
    await expectSerErrorAsync(() => saveBundle(join(root, 'x'), { model, metadata: { ...META, labels: ['a', 'b'] } }), 'SER_INVALID_ARGUMENT', /metadata\.labels must be 3 strings/);
    await expectSerErrorAsync(() => saveBundle(join(root, 'y'), { model, metadata: { ...META, input: { frames: 9, bins: 4 } } }), 'SER_INVALID_ARGUMENT', /metadata\.input must match the model input \[10, 4\]/);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});

describe('saveBundle / loadBundle (tf.io)', () => {
  it('round-trips through an IOHandler with the metadata in userDefinedMetadata', async () => {
    let artifacts: tf.io.ModelArtifacts | undefined;
    const meta = await saveBundle(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
      { model, metadata: META },
    );
    expect(artifacts!.userDefinedMetadata).toEqual(meta);
    const { model: loaded, metadata } = await loadBundle(tf.io.fromMemory(artifacts!));
    expect(metadata).toEqual(meta);
    const [a, b] = tf.tidy(() => [(model.predict(x) as tf.Tensor).dataSync(), (loaded.predict(x) as tf.Tensor).dataSync()]);
    expect([...b!]).toEqual([...a!]);
    loaded.dispose();
  });

  it('detects tampering through an IOHandler too', async () => {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await saveBundle(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })), { model, metadata: META });
    const bytes = new Uint8Array((artifacts!.weightData as ArrayBuffer).slice(0));
    bytes[7] = bytes[7]! ^ 1;
    const err = await expectSerErrorAsync(() => loadBundle(tf.io.fromMemory({ ...artifacts!, weightData: bytes.buffer })), 'SER_MODEL_FORMAT');
    expect((err as ModelFormatError).field).toBe('weightsSha256');
  });

  describe('over http', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const file = join(good, (req.url ?? '/').replace(/^\/bundle\//, ''));
        if (!existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200).end(readFileSync(file));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bundle/`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('loads a folder bundle from its URL, reading metadata.json beside model.json', async () => {
      const { model: loaded, metadata } = await loadBundle(base);
      expect(metadata).toEqual(saved);
      const [a, b] = tf.tidy(() => [(model.predict(x) as tf.Tensor).dataSync(), (loaded.predict(x) as tf.Tensor).dataSync()]);
      expect([...b!]).toEqual([...a!]);
      loaded.dispose();
    });
  });
});
