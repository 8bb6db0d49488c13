/**
 * Re-score saved leave-one-corpus-out fold models (../runs/loco-*) with other statistics-head
 * fusion weights (0 = CNN only, 1 = head only), with and without adaptation. No retraining.
 *   npx tsx scripts/experiments/fusion-weights.ts --runs loco-tess,loco-ravdess
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AudioDecoder } from '../../src/audio/audio-decoder.js';
import { initBackend } from '../../src/backends/select.js';
import { StatsHead } from '../../src/model/stats-head.js';
import { EmotionRecognizer } from '../../src/recognizer/emotion-recognizer.js';
import { EMOTIONS } from '../../src/types.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, weights: { type: 'string', default: '0,0.25,0.5,0.75,1' }, limit: { type: 'string' } } });
const abs = (p: string) => (p.startsWith('corpora/') ? resolve('..', p) : resolve('../shared/data', p));
await initBackend('auto');
for (const name of values.runs!.split(',')) {
  const ev = JSON.parse(readFileSync(join('docs/eval', `${name}.json`), 'utf8')) as { clips: { path: string; label: string }[]; classesPresent: string[] };
  const r = await EmotionRecognizer.load(join('../runs', name));
  const p = r.predictor.pipeline;
  const dec = new AudioDecoder({ sampleRate: 16000 });
  const clips = values.limit ? ev.clips.filter((_, i) => i % Math.ceil(ev.clips.length / Number(values.limit)) === 0) : ev.clips;
  const mats = [];
  const speech = [];
  for (const c of clips) {
    const a = await dec.decodeFile(abs(c.path));
    const x = p.prepare(a.samples, a.sampleRate);
    mats.push(p.windowFeatures(x));
    speech.push(p.windowSpeech(x));
  }
  const y = clips.map((c) => EMOTIONS.indexOf(c.label as never));
  const base = r.predictor.members.map((m) => m.head!);
  const line: string[] = [];
  for (const adapt of [false, true]) {
    if (adapt) r.predictor.adapt(mats, speech);
    for (const w of values.weights!.split(',').map(Number)) {
      r.predictor.members.forEach((m, i) => r.predictor.setHead(i, StatsHead.fromJSON({ ...(adapt ? m.head! : base[i]!).toJSON(), weight: w }, { classes: 6, sampleRate: 16000 })));
      const preds = r.predictor.predictFeatures(mats, speech);
      const rec = new Map<number, [number, number]>();
      preds.forEach((q, i) => { const t = y[i]!; const e = rec.get(t) ?? [0, 0]; e[1]++; if (EMOTIONS.indexOf(q.label as never) === t) e[0]++; rec.set(t, e); });
      const uar = [...rec.values()].reduce((s, [a, n]) => s + a / n, 0) / rec.size;
      line.push(`${adapt ? 'A' : ''}w${w}:${(uar * 100).toFixed(1)}`);
    }
  }
  console.log(`${name} (${clips.length}): ${line.join(' ')}`);
  await r.dispose();
}
