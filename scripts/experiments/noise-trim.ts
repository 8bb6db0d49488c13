/** Does noise-floor-aware trimming help a saved fold model in noise, and leave clean clips alone? */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AudioDecoder } from '../../src/audio/audio-decoder.js';
import { addNoise } from '../../src/augment/noise.js';
import { initBackend } from '../../src/backends/select.js';
import { FeaturePipeline } from '../../src/pipeline/feature-pipeline.js';
import { Predictor } from '../../src/predict/predictor.js';
import { EmotionRecognizer } from '../../src/recognizer/emotion-recognizer.js';

await initBackend('auto');
const name = process.argv[2] ?? 'loco-ravdess';
const limit = Number(process.argv[3] ?? 80);
const ev = JSON.parse(readFileSync(join('docs/eval', `${name}.json`), 'utf8')) as { clips: { path: string; label: string }[] };
const clips = ev.clips.filter((_, i) => i % Math.ceil(ev.clips.length / limit) === 0);
const r = await EmotionRecognizer.load(join('../runs', name));
const dec = new AudioDecoder();
const abs = (p: string) => (p.startsWith('corpora/') ? resolve('..', p) : resolve('../shared/data', p));
for (const margin of [null, 6, 10]) {
  const p = new Predictor({ pipeline: new FeaturePipeline({ ...r.predictor.pipeline.config, trimNoiseMarginDb: margin }), labels: r.labels, members: r.predictor.members });
  let clean = 0, noisy = 0, noisy10 = 0;
  for (const [i, c] of clips.entries()) {
    const a = await dec.decodeFile(abs(c.path));
    if (p.predictSignal(a.samples, 16000).label === c.label) clean++;
    if (p.predictSignal(addNoise(a.samples, { snrDb: 20, type: 'pink' }, i + 1), 16000).label === c.label) noisy++;
    if (p.predictSignal(addNoise(a.samples, { snrDb: 10, type: 'pink' }, i + 1), 16000).label === c.label) noisy10++;
  }
  console.log(`${name} margin ${margin}: clean ${(clean / clips.length * 100).toFixed(1)} pink20 ${(noisy / clips.length * 100).toFixed(1)} pink10 ${(noisy10 / clips.length * 100).toFixed(1)} (${clips.length} clips)`);
}
