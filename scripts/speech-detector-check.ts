/**
 * One-off validation of the speech gate (src/pipeline/speech-detector.ts): runs detectSpeech over
 * every clip of the real corpora (decoded to 16 kHz mono) and over degraded copies (quiet, pink
 * noise at 10 dB SNR, telephone band, single words, long concatenations), then over the synthetic
 * non-speech set, and prints false-rejection and rejection rates and timings.
 *
 *   npx tsx scripts/speech-detector-check.ts [--dump measures.jsonl] [--quick]
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AudioDecoder } from '../src/audio/audio-decoder.js';
import { detectSpeech, type SpeechDetection } from '../src/pipeline/speech-detector.js';
import { atPeakDb, nonSpeechSet, telephoneBand, withPinkNoise } from '../src/pipeline/speech-detector.fixtures.js';

const SR = 16000;
const args = process.argv.slice(2);
const dumpAt = args.indexOf('--dump');
const dump: string[] = [];
const quick = args.includes('--quick');

function wavs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...wavs(p));
    else if (/\.wav$/i.test(e)) out.push(p);
  }
  return out.sort();
}

const CORPORA: [string, string][] = [
  ['ravdess-16k', '/work/shared/data/ravdess-16k'],
  ['tess-16k', '/work/shared/data/tess-16k'],
  ['nemo', '/work/corpora/nemo'],
  ['emovo', '/work/corpora/emovo'],
  ['turev-db', '/work/corpora/turev-db'],
  ['emotiontts-open', '/work/corpora/emotiontts-open'],
];

interface Tally { total: number; rejected: number; examples: string[]; ms: number[] }
const tallies = new Map<string, Tally>();
function record(group: string, name: string, d: SpeechDetection, ms: number, expectSpeech: boolean): void {
  const t = tallies.get(group) ?? { total: 0, rejected: 0, examples: [], ms: [] };
  tallies.set(group, t);
  t.total++;
  t.ms.push(ms);
  const wrong = d.speech !== expectSpeech;
  if (wrong) {
    t.rejected++;
    if (t.examples.length < 8) t.examples.push(`${name}: ${d.reason} ${JSON.stringify(roundAll(d.measures))}`);
  }
  if (dumpAt >= 0) dump.push(JSON.stringify({ group, name, speech: d.speech, reason: d.reason, ...roundAll(d.measures) }));
}
const roundAll = (m: object) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1000) / 1000 : v]));

function timed(x: Float32Array, rate = SR): [SpeechDetection, number] {
  const t0 = performance.now();
  const d = detectSpeech(x, { sampleRate: rate });
  return [d, performance.now() - t0];
}

/** The last `sec` seconds of the loud part of `x` (TESS: the target word of "Say the word …"). */
function lastWord(x: Float32Array, sec: number): Float32Array {
  const frame = 160;
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  let end = x.length;
  for (let s = x.length - frame; s >= 0; s -= frame) {
    let m = 0;
    for (let i = s; i < s + frame; i++) m = Math.max(m, Math.abs(x[i]!));
    if (m > peak * 0.05) {
      end = Math.min(x.length, s + frame + 800);
      break;
    }
  }
  return x.slice(Math.max(0, end - Math.round(sec * SR)), end);
}

const decoder = new AudioDecoder({ sampleRate: SR });
const ravdessSignals: Float32Array[] = [];
for (const [name, dir] of CORPORA) {
  let files: string[];
  try {
    files = wavs(dir);
  } catch {
    process.stderr.write(`skip ${name}: ${dir} not found\n`);
    continue;
  }
  if (quick) files = files.filter((_, i) => i % 10 === 0);
  process.stderr.write(`${name}: ${files.length} files\n`);
  for (const f of files) {
    const { samples } = await decoder.decodeFile(f);
    const [d, ms] = timed(samples);
    record(name, f, d, ms, true);
    if (name === 'ravdess-16k' || name === 'tess-16k') {
      record(`${name} quiet (peak -40 dBFS)`, f, ...timed(atPeakDb(samples, -40)), true);
      record(`${name} pink noise 10 dB SNR`, f, ...timed(withPinkNoise(samples, SR, 10)), true);
      record(`${name} telephone 300-3400 Hz`, f, ...timed(telephoneBand(samples, SR)), true);
      record(`${name} telephone, 8 kHz`, f, ...timed(telephoneBand(samples, SR).filter((_, i) => i % 2 === 0), 8000), true);
      if (name === 'tess-16k') record('tess-16k single word (0.6 s)', f, ...timed(lastWord(samples, 0.6)), true);
      if (name === 'ravdess-16k') ravdessSignals.push(samples);
    }
  }
}
// Long recordings: 10 consecutive RAVDESS clips (~37 s) each.
for (let i = 0; i + 10 <= ravdessSignals.length; i += 10) {
  const parts = ravdessSignals.slice(i, i + 10);
  const long = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    long.set(p, at);
    at += p.length;
  }
  record('ravdess-16k long (10 clips, ~37 s)', `ravdess[${i}..${i + 9}]`, ...timed(long), true);
}
for (const rate of [16000, 44100, 8000]) {
  for (const { name, samples } of nonSpeechSet(rate)) {
    const [d, ms] = timed(samples, rate);
    record(`synthetic non-speech @ ${rate} Hz`, name, d, ms, false);
    if (rate === 16000) process.stdout.write(`  ${d.speech ? 'ACCEPTED' : 'rejected'}  ${name}: ${d.reason}  ${JSON.stringify(roundAll(d.measures))}\n`);
  }
}
{
  const { samples } = await decoder.decodeFile(join(import.meta.dirname, '..', 'samples', 'angry.wav'));
  const [d] = timed(samples);
  process.stdout.write(`samples/angry.wav: speech=${d.speech} reason=${d.reason} ${JSON.stringify(roundAll(d.measures))}\n`);
}

process.stdout.write('\ngroup | clips | wrong | rate | median ms | p95 ms\n---|---|---|---|---|---\n');
for (const [g, t] of tallies) {
  const ms = [...t.ms].sort((a, b) => a - b);
  process.stdout.write(`${g} | ${t.total} | ${t.rejected} | ${((100 * t.rejected) / t.total).toFixed(2)} % | ${ms[ms.length >> 1]!.toFixed(2)} | ${ms[Math.floor(ms.length * 0.95)]!.toFixed(2)}\n`);
}
for (const [g, t] of tallies) if (t.examples.length) process.stdout.write(`\n${g}:\n  ${t.examples.join('\n  ')}\n`);
if (dumpAt >= 0) writeFileSync(args[dumpAt + 1]!, dump.join('\n') + '\n');
