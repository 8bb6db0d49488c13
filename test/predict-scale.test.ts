/**
 * `predict` at scale, as users run it (dist/cli.js, the shipped model, real clips): results files
 * that survive SIGKILL and resume with every file exactly once, shards that partition the list,
 * the same answers on 1 thread as on 2, and bad files reported as typed error lines.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA, describeShared, ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const ACTOR = join(DATA, 'ravdess-16k', 'Actor_06'); // 60 clips

interface Line {
  file: string;
  emotion?: string;
  scores?: Record<string, number>;
  error?: { code: string; message: string };
}

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every line must be a whole JSON object. */
const readLines = (p: string): Line[] =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line);

const countLines = (p: string): number => (existsSync(p) ? readFileSync(p, 'utf8').split('\n').length - 1 : 0);

/** Start predict --out and send it `signal` once its results file holds at least `atLeast` lines. */
async function killMidRun(args: string[], out: string, atLeast: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<{ code: number | null; signal: string | null; linesAtKill: number }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: string | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  let finishedEarly = false;
  void exited.then(() => (finishedEarly = true));
  while (!finishedEarly && countLines(out) < atLeast) await new Promise((r) => setTimeout(r, 5));
  const linesAtKill = countLines(out);
  child.kill(signal);
  const { code, signal: by } = await exited;
  return { code, signal: by, linesAtKill };
}

let tmp: string;
let reference: Map<string, Line>;
let files: string[];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'predict-scale-'));
  // The reference: one uninterrupted run on one thread, to stdout.
  const r = cli(['predict', ACTOR, '--json', '--threads', '1']);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
  reference = new Map(lines.map((l) => [l.file, l]));
  files = lines.map((l) => l.file);
  expect(files).toHaveLength(60);
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describeShared('predict --out --resume (SIGKILL mid-run)', () => {
  it('a run killed with SIGKILL and a resumed one stopped with SIGTERM, at random points, then resumed: every file exactly once, every line whole, labels as in an uninterrupted run', async () => {
    const out = join(tmp, 'results.jsonl');
    const args = ['predict', ACTOR, '--out', out, '--threads', '2'];
    const first = await killMidRun(args, out, 8 + Math.floor(Math.random() * 10));
    expect(first.signal).toBe('SIGKILL');
    // SIGTERM (what Kubernetes sends an evicted pod): the lines so far are fsynced, exit code 143.
    const second = await killMidRun([...args, '--resume'], out, first.linesAtKill + 10 + Math.floor(Math.random() * 10), 'SIGTERM');
    expect(second.code).toBe(143);
    const kept = countLines(out);
    expect(kept).toBeGreaterThan(first.linesAtKill);
    expect(kept).toBeLessThan(60); // really interrupted, twice
    const last = cli([...args, '--resume']);
    expect(last.code).toBe(0);
    expect(last.stderr).toMatch(/resuming .*results\.jsonl: \d+ of 60 files already done/);
    const lines = readLines(out);
    expect(lines.map((l) => l.file).sort()).toEqual([...files].sort()); // each once
    for (const l of lines) expect(l).toEqual(reference.get(l.file));
    // Resuming a finished file does nothing.
    const again = cli([...args, '--resume']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/60 of 60 files already done/);
    expect(countLines(out)).toBe(60);
  });

  it('refuses to overwrite an existing results file without --resume', () => {
    const out = join(tmp, 'results.jsonl');
    const r = cli(['predict', ACTOR, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SER_IO: .*already holds results.*--resume/);
  });
});

describeShared('predict --shard', () => {
  it('I/N and env (JOB_COMPLETION_INDEX, EMOTION_RECOG_SHARDS) split the files into disjoint shards that cover them all', () => {
    const parts = [
      cli(['predict', ACTOR, '--json', '--threads', '2', '--shard', '0/3']),
      cli(['predict', ACTOR, '--json', '--threads', '2', '--shard', 'env/3'], { JOB_COMPLETION_INDEX: '1' }),
      cli(['predict', ACTOR, '--json', '--threads', '2', '--shard', 'env'], { JOB_COMPLETION_INDEX: '2', EMOTION_RECOG_SHARDS: '3' }),
    ].map((r) => {
      expect(r.code).toBe(0);
      return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    });
    const sorted = [...files].sort();
    parts.forEach((p, i) => expect(p.map((l) => l.file)).toEqual(sorted.filter((_, j) => j % 3 === i)));
    for (const l of parts.flat()) expect(l).toEqual(reference.get(l.file));
    expect(parts.flat()).toHaveLength(60);
    const bad = cli(['predict', ACTOR, '--shard', 'env/3'], { JOB_COMPLETION_INDEX: '' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SER_INVALID_ARGUMENT: .*JOB_COMPLETION_INDEX/);
  });

  it('--out FILE with {shard} names one results file per shard', () => {
    const out = join(tmp, 'part-{shard}.jsonl');
    const r = cli(['predict', ACTOR, '--out', out, '--shard', '1/20', '--threads', '1']);
    expect(r.code).toBe(0);
    const lines = readLines(join(tmp, 'part-1.jsonl'));
    expect(lines.map((l) => l.file)).toEqual([...files].sort().filter((_, j) => j % 20 === 1));
  });
});

describeShared('predict on 2 threads', () => {
  it('prints the answers of 1 thread in the same (input) order, and a bad file as a typed error line while the rest succeed', async () => {
    const bad = join(tmp, 'broken.wav');
    await writeFile(bad, 'RIFF\x10\x00\x00\x00WAVEjunk');
    const out = join(tmp, 'mixed.jsonl');
    const r = cli(['predict', ACTOR, bad, join(tmp, 'missing.wav'), '--out', out, '--threads', '2']);
    expect(r.code).toBe(1);
    const lines = readLines(out);
    expect(lines.map((l) => l.file)).toEqual([...files, bad, join(tmp, 'missing.wav')]);
    lines.slice(0, 60).forEach((l) => expect(l).toEqual(reference.get(l.file)));
    expect(lines[60]!.error!.code).toBe('SER_CORRUPT_AUDIO');
    expect(lines[61]!.error!.code).toBe('SER_IO');
    expect(r.stderr).toMatch(/60 labelled, 2 failed/);
  });
});
