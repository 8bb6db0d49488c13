/**
 * `npm run bench`: every benchmark in sequence, JSON lines on stdout (one per measurement).
 * Each runs in its own process so one backend's global state cannot slow another.
 *   npx tsx bench/run.ts [--only mfcc,pipeline,audio,augment,recognize,train,fuzz,fuzz-compressed,frontEnd]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BENCHES: Record<string, string[]> = {
  mfcc: ['mfcc-bench.ts', '--files', '300', '--rounds', '3'],
  pipeline: ['pipeline-bench.ts'],
  audio: ['audio-bench.ts'],
  augment: ['augment-bench.ts'],
  recognize: ['recognize-bench.ts'],
  // predict on 1 worker thread and on all cores (clips/s, ratio, × real time), same run
  threads: ['predict-threads-bench.ts'],
  // batch-32 inference of the shipped model: WASM engine vs PyTorch CPU, same model and weights
  infer: ['batch-infer-bench.ts'],
  train: ['train-bench.ts'],
  fuzz: ['fuzz-wav.ts', '10000'],
  // 1 000 per format (~1 min on 2 cores); `npm run fuzz` runs the full 10 000.
  'fuzz-compressed': ['fuzz-compressed.ts', '1000'],
  // Pretrained front ends (CREPE tiny …): one line per model and hop; a model whose files or runtime are missing is reported as skipped.
  frontEnd: ['front-end-bench.ts'],
};
const i = process.argv.indexOf('--only');
const only = i > 0 ? process.argv[i + 1]!.split(',') : Object.keys(BENCHES);
let failed = 0;
for (const name of only) {
  const args = BENCHES[name];
  if (!args) throw new Error(`unknown bench ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.stderr.write(`# bench ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, args[0]!), ...args.slice(1)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`# bench ${name} failed (exit ${r.status})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
