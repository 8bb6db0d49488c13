/**
 * Google's speech_embedding in Chromium: the library's ONNX front end (bundled for the browser by
 * esbuild from src/) runs on onnxruntime-web (WebAssembly, its `ort.wasm.min.js` script build
 * found as `globalThis.ort`, its .wasm files at a configured `wasmPaths`), loads both ONNX files
 * by URL, checks their SHA-256 with WebCrypto and embeds real clips. The numbers must equal
 * Node's (onnxruntime-node) within 1e-4 and the independent numpy reference within 2e-4.
 *
 * Tolerance: the same float32 graph on two CPU kernels sets (onnxruntime's native MLAS vs its
 * WebAssembly SIMD build); embeddings reach ±56, measured max diff between them 7.0e-5 (RAVDESS
 * Actor_01 clip; 5.3e-5, 4.6e-5 on the others), i.e. ~1e-6 relative.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '../../src/audio/wav.js';
import { loadSpeechEmbedding } from '../../src/front-ends/speech-embedding.js';
import { DATA, ROOT, SHARED } from '../helpers.js';
import { oneChromiumAtATime } from './chromium-lock.js';
import { CHROMIUM, runPage, type PageRun } from './run-page.js';

const MODELS = join(SHARED, 'models', 'speech-embedding');
const ORT_DIST = join(ROOT, 'node_modules', 'onnxruntime-web', 'dist');
const ready = existsSync(join(MODELS, 'embedding_model.onnx')) && existsSync(DATA) && existsSync(CHROMIUM) && existsSync(ORT_DIST);
if (!ready) console.warn(`ONNX browser test skipped: needs ${MODELS}, ${DATA}, ${CHROMIUM} and onnxruntime-web`);

const REF = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'speech-embedding-ref.json'), 'utf8')) as {
  clips: { file: string; samples: number; frames: number; embeddings: Record<string, number[]> }[];
};
const CLIPS = REF.clips.slice(0, 3);
const NODE_TOL = 1e-4;
const REF_TOL = 2e-4;

/** The page: loads the front end from URLs, embeds each clip (raw float32 files), reports everything on window.__onnx. */
const ENTRY = `
import { loadSpeechEmbedding } from ${JSON.stringify(join(ROOT, 'src', 'front-ends', 'speech-embedding.ts'))};
const out = window.__onnx = { done: false, error: null, info: null, results: [], runtime: null, disposedError: null };
(async () => {
  try {
    const base = new URL('./models/', location.href).href;
    const fe = await loadSpeechEmbedding(base, {
      wasmPaths: { mjs: new URL('./ort/ort-wasm-simd-threaded.js', location.href).href, wasm: new URL('./ort/ort-wasm-simd-threaded.wasm', location.href).href },
      wasmThreads: 1,
    });
    out.info = fe.info;
    out.runtime = typeof globalThis.ort?.InferenceSession?.create;
    for (let i = 0; i < ${CLIPS.length}; i++) {
      const x = new Float32Array(await (await fetch('./clip' + i + '.f32')).arrayBuffer());
      const e = await fe.embed(x);
      out.results.push({ frames: e.frames, dim: e.dim, data: Array.from(e.data) });
    }
    await fe.dispose();
    try { await fe.embed(new Float32Array(10)); } catch (e) { out.disposedError = e.code; }
  } catch (e) {
    out.error = String(e && e.stack || e) + (e && e.code ? ' [' + e.code + ']' : '');
  }
  out.done = true;
})();
`;

interface PageResult {
  done: boolean;
  error: string | null;
  info: unknown;
  runtime: string | null;
  disposedError: string | null;
  results: { frames: number; dim: number; data: number[] }[];
}

describe.skipIf(!ready)('speech_embedding on onnxruntime-web in Chromium', () => {
  let tmp: string;
  let run: PageRun<PageResult> | undefined;
  let clips: Float32Array[];
  let result: PageResult;
  let pageErrors: readonly string[];

  oneChromiumAtATime();
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ser-onnx-browser-'));
    const site = join(tmp, 'site');
    mkdirSync(join(site, 'models'), { recursive: true });
    mkdirSync(join(site, 'ort'), { recursive: true });
    for (const f of ['melspectrogram.onnx', 'embedding_model.onnx']) copyFileSync(join(MODELS, f), join(site, 'models', f));
    copyFileSync(join(ORT_DIST, 'ort.wasm.min.js'), join(site, 'ort', 'ort.wasm.min.js'));
    copyFileSync(join(ORT_DIST, 'ort-wasm-simd-threaded.wasm'), join(site, 'ort', 'ort-wasm-simd-threaded.wasm'));
    // Served as .js (the static server's JavaScript type) and named through wasmPaths.mjs.
    copyFileSync(join(ORT_DIST, 'ort-wasm-simd-threaded.mjs'), join(site, 'ort', 'ort-wasm-simd-threaded.js'));
    clips = CLIPS.map((c) => parseWav(new Uint8Array(readFileSync(join(DATA, c.file)))).channelData[0]!.subarray(0, c.samples));
    clips.forEach((x, i) => writeFileSync(join(site, `clip${i}.f32`), new Uint8Array(x.buffer, x.byteOffset, x.byteLength)));
    writeFileSync(join(tmp, 'entry.js'), ENTRY);
    const bundle = await build({ entryPoints: [join(tmp, 'entry.js')], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', outfile: join(site, 'app.js'), logLevel: 'silent', metafile: true });
    // The library's bundle holds no onnxruntime code: it finds the runtime at run time.
    expect(Object.keys(bundle.metafile!.inputs).filter((p) => p.includes('onnxruntime'))).toEqual([]);
    writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>onnx front end</title><script src="./ort/ort.wasm.min.js"></script><script type="module" src="./app.js"></script>');
    run = await runPage<PageResult>(site, '__onnx', 90_000);
    ({ result, pageErrors } = run);
  }, 150_000);

  afterAll(async () => {
    await run?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('loads both files by URL on globalThis.ort (onnxruntime-web) with their SHA-256 checked', async () => {
    expect(result.error).toBeNull();
    expect(pageErrors).toEqual([]);
    expect(result.runtime).toBe('function');
    const node = await loadSpeechEmbedding(MODELS);
    try {
      expect(result.info).toEqual(JSON.parse(JSON.stringify(node.info)));
    } finally {
      await node.dispose();
    }
    expect(result.disposedError).toBe('SER_INVALID_ARGUMENT');
  });

  it('embeds real clips to Node’s numbers (≤ 1e-4) and the numpy reference (≤ 2e-4)', async () => {
    expect(result.results.length).toBe(CLIPS.length);
    const node = await loadSpeechEmbedding(MODELS);
    try {
      for (let i = 0; i < CLIPS.length; i++) {
        const web = result.results[i]!;
        const ref = CLIPS[i]!;
        const n = await node.embed(clips[i]!);
        expect(web.frames).toBe(ref.frames);
        expect(web.frames).toBe(n.frames);
        expect(web.dim).toBe(96);
        let d = 0;
        for (let k = 0; k < n.data.length; k++) d = Math.max(d, Math.abs(web.data[k]! - n.data[k]!));
        expect(d, `${ref.file}: max |chromium − node|`).toBeLessThanOrEqual(NODE_TOL);
        console.log(`speech_embedding ${ref.file}: max |chromium − node| = ${d.toExponential(2)}`);
        for (const [f, row] of Object.entries(ref.embeddings)) {
          for (let j = 0; j < 96; j++) expect(Math.abs(web.data[+f * 96 + j]! - row[j]!), `${ref.file} frame ${f} dim ${j}`).toBeLessThanOrEqual(REF_TOL);
        }
      }
    } finally {
      await node.dispose();
    }
  });
});
