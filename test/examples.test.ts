/**
 * The examples run as users run them (tsx, importing the built package by name):
 * examples/train-crema.ts on a name-faithful CREMA-D fixture (generated voiced tones: CREMA-D
 * itself is not on these machines), and the ESM and CommonJS predict examples on the bundled model.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { encodeWav16 } from './write-wav.js';

const EMO = { ANG: 220, DIS: 150, FEA: 330, HAP: 280, NEU: 180, SAD: 120 } as const;

/** A 1 s "voiced" clip: a harmonic tone at f0 with a vibrato, 16 kHz. */
function voiced(f0: number, seed: number): Float32Array {
  const sr = 16000;
  const out = new Float32Array(sr);
  let phase = 0;
  for (let i = 0; i < sr; i++) {
    const f = f0 * (1 + 0.03 * Math.sin((2 * Math.PI * (3 + seed) * i) / sr));
    phase += (2 * Math.PI * f) / sr;
    out[i] = 0.2 * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
  }
  return out;
}

const tmp: string[] = [];
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});

function tsx(args: string[], cwd = ROOT): string {
  return execFileSync(process.execPath, ['--import', 'tsx', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('examples', () => {
  it('train-crema.ts trains on a CREMA-D folder and saves a loadable bundle', async () => {
    const root = await mkdtemp(join(tmpdir(), 'crema-'));
    tmp.push(root);
    const dir = join(root, 'AudioWAV');
    await mkdir(dir, { recursive: true });
    let n = 0;
    for (const speaker of ['1001', '1002', '1003', '1004', '1005', '1006', '1007'])
      for (const sentence of ['DFA', 'IEO'])
        for (const [code, f0] of Object.entries(EMO)) await writeFile(join(dir, `${speaker}_${sentence}_${code}_XX.wav`), encodeWav16(voiced(f0 * (1 + (n++ % 5) * 0.01), n % 3), 16000));
    const out = join(root, 'model');
    const report = join(root, 'report.html');
    const log = tsx(['examples/train-crema.ts', dir, '--out', out, '--epochs', '3', '--tiny', '--frames', '60', '--copies', '1', '--report', report]);
    expect(log).toMatch(/CREMA-D: 84 clips from 7 speakers/);
    expect(log).toMatch(/held-out speakers: accuracy/);
    for (const f of ['model.json', 'weights.bin', 'metadata.json']) expect(existsSync(join(out, f))).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8')) as { labels: string[]; input: { frames: number } };
    expect(meta.labels).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad']);
    expect(meta.input.frames).toBe(60);
    expect(readFileSync(report, 'utf8')).toMatch(/<svg/);
  });

  it.each([['examples/predict.ts'], ['examples/predict.cjs']])('%s labels the sample clip with the bundled model', (file) => {
    const out = file.endsWith('.cjs') ? execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' }) : tsx([file]);
    const line = JSON.parse(out.trim().split('\n')[0]!) as { emotion: string; scores: Record<string, number> };
    expect(Object.keys(line.scores)).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad']);
    expect(Object.values(line.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(line.scores[line.emotion]).toBe(Math.max(...Object.values(line.scores)));
  });
});
