/**
 * Does the distance of a clip's utterance statistics from the training data (mean squared z-score
 * under the statistics head's standardisation) tell in-domain from out-of-domain clips, and does a
 * temperature that grows with it calibrate both? Uses the saved fold models (../runs) and their
 * out-of-fold predictions (docs/eval).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AudioDecoder } from '../../src/audio/audio-decoder.js';
import { initBackend } from '../../src/backends/select.js';
import { EmotionRecognizer } from '../../src/recognizer/emotion-recognizer.js';

await initBackend('auto');
const abs = (p: string) => (p.startsWith('corpora/') ? resolve('..', p) : resolve('../shared/data', p));
const names = ['loco-ravdess', 'loco-tess', 'loco-nemo', 'loco-turev-db', 'loco-emotiontts-open', 'cv-ravdess-1', 'cv-ravdess-2', 'cv-ravdess-3', 'cv-ravdess-4'];
const dec = new AudioDecoder();
const out: Record<string, number[]> = {};
for (const name of names) {
  const ev = JSON.parse(readFileSync(join('docs/eval', `${name}.json`), 'utf8')) as { clips: { path: string }[] };
  const r = await EmotionRecognizer.load(join('../runs', name));
  const p = r.predictor.pipeline;
  const head = r.predictor.members[0]!.head!;
  const j = head.classifier.toJSON();
  const d: number[] = [];
  for (const c of ev.clips) {
    const a = await dec.decodeFile(abs(c.path));
    const v = head.stats.compute(p.windowSpeech(p.prepare(a.samples, a.sampleRate)));
    let s = 0;
    for (let k = 0; k < v.length; k++) s += ((v[k]! - j.mean[k]!) / j.scale[k]!) ** 2;
    d.push(s / v.length);
  }
  out[name] = d;
  const sorted = [...d].sort((a, b) => a - b);
  console.log(`${name}: median d ${sorted[sorted.length >> 1]!.toFixed(2)} p10 ${sorted[Math.floor(sorted.length * 0.1)]!.toFixed(2)} p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(2)}`);
  await r.dispose();
}
writeFileSync('../cache/domain-distance.json', JSON.stringify(out));
