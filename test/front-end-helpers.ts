/**
 * A small deterministic front end in plain TypeScript, for testing the front-end integration
 * without a neural runtime: 8 kHz input, 40 ms windows (320 samples) every 20 ms (160 samples),
 * three values per window — log-energy, RMS frequency (a spectral-centroid-like brightness, kHz)
 * and zero-crossing rate — each scaled and offset by the parameters in its one weight file
 * (test/fixtures/front-end/test-front-end.json), which its info names by SHA-256 like a real model.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frontEndFrames, type Embeddings, type FrontEnd, type FrontEndInfo } from '../src/features/front-end.js';
import { ROOT } from './helpers.js';

/** Folder of the test front end's weight file. */
export const TEST_FRONT_END_DIR = join(ROOT, 'test', 'fixtures', 'front-end');
export const TEST_FRONT_END_FILE = 'test-front-end.json';

/** The test front end, counting its calls. */
export class TestFrontEnd implements FrontEnd {
  readonly info: FrontEndInfo;
  /** Calls of embed so far. */
  calls = 0;
  /** Total samples embedded so far. */
  samples = 0;
  disposed = false;
  readonly #scale: number[];
  readonly #offset: number[];

  constructor(params: { scale: number[]; offset: number[] }, sha256: string, overrides: Partial<FrontEndInfo> = {}) {
    this.#scale = params.scale;
    this.#offset = params.offset;
    this.info = {
      name: 'test-energy-brightness-zcr',
      runtime: 'onnx',
      sampleRate: 8000,
      windowSamples: 320,
      hopSamples: 160,
      dim: 3,
      inputNormalization: 'none',
      files: [{ name: TEST_FRONT_END_FILE, sha256 }],
      ...overrides,
    };
  }

  async embed(samples: Float32Array): Promise<Embeddings> {
    this.calls++;
    this.samples += samples.length;
    const { windowSamples: w, hopSamples: h, sampleRate } = this.info;
    let x = samples;
    if (samples.length < w) {
      x = new Float32Array(w); // zero-padded to one window, as the contract says
      x.set(samples);
    }
    const frames = frontEndFrames(this.info, samples.length);
    const data = new Float32Array(frames * 3);
    for (let i = 0; i < frames; i++) {
      let e = 0;
      let d = 0;
      let z = 0;
      for (let j = i * h; j < i * h + w; j++) {
        e += x[j]! * x[j]!;
        if (j > i * h) {
          d += (x[j]! - x[j - 1]!) ** 2;
          if (x[j]! >= 0 !== x[j - 1]! >= 0) z++;
        }
      }
      // RMS frequency: sqrt(E[x'^2] / E[x^2]) · sr / 2π (the spectral centroid of the power spectrum's second moment)
      const rmsHz = e > 1e-12 ? (Math.sqrt(d / e) * sampleRate) / (2 * Math.PI) : 0;
      const v = [Math.log10(e / w + 1e-10), rmsHz / 1000, z / (w - 1)];
      for (let k = 0; k < 3; k++) data[i * 3 + k] = this.#scale[k]! * v[k]! + this.#offset[k]!;
    }
    return { frames, dim: 3, data };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** Load the test front end from a folder holding its weight file (a FrontEndLoader). */
export async function loadTestFrontEnd(dir: string = TEST_FRONT_END_DIR, overrides: Partial<FrontEndInfo> = {}): Promise<TestFrontEnd> {
  const bytes = readFileSync(join(dir, TEST_FRONT_END_FILE));
  const sha = createHash('sha256').update(bytes).digest('hex');
  return new TestFrontEnd(JSON.parse(bytes.toString('utf8')) as { scale: number[]; offset: number[] }, sha, overrides);
}
