/**
 * CREPE tiny in Chromium through the library's tfjs front end (bundled for the browser by esbuild
 * from src/), on the tfjs wasm backend: loaded by URL (fetch, SHA-256 by WebCrypto) and from
 * IndexedDB (the model saved there by tfjs, then `loadCrepe('indexeddb://…')`). The activations of
 * real RAVDESS windows must equal the independent numpy reference (test/fixtures/crepe-ref.json)
 * within 1e-5 both ways, the URL's file hashes must equal Node's, and no tensor may be left.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCrepe } from '../../src/front-ends/crepe.js';
import { initBackend } from '../../src/backends/select.js';
import { DATA, ROOT, SHARED } from '../helpers.js';
import { readWav } from '../read-pcm16.js';
import { oneChromiumAtATime } from './chromium-lock.js';
import { CHROMIUM, runPage, type PageRun } from './run-page.js';

const MODEL = join(SHARED, 'models', 'crepe-tiny-tfjs');
const TFJS_WASM = join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const ready = existsSync(join(MODEL, 'model.json')) && existsSync(DATA) && existsSync(CHROMIUM);
if (!ready) console.warn(`CREPE browser test skipped: needs ${MODEL}, ${DATA} and ${CHROMIUM}`);

const REF = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'crepe-ref.json'), 'utf8')) as {
  clips: { file: string; samples: number; detail: { frame: number; activation: number[] }[] }[];
};
const TOL = 1e-5;

const ENTRY = `
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadCrepe } from ${JSON.stringify(join(ROOT, 'src', 'front-ends', 'crepe.ts'))};
const out = window.__crepe = { done: false, error: null, backend: null, url: null, idb: null, leftTensors: null };
(async () => {
  try {
    setWasmPaths(new URL('./tfwasm/', location.href).href);
    await tf.setBackend('wasm');
    await tf.ready();
    out.backend = tf.getBackend();
    const x = new Float32Array(await (await fetch('./windows.f32')).arrayBuffer());
    const n0 = tf.memory().numTensors;
    const base = new URL('./crepe/', location.href).href;
    // hopSamples 1024: the concatenated windows are one frame each.
    const viaUrl = await loadCrepe(base, { output: 'activation', hopSamples: 1024 });
    const a = await viaUrl.embed(x);
    out.url = { files: viaUrl.info.files, frames: a.frames, data: Array.from(a.data) };
    await viaUrl.dispose();
    const m = await tfl.loadLayersModel(base + 'model.json');
    await m.save('indexeddb://crepe-tiny');
    m.dispose();
    const viaIdb = await loadCrepe('indexeddb://crepe-tiny', { output: 'activation', hopSamples: 1024 });
    const b = await viaIdb.embed(x);
    out.idb = { files: viaIdb.info.files, frames: b.frames, data: Array.from(b.data) };
    await viaIdb.dispose();
    out.leftTensors = tf.memory().numTensors - n0;
  } catch (e) {
    out.error = String(e && e.stack || e) + (e && e.code ? ' [' + e.code + ']' : '');
  }
  out.done = true;
})();
`;

interface Side {
  files: { name: string; sha256: string }[];
  frames: number;
  data: number[];
}
interface PageResult {
  done: boolean;
  error: string | null;
  backend: string | null;
  url: Side | null;
  idb: Side | null;
  leftTensors: number | null;
}

describe.skipIf(!ready)('CREPE tiny (tfjs wasm) in Chromium: URL and IndexedDB', () => {
  let tmp: string;
  let run: PageRun<PageResult> | undefined;
  let result: PageResult;
  const refs: number[][] = [];
  let pageErrors: readonly string[];

  oneChromiumAtATime();
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ser-crepe-browser-'));
    const site = join(tmp, 'site');
    mkdirSync(join(site, 'crepe'), { recursive: true });
    mkdirSync(join(site, 'tfwasm'), { recursive: true });
    for (const f of readdirSync(MODEL)) copyFileSync(join(MODEL, f), join(site, 'crepe', f));
    for (const f of readdirSync(TFJS_WASM).filter((n) => n.endsWith('.wasm'))) copyFileSync(join(TFJS_WASM, f), join(site, 'tfwasm', f));
    const windows: Float32Array[] = [];
    for (const c of REF.clips) {
      const x = readWav(join(DATA, c.file)).samples.subarray(0, c.samples);
      for (const d of c.detail) {
        windows.push(x.slice(d.frame * 160, d.frame * 160 + 1024));
        refs.push(d.activation);
      }
    }
    const all = new Float32Array(windows.length * 1024);
    windows.forEach((w, i) => all.set(w, i * 1024));
    writeFileSync(join(site, 'windows.f32'), new Uint8Array(all.buffer));
    writeFileSync(join(tmp, 'entry.js'), ENTRY);
    await build({
      entryPoints: [join(tmp, 'entry.js')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      outfile: join(site, 'app.js'),
      logLevel: 'silent',
      nodePaths: [join(ROOT, 'node_modules')],
      // tfjs-backend-wasm's emscripten glue names Node built-ins behind runtime checks.
      external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto', 'url'],
    });
    writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>crepe front end</title><script type="module" src="./app.js"></script>');
    run = await runPage<PageResult>(site, '__crepe', 120_000);
    ({ result, pageErrors } = run);
  }, 180_000);

  afterAll(async () => {
    await run?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('loads by URL with the same SHA-256 as Node and from IndexedDB, leaving no tensor', async () => {
    expect(result.error).toBeNull();
    expect(pageErrors).toEqual([]);
    expect(result.backend).toBe('wasm');
    await initBackend('wasm');
    const node = await loadCrepe(MODEL);
    try {
      expect(result.url!.files).toEqual(JSON.parse(JSON.stringify(node.info.files)));
    } finally {
      await node.dispose();
    }
    expect(result.idb!.files.map((f) => f.name)).toEqual(['topology.json', 'weights.bin']);
    for (const f of result.idb!.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.leftTensors).toBe(0);
  });

  it.each(['url', 'idb'] as const)('%s: activations of real windows equal the numpy reference within 1e-5', (side) => {
    const r = result[side]!;
    expect(r.frames).toBe(refs.length);
    let d = 0;
    refs.forEach((ref, i) => {
      for (let k = 0; k < 360; k++) d = Math.max(d, Math.abs(r.data[i * 360 + k]! - ref[k]!));
    });
    console.log(`CREPE in Chromium via ${side}: max |Δ activation| vs numpy = ${d.toExponential(2)} over ${refs.length} windows`);
    expect(d).toBeLessThan(TOL);
  });
});
