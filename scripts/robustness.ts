/**
 * Accuracy under recording conditions, on speakers the model was not trained on: each fold model
 * that scripts/loco.ts saved (../runs/<name>) is scored on its own test clips (docs/eval/<name>.json)
 * clean, at −20 dB, +6 dB (float, no clipping) and peak-normalised to −1 dBFS, through a telephone
 * channel (300–3400 Hz, 8 kHz, µ-law), in pink noise at 20 dB SNR and in a room (RT60 0.5 s).
 * Also the level-invariance check: the share of clips whose label stays and whose scores move by
 * at most 0.05 (max abs per class) under each level change.
 *
 *   npx tsx scripts/robustness.ts --eval cv-ravdess-1,cv-ravdess-2,cv-ravdess-3,cv-ravdess-4 --out docs/eval/robustness-ravdess.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { muLaw } from '../src/augment/companding.js';
import { addNoise } from '../src/augment/noise.js';
import { reverberate } from '../src/augment/reverb.js';
import { telephoneBand } from '../src/augment/telephone.js';
import { initBackend } from '../src/backends/select.js';
import { EmotionRecognizer } from '../src/recognizer/emotion-recognizer.js';
import { reportFromConfusion } from '../src/train/metrics.js';
import { EMOTIONS } from '../src/types.js';

const { values } = parseArgs({ options: { eval: { type: 'string' }, runs: { type: 'string', default: '../runs' }, results: { type: 'string', default: 'docs/eval' }, out: { type: 'string' }, limit: { type: 'string' } } });
const SR = 16000;
const gain = (x: Float32Array, db: number) => Float32Array.from(x, (v) => v * 10 ** (db / 20));
const peakNorm = (x: Float32Array) => {
  const pk = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return gain(x, -1 - 20 * Math.log10(pk));
};
export const CONDITIONS: Record<string, (x: Float32Array, seed: number) => Float32Array> = {
  clean: (x) => x,
  'level -20 dB': (x) => gain(x, -20),
  'level +6 dB': (x) => gain(x, 6),
  'peak-normalised': peakNorm,
  telephone: (x) => muLaw(telephoneBand(x, { sampleRate: SR, resampleTo: 8000 })),
  'pink noise 20 dB': (x, s) => addNoise(x, { snrDb: 20, type: 'pink' }, s),
  'reverb RT60 0.5 s': (x, s) => reverberate(x, { sampleRate: SR, rt60Sec: 0.5 }, s),
};
const LEVELS = ['level -20 dB', 'level +6 dB', 'peak-normalised'];

function absPath(p: string): string {
  return p.startsWith('corpora/') ? resolve('..', p) : resolve('../shared/data', p);
}

async function main(): Promise<void> {
  await initBackend('auto');
  const decoder = new AudioDecoder({ sampleRate: SR });
  const names = values.eval!.split(',');
  const K = EMOTIONS.length;
  const conf: Record<string, number[][]> = {};
  for (const c of Object.keys(CONDITIONS)) conf[c] = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const stable: Record<string, number> = Object.fromEntries(LEVELS.map((l) => [l, 0]));
  let maxDiff: Record<string, number> = Object.fromEntries(LEVELS.map((l) => [l, 0]));
  let n = 0;
  for (const name of names) {
    const ev = JSON.parse(readFileSync(join(values.results!, `${name}.json`), 'utf8')) as { clips: { path: string; label: string }[] };
    const r = await EmotionRecognizer.load(join(values.runs!, name));
    const clips = values.limit ? ev.clips.slice(0, Number(values.limit)) : ev.clips;
    for (const [i, clip] of clips.entries()) {
      const a = await decoder.decodeFile(absPath(clip.path));
      const y = EMOTIONS.indexOf(clip.label as never);
      const scores: Record<string, number[]> = {};
      for (const [c, f] of Object.entries(CONDITIONS)) {
        const p = r.predictor.predictSignal(f(a.samples, i + 1), SR);
        scores[c] = EMOTIONS.map((e) => p.scores[e]!);
        conf[c]![y]![EMOTIONS.indexOf(p.label as never)]!++;
      }
      for (const l of LEVELS) {
        const d = Math.max(...scores[l]!.map((v, k) => Math.abs(v - scores.clean![k]!)));
        const same = scores[l]!.indexOf(Math.max(...scores[l]!)) === scores.clean!.indexOf(Math.max(...scores.clean!));
        if (same && d <= 0.05) stable[l]!++;
        maxDiff[l] = Math.max(maxDiff[l]!, d);
      }
      n++;
    }
    await r.dispose();
    process.stderr.write(`${name}: ${clips.length} clips\n`);
  }
  // accuracy and UAR (over the classes with clips) of each condition's confusion matrix
  const summary = Object.fromEntries(
    Object.entries(conf).map(([c, m]) => {
      const r = reportFromConfusion(m, EMOTIONS);
      return [c, { accuracy: r.accuracy, uar: r.uar, confusion: m }];
    }),
  );
  const out = { evals: names, clips: n, conditions: summary, levelInvariance: Object.fromEntries(LEVELS.map((l) => [l, { sameLabelWithin005: stable[l]! / n, maxAbsScoreDiff: maxDiff[l] }])) };
  for (const [c, s] of Object.entries(summary)) process.stderr.write(`${c.padEnd(20)} accuracy ${(s.accuracy * 100).toFixed(1)} UAR ${(s.uar * 100).toFixed(1)}\n`);
  for (const l of LEVELS) process.stderr.write(`${l}: same label and scores within 0.05 on ${((stable[l]! / n) * 100).toFixed(1)} % (max diff ${maxDiff[l]!.toFixed(3)})\n`);
  if (values.out) writeFileSync(values.out, JSON.stringify(out, null, 1) + '\n');
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
