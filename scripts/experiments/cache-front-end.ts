/**
 * Cache a front end's pooled embeddings (mean and standard deviation over the window's speech,
 * 2 × dim values) for every clip of a corpus, in the order of ../cache/<corpus>.json
 * (scripts/experiments/cache-stats.ts), for front-end-loco.ts.
 *   npx tsx scripts/experiments/cache-front-end.ts --model speech-embedding --corpus tess
 *   npx tsx scripts/experiments/cache-front-end.ts --model crepe-tiny --hop 1600 --every 4 --corpus tess
 * `--every N` embeds every N-th clip only (slow front ends); the others get NaN rows, which
 * front-end-loco.ts leaves out of both sides of that comparison.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AudioDecoder } from '../../src/audio/audio-decoder.js';
import { initBackend } from '../../src/backends/select.js';
import type { FrontEnd } from '../../src/features/front-end.js';
import { FeaturePipeline } from '../../src/pipeline/feature-pipeline.js';

const { values } = parseArgs({ options: { model: { type: 'string' }, corpus: { type: 'string' }, cache: { type: 'string', default: '../cache' }, hop: { type: 'string' }, models: { type: 'string', default: '../shared/models' }, every: { type: 'string', default: '1' } } });
const model = values.model!;
const corpus = values.corpus!;

async function open(): Promise<FrontEnd> {
  if (model === 'speech-embedding') {
    const m = await import('../../src/front-ends/speech-embedding.js');
    return m.loadSpeechEmbedding(join(values.models!, 'speech-embedding'));
  }
  if (model === 'crepe-tiny') {
    await initBackend('auto');
    const m = await import('../../src/front-ends/crepe.js');
    return m.loadCrepe(join(values.models!, 'crepe-tiny-tfjs'), { ...(values.hop ? { hopSamples: Number(values.hop) } : {}), output: 'embedding' });
  }
  throw new Error(`unknown model ${model}`);
}

const fe = await open();
const items = (JSON.parse(readFileSync(join(values.cache!, `${corpus}.json`), 'utf8')) as { items: { path: string }[] }).items;
// The same levelled, trimmed window the statistics head sees (cache-stats.ts's pipeline).
const pipeline = new FeaturePipeline({ frames: 300, feature: 'logmel', mfcc: { nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 }, trimTopDb: 30, level: 'speech' });
const dec = new AudioDecoder({ sampleRate: fe.info.sampleRate });
const d = fe.info.dim;
const out = new Float32Array(items.length * 2 * d);
const t0 = Date.now();
const every = Number(values.every);
for (const [i, it] of items.entries()) {
  if (i % every !== 0) {
    out.fill(NaN, i * 2 * d, (i + 1) * 2 * d);
    continue;
  }
  const a = await dec.decodeFile(it.path);
  const speech = pipeline.windowSpeech(pipeline.prepare(a.samples, a.sampleRate));
  const e = await fe.embed(speech);
  const row = out.subarray(i * 2 * d, (i + 1) * 2 * d);
  for (let f = 0; f < e.frames; f++) for (let j = 0; j < d; j++) row[j]! += e.data[f * d + j]! / e.frames;
  for (let f = 0; f < e.frames; f++) for (let j = 0; j < d; j++) row[d + j]! += (e.data[f * d + j]! - row[j]!) ** 2 / e.frames;
  for (let j = 0; j < d; j++) row[d + j] = Math.sqrt(row[d + j]!);
  if (i % 200 === 0) process.stderr.write(`${model} ${corpus} ${i}/${items.length} ${((Date.now() - t0) / 1000).toFixed(0)}s\n`);
}
writeFileSync(join(values.cache!, `fe-${model}.${corpus}.f32`), Buffer.from(out.buffer));
process.stderr.write(`${model} ${corpus}: ${items.length} clips (every ${every}) in ${((Date.now() - t0) / 1000).toFixed(0)}s (${((Date.now() - t0) / Math.ceil(items.length / every)).toFixed(1)} ms/clip)\n`);
await fe.dispose();
