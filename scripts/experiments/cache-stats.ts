/**
 * Cache utterance statistics of every clip of one corpus (copy 0 = the clip; copies ≥ 1 =
 * augmented with the channel-robustness recipe), levelled by the feature pipeline.
 *   npx tsx scripts/experiments/cache-stats.ts --corpus nemo --copies 0,1,2 --out ../cache
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AudioDecoder } from '../../src/audio/audio-decoder.js';
import { Augmenter } from '../../src/augment/augmenter.js';
import * as aug from '../../src/augment/index.js';
import { FeaturePipeline } from '../../src/pipeline/feature-pipeline.js';
import { UtteranceStats } from '../../src/pipeline/utterance-stats.js';
import { corpusItems } from './corpora.js';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, copies: { type: 'string', default: '0' }, out: { type: 'string', default: '../cache' }, frames: { type: 'string', default: '300' } } });
const corpus = values.corpus!;
const copies = values.copies!.split(',').map(Number);
const recipe = (aug as unknown as { CHANNEL_ROBUSTNESS_RECIPE?: readonly unknown[] }).CHANNEL_ROBUSTNESS_RECIPE;

async function main(): Promise<void> {
  const items = await corpusItems(corpus);
  const pipeline = new FeaturePipeline({ frames: Number(values.frames), feature: 'logmel', mfcc: { nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 }, trimTopDb: 30, level: 'speech' });
  const stats = new UtteranceStats();
  const decoder = new AudioDecoder({ sampleRate: 16000 });
  const augmenter = recipe ? new Augmenter({ seed: 1, recipe: recipe as never }) : null;
  await mkdir(values.out!, { recursive: true });
  const dims = stats.dims;
  const bufs = copies.map(() => new Float32Array(items.length * dims));
  const t0 = Date.now();
  const bad: string[] = [];
  for (let i = 0; i < items.length; i++) {
    let prepared: Float32Array;
    try {
      const a = await decoder.decodeFile(items[i]!.path);
      prepared = pipeline.prepare(a.samples, a.sampleRate);
    } catch (e) {
      bad.push(`${items[i]!.path}: ${(e as Error).message}`);
      continue;
    }
    copies.forEach((c, k) => {
      let s = prepared;
      if (c > 0) {
        if (!augmenter) throw new Error('no channel recipe yet');
        s = pipeline.normalizeLevel(augmenter.apply(prepared, { sampleRate: 16000, seed: i * 101 + c }));
      }
      bufs[k]!.set(stats.compute(pipeline.windowSpeech(s)), i * dims);
    });
    if (i % 500 === 0) process.stderr.write(`${corpus} ${i}/${items.length} ${((Date.now() - t0) / 1000).toFixed(0)}s\n`);
  }
  for (const [k, c] of copies.entries()) await writeFile(join(values.out!, `${corpus}.c${c}.f32`), Buffer.from(bufs[k]!.buffer));
  await writeFile(join(values.out!, `${corpus}.json`), JSON.stringify({ dims, items, bad }));
  process.stderr.write(`${corpus}: ${items.length} clips, ${bad.length} failed, ${((Date.now() - t0) / 1000).toFixed(0)}s\n`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
