/**
 * Live-path speed in headless Chromium: the example page listens to a fake microphone playing
 * a RAVDESS clip; per hop it resamples the newest window (context rate → 16 kHz), computes
 * features and runs the model. Prints one JSON line per configuration with the median compute
 * per hop and per second of audio (warm-up hop excluded).
 *
 *   npm run build && npx tsx bench/browser-live.ts [seconds=12] [SER_MODEL_DIR=models/default]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { parseWav } from '../src/audio/wav.js';
import { resample } from '../src/audio/resample.js';
import { serveStatic } from '../test/browser/static-server.js';
import { encodeWav16 } from '../test/write-wav.js';

const seconds = Number(process.argv[2] ?? 12);
const root = resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'ser-bench-browser-'));
process.env.SER_MODEL_DIR ??= join(root, 'models', 'default');
process.env.SER_EXAMPLE_OUT = join(tmp, 'site');
await build({ configFile: join(root, 'examples', 'browser', 'vite.config.ts'), logLevel: 'warn' });
const server = await serveStatic(join(tmp, 'site'));

const clip = parseWav(new Uint8Array(readFileSync(join(root, '..', 'shared', 'data', 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav')))).channelData[0]!;
const up = resample(clip, 16000, 48000);
const stereo = new Float32Array(up.length * 2);
for (let i = 0; i < up.length; i++) stereo[2 * i] = stereo[2 * i + 1] = up[i]!;
writeFileSync(join(tmp, 'mic.wav'), encodeWav16(stereo, 48000, 2));

const context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
    '--enable-unsafe-swiftshader', '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${join(tmp, 'mic.wav')}`],
});
const median = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1] ?? NaN;
try {
  for (const [backend, engine] of [['wasm', 'auto'], ['wasm', 'tfjs'], ['cpu', 'tfjs'], ['webgl', 'tfjs']] as const) {
    const page = await context.newPage();
    await page.goto(`${server.url}?backend=${backend}&engine=${engine}`);
    await page.waitForFunction(() => (window as any).__ser?.ready || (window as any).__ser?.error, null, { timeout: 60_000 });
    await page.click('#mic');
    await page.waitForTimeout(seconds * 1000);
    await page.click('#mic');
    const r = await page.evaluate(() => ({ info: (window as any).__ser.info, mic: (window as any).__ser.mic, live: (window as any).__ser.live.map((x: any) => [x.computeMs, x.featuresMs]) }));
    const live = (r.live as [number, number][]).slice(1);
    const compute = median(live.map((x) => x[0]));
    console.log(JSON.stringify({
      bench: 'browser-live', browser: `Chromium ${context.browser()?.version() ?? ''}`.trim(), backend: r.info.backend, engine: r.info.engine,
      micRate: r.mic.sampleRate, hopSec: 0.5, windowSec: r.info.windowSec, hops: live.length,
      medianComputeMs: +compute.toFixed(2), medianFeaturesMs: +median(live.map((x) => x[1])).toFixed(2), msPerSecondOfAudio: +(compute / 0.5).toFixed(2),
    }));
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}
