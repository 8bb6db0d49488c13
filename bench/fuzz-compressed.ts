/**
 * FLAC / Ogg Vorbis / MP3 decoder fuzzing at scale (`npm run fuzz`): seeded mutations of the
 * synthetic fixtures (see test/audio-fuzz-compressed.ts). Prints one JSON line per format and a
 * summary line; exits 1 when any case threw something other than a typed SerError (a crash),
 * returned non-finite or over-budget output, or took longer than the limit (5 s).
 *
 * Usage: npx tsx bench/fuzz-compressed.ts [cases=10000] [seed=1] [--formats flac,ogg,mp3]
 *          [--limit-ms 5000] [--save-slow DIR (files of cases over 1 s, to reproduce)]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPRESSED_FORMATS, fuzzCompressed, quantile, type CompressedFormat } from '../test/audio-fuzz-compressed.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const formats = (flag('--formats')?.split(',') ?? [...COMPRESSED_FORMATS]) as CompressedFormat[];
const limitMs = Number(flag('--limit-ms') ?? 5000);
const saveSlow = flag('--save-slow');
const cases = Number(args[0] ?? 10_000);
const seed = Number(args[1] ?? 1);
for (const f of formats) if (!COMPRESSED_FORMATS.includes(f)) throw new Error(`unknown format ${f}; known: ${COMPRESSED_FORMATS.join(', ')}`);
if (saveSlow) mkdirSync(saveSlow, { recursive: true });

let crashes = 0;
let overLimit = 0;
const summary: Record<string, unknown> = {};
for (const format of formats) {
  const r = await fuzzCompressed(format, seed, cases, {
    onCase: (i, bytes, ms) => {
      if (saveSlow && ms > 1000) writeFileSync(join(saveSlow, `${format}-seed${seed}-case${i}-${Math.round(ms)}ms.${format}`), bytes);
    },
  });
  const bugs = r.outcomes.bug ?? 0;
  const over = r.caseMs.filter((ms) => ms > limitMs).length;
  crashes += bugs;
  overLimit += over;
  const { decoded = 0, bug: _bug, ...typed } = r.outcomes;
  const line = {
    bench: 'fuzz-compressed',
    format,
    seed,
    cases,
    crashes: bugs,
    decoded,
    typedErrors: typed,
    maxMs: Number(Math.max(...r.caseMs).toFixed(1)),
    p99Ms: Number(quantile(r.caseMs, 0.99).toFixed(1)),
    p50Ms: Number(quantile(r.caseMs, 0.5).toFixed(2)),
    overLimitMs: over,
    casesPerSec: Math.round((cases / r.totalMs) * 1000),
    totalMs: Math.round(r.totalMs),
    byKind: r.byKind,
    slowest: { ...r.slowest, ms: Number(r.slowest.ms.toFixed(1)) },
    failures: r.failures,
  };
  summary[format] = { crashes: bugs, maxMs: line.maxMs, p99Ms: line.p99Ms, overLimitMs: over };
  process.stdout.write(JSON.stringify(line) + '\n');
}
process.stdout.write(JSON.stringify({ bench: 'fuzz-compressed', summary: true, seed, cases, limitMs, crashes, overLimitMs: overLimit, formats: summary }) + '\n');
if (crashes > 0 || overLimit > 0) process.exitCode = 1;
