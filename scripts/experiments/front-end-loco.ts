/**
 * Does a pretrained front end help across corpora? Leave-one-corpus-out on the saved fold models
 * (../runs/loco-*): for each held-out corpus, the statistics head is refitted on the other
 * corpora's clips with the current utterance statistics alone (baseline) and with the front
 * end's pooled embeddings (mean and standard deviation over the window's speech) appended, then
 * fused with the fold's CNN as the shipped model fuses them (geometric weight 0.5). Both heads are
 * fitted the same way on the same clips, so the difference is the embedding's.
 *
 *   npx tsx scripts/experiments/front-end-loco.ts --cnn            # once: cache CNN-only probabilities per fold
 *   npx tsx scripts/experiments/front-end-loco.ts --fe speech-embedding,crepe-tiny --out docs/eval/front-ends.json
 *
 * Inputs: ../cache/<corpus>.json + .c0.f32 (scripts/experiments/cache-stats.ts) and
 * ../cache/fe-<model>.<corpus>.f32 (scripts/experiments/cache-front-end.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AudioDecoder } from '../../src/audio/audio-decoder.js';
import { initBackend } from '../../src/backends/select.js';
import { LogisticRegression } from '../../src/model/logistic-regression.js';
import { StatsHead } from '../../src/model/stats-head.js';
import { EmotionRecognizer } from '../../src/recognizer/emotion-recognizer.js';
import { EMOTIONS } from '../../src/types.js';

const { values } = parseArgs({
  options: {
    cnn: { type: 'boolean' },
    fe: { type: 'string', default: '' },
    corpora: { type: 'string', default: 'ravdess,tess,nemo,turev-db,emotiontts-open' },
    cache: { type: 'string', default: '../cache' },
    c: { type: 'string', default: '0.05' },
    weight: { type: 'string', default: '0.5' },
    out: { type: 'string' },
  },
});
const L = EMOTIONS as readonly string[];
const corpora = values.corpora!.split(',');
const cache = values.cache!;

interface Item { path: string; emotion: string; speaker: string }
const meta = (c: string) => JSON.parse(readFileSync(join(cache, `${c}.json`), 'utf8')) as { dims: number; items: Item[] };
function rowsOf(file: string, n: number): Float32Array[] {
  const buf = readFileSync(file);
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const d = all.length / n;
  if (!Number.isInteger(d)) throw new Error(`${file}: ${all.length} values do not split into ${n} rows`);
  return Array.from({ length: n }, (_, i) => all.subarray(i * d, (i + 1) * d));
}
/** Cache key of a clip: its path from the corpus folder on (cache and eval records name roots differently). */
const key = (p: string) => p.replace(/^.*?(tess-16k|ravdess-16k|corpora)\//, '$1/');

if (values.cnn) {
  // CNN-only class probabilities (head weight 0) of every held-out clip, per fold.
  await initBackend('auto');
  const abs = (p: string) => (p.startsWith('corpora/') ? resolve('..', p) : resolve('../shared/data', p));
  const dec = new AudioDecoder({ sampleRate: 16000 });
  for (const c of corpora) {
    const name = `loco-${c}`;
    const ev = JSON.parse(readFileSync(join('docs/eval', `${name}.json`), 'utf8')) as { clips: { path: string }[] };
    const r = await EmotionRecognizer.load(join('../runs', name));
    r.predictor.members.forEach((m, i) => r.predictor.setHead(i, StatsHead.fromJSON({ ...m.head!.toJSON(), weight: 0 }, { classes: 6, sampleRate: 16000 })));
    const p = r.predictor.pipeline;
    const out: Record<string, number[]> = {};
    for (const clip of ev.clips) {
      const a = await dec.decodeFile(abs(clip.path));
      const x = p.prepare(a.samples, a.sampleRate);
      const [q] = r.predictor.predictFeatures([p.windowFeatures(x)], [p.windowSpeech(x)]);
      out[key(clip.path)] = L.map((l) => q!.scores[l as never]!);
    }
    writeFileSync(join(cache, `cnn-${name}.json`), JSON.stringify(out));
    process.stderr.write(`${name}: ${ev.clips.length} clips\n`);
    await r.dispose();
  }
  process.exit(0);
}

/** UAR over the classes present in `y`. */
function uar(y: number[], p: ArrayLike<number>[]): number {
  const rec = new Map<number, [number, number]>();
  y.forEach((t, i) => {
    let a = 0;
    for (let k = 1; k < L.length; k++) if (p[i]![k]! > p[i]![a]!) a = k;
    const e = rec.get(t) ?? [0, 0];
    e[1]++;
    if (a === t) e[0]++;
    rec.set(t, e);
  });
  return [...rec.values()].reduce((s, [a, n]) => s + a / n, 0) / rec.size;
}

const fes = values.fe!.split(',').filter(Boolean);
// Each front end is compared with the statistics alone on the clips it embedded (`stats@fe`).
const sets = ['stats', ...fes.flatMap((f) => [`stats@${f}`, `stats+${f}`, f])];
const w = Number(values.weight);
const results: Record<string, Record<string, { head: number; fused: number }>> = {};
for (const held of corpora) {
  const cnn = JSON.parse(readFileSync(join(cache, `cnn-loco-${held}.json`), 'utf8')) as Record<string, number[]>;
  results[held] = {};
  for (const set of sets) {
    const [feature, on] = set.split('@') as [string, string | undefined];
    const parts = feature.split('+');
    const subset = on ?? parts.find((p) => p !== 'stats');
    const load = (c: string) => {
      const m = meta(c);
      const blocks = parts.map((p) => (p === 'stats' ? rowsOf(join(cache, `${c}.c0.f32`), m.items.length) : rowsOf(join(cache, `fe-${p}.${c}.f32`), m.items.length)));
      // clips the front end did not embed (NaN rows, cache-front-end.ts --every) are left out on both sides
      const embedded = subset ? rowsOf(join(cache, `fe-${subset}.${c}.f32`), m.items.length).map((r) => Number.isFinite(r[0]!)) : m.items.map(() => true);
      const idx = m.items.map((_, i) => i).filter((i) => embedded[i]);
      const rows = idx.map((i) => {
        const r = new Float32Array(blocks.reduce((s, b) => s + b[i]!.length, 0));
        let o = 0;
        for (const b of blocks) (r.set(b[i]!, o), (o += b[i]!.length));
        return r;
      });
      return { rows, y: idx.map((i) => L.indexOf(m.items[i]!.emotion)), keys: idx.map((i) => key(m.items[i]!.path)) };
    };
    const train = corpora.filter((c) => c !== held).map(load);
    // each corpus the same total weight, each class within a corpus the same (corpusClassWeights)
    const sw: number[] = [];
    for (const b of train) {
      const n = new Map<number, number>();
      b.y.forEach((v) => n.set(v, (n.get(v) ?? 0) + 1));
      b.y.forEach((v) => sw.push(1 / (n.size * n.get(v)!)));
    }
    const mean = sw.reduce((s, v) => s + v, 0) / sw.length;
    const lr = LogisticRegression.fit(train.flatMap((b) => b.rows), train.flatMap((b) => b.y), L.length, { c: Number(values.c), sampleWeight: sw.map((v) => v / mean), maxIter: 300, tol: 1e-4 });
    const test = load(held);
    const keep = test.keys.map((k, i) => (cnn[k] ? i : -1)).filter((i) => i >= 0);
    const y = keep.map((i) => test.y[i]!);
    const head = keep.map((i) => lr.predictProba(test.rows[i]!));
    const fused = keep.map((i, j) => {
      const c = cnn[test.keys[i]!]!;
      const q = c.map((v, k) => Math.pow(Math.max(v, 1e-12), 1 - w) * Math.pow(Math.max(head[j]![k]!, 1e-12), w));
      const s = q.reduce((a, b) => a + b, 0);
      return q.map((v) => v / s);
    });
    results[held]![set] = { head: uar(y, head), fused: uar(y, fused) };
    if (set === 'stats') results[held]!['cnn'] = { head: NaN, fused: uar(y, keep.map((i) => cnn[test.keys[i]!]!)) };
    process.stderr.write(`${held} ${set}: head ${(results[held]![set]!.head * 100).toFixed(1)} fused ${(results[held]![set]!.fused * 100).toFixed(1)} (${keep.length} clips)\n`);
  }
}
const mean = (set: string, k: 'head' | 'fused') => corpora.reduce((s, c) => s + results[c]![set]![k], 0) / corpora.length;
for (const set of ['cnn', ...sets]) console.log(`${set.padEnd(28)} ${corpora.map((c) => `${c} ${(results[c]![set]!.fused * 100).toFixed(1)}`).join('  ')}  | mean fused ${(mean(set, 'fused') * 100).toFixed(1)}${set === 'cnn' ? '' : `  head-only ${(mean(set, 'head') * 100).toFixed(1)}`}`);
if (values.out) writeFileSync(values.out, JSON.stringify({ protocol: 'leave-one-corpus-out; statistics head refitted per fold with and without pooled front-end embeddings, fused with the fold CNN (weight ' + w + ')', c: Number(values.c), corpora, results }, null, 1) + '\n');
if (!existsSync(join(cache, 'cnn-loco-ravdess.json'))) process.stderr.write('run with --cnn first\n');
