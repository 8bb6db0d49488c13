/**
 * Why live windows are trimmed and gated (src/browser/live-window.ts): each RAVDESS clip of a
 * few actors is placed in 2 s of −60 dBFS noise on each side, windows of the model length are
 * cut every 0.5 s (as `listen` does), and the shipped model labels them four ways: raw or
 * trimmed+centred (recognize()'s preparation), all windows or only those with ≥ minSpeechSec
 * of speech. Prints one JSON line. The actors are in the model's training set, so compare the
 * rows with each other, not with held-out accuracy.
 *
 *   npx tsx bench/live-window-accuracy.ts [Actor_03,Actor_08,...]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIVE_WINDOW_DEFAULTS, liveWindowInput, speechSeconds } from '../src/browser/live-window.js';
import { createRng } from '../src/internal/rng.js';
import { EmotionRecognizer, parseWav } from '../src/index.js';

const actors = (process.argv[2] ?? 'Actor_03,Actor_08,Actor_13,Actor_18').split(',');
const EMOTION: Record<string, string> = { '01': 'neutral', '03': 'happy', '04': 'sad', '05': 'angry', '06': 'fear', '07': 'disgust' };
const recognizer = await EmotionRecognizer.load();
const { predictor } = recognizer;
const { pipeline } = predictor;
const w = pipeline.windowSamples;
const rng = createRng(7);
const acc: Record<string, number[]> = {};
const add = (k: string, ok: boolean) => (acc[k] ??= []).push(ok ? 1 : 0);
for (const actor of actors) {
  const dir = join('..', 'shared', 'data', 'ravdess-16k', actor);
  for (const f of readdirSync(dir).sort()) {
    const label = EMOTION[f.split('-')[2]!];
    if (!label) continue;
    const clip = parseWav(new Uint8Array(readFileSync(join(dir, f)))).channelData[0]!;
    const x = new Float32Array(clip.length + 64000);
    x.set(clip, 32000);
    for (let i = 0; i < x.length; i++) x[i]! += (rng() * 2 - 1) * 1e-3 * Math.sqrt(3); // uniform noise, −60 dBFS RMS
    const best: Record<string, { c: number; ok: boolean }> = {};
    for (let s = 0; s + w <= x.length; s += 8000) {
      const win = x.subarray(s, s + w);
      const speech = speechSeconds(win, 16000) >= LIVE_WINDOW_DEFAULTS.minSpeechSec;
      for (const trim of [false, true]) {
        const { features, speech } = liveWindowInput(pipeline, win, { trim });
        const p = predictor.predictFeatures([features], [speech])[0]!;
        const key = trim ? 'trimmed' : 'raw';
        add(`${key} all windows`, p.label === label);
        if (!speech) continue;
        add(`${key} speech windows`, p.label === label);
        if (!best[key] || p.confidence > best[key].c) best[key] = { c: p.confidence, ok: p.label === label };
      }
    }
    for (const key of ['raw', 'trimmed']) if (best[key]) add(`${key} most confident speech window per clip`, best[key].ok);
    add('whole clip (recognize)', predictor.predictSignal(clip, 16000).label === label);
  }
}
console.log(JSON.stringify({ bench: 'live-window-accuracy', actors, ...Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, { n: v.length, accuracy: +(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3) }])) }));
await recognizer.dispose();
