/**
 * WAV/AIFF decoder fuzzing at scale: seeded mutations of real and synthetic files (see
 * test/audio-fuzz.ts). Prints one JSON line per seed and a summary line; exits 1 on any case that
 * threw something other than a typed audio SerError or returned non-finite / oversized output.
 *
 * Usage: npx tsx bench/fuzz-wav.ts [cases=10000] [seed=1]
 */
import { fuzz } from '../test/audio-fuzz.js';

const cases = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const r = fuzz(seed, cases);
const line = {
  bench: 'fuzz-wav',
  seed,
  cases,
  outcomes: r.outcomes,
  byKind: r.byKind,
  bugs: r.outcomes.bug ?? 0,
  casesPerSec: Math.round((cases / r.ms) * 1000),
  totalMs: Math.round(r.ms),
  maxCaseMs: Number(r.maxCaseMs.toFixed(2)),
  failures: r.failures,
};
process.stdout.write(JSON.stringify(line) + '\n');
if (line.bugs > 0) process.exitCode = 1;
