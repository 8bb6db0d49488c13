/**
 * Leave-one-corpus-out with a statistics classifier on cached features (cache-stats.ts).
 *   npx tsx scripts/experiments/loco-stats.ts --corpora ravdess,tess,nemo,turev-db,emotiontts-open --copies 0 --norm corpus --weight corpus-class --c 0.05
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LogisticRegression } from '../../src/model/logistic-regression.js';
import { EMOTIONS } from '../../src/types.js';

const { values } = parseArgs({
  options: {
    corpora: { type: 'string', default: 'ravdess,tess,nemo,turev-db,emotiontts-open' },
    test: { type: 'string' },
    copies: { type: 'string', default: '0' },
    norm: { type: 'string', default: 'pooled' },
    weight: { type: 'string', default: 'corpus-class' },
    c: { type: 'string', default: '0.05' },
    cache: { type: 'string', default: '../cache' },
    iter: { type: 'string', default: '300' },
    dims: { type: 'string' },
  },
});
const L = EMOTIONS as readonly string[];

interface Block { corpus: string; rows: Float32Array[]; y: number[]; speaker: string[]; copy: number[] }
function load(corpus: string, copies: number[]): Block {
  const meta = JSON.parse(readFileSync(join(values.cache!, `${corpus}.json`), 'utf8')) as { dims: number; items: { emotion: string; speaker: string }[] };
  const b: Block = { corpus, rows: [], y: [], speaker: [], copy: [] };
  const keep = values.dims ? values.dims.split(',').flatMap((r) => { const [a, z] = r.split('-').map(Number); return Array.from({ length: (z ?? a!) - a! + 1 }, (_, i) => a! + i); }) : null;
  for (const c of copies) {
    const buf = readFileSync(join(values.cache!, `${corpus}.c${c}.f32`));
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    meta.items.forEach((it, i) => {
      const r = all.subarray(i * meta.dims, (i + 1) * meta.dims);
      b.rows.push(keep ? Float32Array.from(keep, (k) => r[k]!) : r);
      b.y.push(L.indexOf(it.emotion));
      b.speaker.push(it.speaker);
      b.copy.push(c);
    });
  }
  return b;
}

function meanStd(rows: Float32Array[]): [Float64Array, Float64Array] {
  const d = rows[0]!.length;
  const m = new Float64Array(d);
  const s = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) m[j]! += r[j]! / rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) s[j]! += (r[j]! - m[j]!) ** 2 / rows.length;
  for (let j = 0; j < d; j++) s[j] = Math.sqrt(s[j]!) || 1;
  return [m, s];
}
function zscore(rows: Float32Array[], [m, s]: [Float64Array, Float64Array]): Float32Array[] {
  return rows.map((r) => Float32Array.from(r, (v, j) => (v - m[j]!) / s[j]!));
}
/** Per-group z-scoring (group = corpus or speaker), statistics from the group's copy-0 rows. */
function groupNorm(b: Block, key: (i: number) => string): Float32Array[] {
  const groups = new Map<string, number[]>();
  b.rows.forEach((_, i) => { const k = key(i); (groups.get(k) ?? groups.set(k, []).get(k)!).push(i); });
  const out = b.rows.slice();
  for (const idx of groups.values()) {
    const st = meanStd(idx.filter((i) => b.copy[i] === 0).map((i) => b.rows[i]!));
    idx.forEach((i) => (out[i] = zscore([b.rows[i]!], st)[0]!));
  }
  return out;
}

function report(y: number[], p: Float64Array[]) {
  const K = L.length;
  const conf = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  y.forEach((t, i) => { let a = 0; p[i]!.forEach((v, k) => { if (v > p[i]![a]!) a = k; }); conf[t]![a]!++; });
  const present = conf.map((r, k) => (r.reduce((s, v) => s + v, 0) > 0 ? k : -1)).filter((k) => k >= 0);
  const uar = present.reduce((s, k) => s + conf[k]![k]! / conf[k]!.reduce((a, v) => a + v, 0), 0) / present.length;
  const acc = conf.reduce((s, r, k) => s + r[k]!, 0) / y.length;
  // restricted to present classes
  let okR = 0;
  const recR = new Map<number, [number, number]>();
  y.forEach((t, i) => { let a = present[0]!; for (const k of present) if (p[i]![k]! > p[i]![a]!) a = k; const r = recR.get(t) ?? [0, 0]; r[1]++; if (a === t) { r[0]++; okR++; } recR.set(t, r); });
  const uarR = [...recR.values()].reduce((s, [a, n]) => s + a / n, 0) / recR.size;
  // mean confidence
  const conf1 = p.reduce((s, r) => s + Math.max(...r), 0) / p.length;
  return { acc, uar, uarR, conf: conf1, confusion: conf };
}

const corpora = values.corpora!.split(',');
const copies = values.copies!.split(',').map(Number);
const tests = values.test ? values.test.split(',') : corpora;
const results: Record<string, unknown> = {};
for (const held of tests) {
  const t0 = Date.now();
  const train = corpora.filter((c) => c !== held).map((c) => load(c, copies));
  const test = load(held, [0]);
  const rows: Float32Array[] = [];
  const y: number[] = [];
  const w: number[] = [];
  let testRows = test.rows;
  let testRowsAdapt = test.rows;
  if (values.norm === 'pooled') {
    for (const b of train) rows.push(...b.rows);
  } else if (values.norm === 'corpus' || values.norm === 'speaker') {
    for (const b of train) rows.push(...groupNorm(b, values.norm === 'corpus' ? () => b.corpus : (i) => b.speaker[i]!));
    // no adaptation: test rows standardised with the mean of the training corpora's own statistics
    const stats = train.map((b) => meanStd(b.rows.filter((_, i) => b.copy[i] === 0)));
    const d = stats[0]![0].length;
    const m = new Float64Array(d), s = new Float64Array(d);
    for (const [mm, ss] of stats) for (let j = 0; j < d; j++) { m[j]! += mm[j]! / stats.length; s[j]! += ss[j]! / stats.length; }
    testRows = zscore(test.rows, [m, s]);
    testRowsAdapt = values.norm === 'corpus' ? groupNorm(test, () => held) : groupNorm(test, (i) => test.speaker[i]!);
  }
  for (const b of train) y.push(...b.y);
  // weights: each corpus equal total; within a corpus each class equal
  for (const b of train) {
    const counts = new Map<number, number>();
    b.y.forEach((v) => counts.set(v, (counts.get(v) ?? 0) + 1));
    b.y.forEach((v) => w.push(values.weight === 'corpus-class' ? 1 / (counts.size * counts.get(v)!) : values.weight === 'class' ? 1 : 1));
  }
  const meanW = w.reduce((s, v) => s + v, 0) / w.length;
  const sw = w.map((v) => v / meanW);
  const lr = LogisticRegression.fit(rows, y, L.length, { c: Number(values.c), classWeight: values.weight === 'class' ? 'balanced' : 'none', sampleWeight: sw, maxIter: Number(values.iter), tol: 1e-4 });
  const r = report(test.y, testRows.map((r) => lr.predictProba(r)));
  const ra = report(test.y, testRowsAdapt.map((r) => lr.predictProba(r)));
  results[held] = { acc: r.acc, uar: r.uar, uarR: r.uarR, conf: r.conf, adapt: { acc: ra.acc, uar: ra.uar, uarR: ra.uarR } };
  console.log(`${held.padEnd(16)} acc ${(r.acc * 100).toFixed(1)} UAR ${(r.uar * 100).toFixed(1)} (present-only ${(r.uarR * 100).toFixed(1)}) conf ${(r.conf * 100).toFixed(0)} | adapt acc ${(ra.acc * 100).toFixed(1)} UAR ${(ra.uar * 100).toFixed(1)} | ${((Date.now() - t0) / 1000).toFixed(0)}s it ${lr.fitInfo?.iterations}`);
}
const uars = Object.values(results).map((r) => (r as { uar: number }).uar);
const uarsA = Object.values(results).map((r) => (r as { adapt: { uar: number } }).adapt.uar);
console.log(`mean UAR ${(uars.reduce((a, b) => a + b, 0) / uars.length * 100).toFixed(1)} | adapt ${(uarsA.reduce((a, b) => a + b, 0) / uarsA.length * 100).toFixed(1)}  ${JSON.stringify(values)}`);
