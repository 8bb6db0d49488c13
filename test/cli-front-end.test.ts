/**
 * `emotion-recog train --front-end <model>` as users run it (the built dist/cli.js): trains on the
 * shipped samples with Google's speech_embedding (../shared/models) beside the log-mel frames,
 * saves the front end's files in the model folder, and `predict` / `evaluate` use them with no
 * further flag. Skipped, with the reason printed, when ../shared/models is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeShared, ROOT, SHARED } from './helpers.js';

const SE = join(SHARED, 'models', 'speech-embedding');
const here = existsSync(join(SE, 'embedding_model.onnx'));
if (!here) console.warn(`cli-front-end.test: skipped — ${SE} is missing (the small pretrained models live in ../shared/models).`);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describeShared.skipIf(!here)('emotion-recog train --front-end', () => {
  it('trains on speech_embedding, copies its files into the model, and predict/evaluate use them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-fe-'));
    try {
      const out = join(dir, 'model');
      const t = cli(['train', '--dataset', 'csv', '--data', 'samples/labels.csv', '--out', out, '--epochs', '1', '--val-fraction', '0', '--no-augment', '--frames', '100', '--backend', 'cpu', '--front-end', SE, '--front-end-use', 'concat']);
      expect(t.code, t.stderr).toBe(0);
      expect(t.stderr).toMatch(/front end speech-embedding in .*front-end/);
      const meta = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8')) as { input: { bins: number }; features: { frontEnd: { use: string; info: { name: string; files: { name: string }[] } } } };
      expect(meta.input.bins).toBe(40 + 96);
      expect(meta.features.frontEnd.use).toBe('concat');
      expect(meta.features.frontEnd.info.files.map((f) => f.name)).toEqual(['melspectrogram.onnx', 'embedding_model.onnx']);
      for (const f of ['melspectrogram.onnx', 'embedding_model.onnx']) expect(readFileSync(join(out, 'front-end', f))).toEqual(readFileSync(join(SE, f)));
      const p = cli(['predict', 'samples/angry.wav', '--model', out, '--json', '--backend', 'cpu']);
      expect(p.code, p.stderr).toBe(0);
      const line = JSON.parse(p.stdout.trim()) as { scores: Record<string, number> };
      expect(Object.values(line.scores).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 2); // printed to 4 decimals
      const e = cli(['evaluate', '--dataset', 'csv', '--data', 'samples/labels.csv', '--model', out, '--json', '--backend', 'cpu']);
      expect(e.code, e.stderr).toBe(0);
      expect((JSON.parse(e.stdout.trim().split('\n')[0]!) as { clips: number }).clips).toBe(6);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses --front-end-use without --front-end and an unknown use', () => {
    const a = cli(['train', '--dataset', 'csv', '--data', 'samples/labels.csv', '--front-end-use', 'concat']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--front-end-use needs --front-end/);
    const b = cli(['train', '--dataset', 'csv', '--data', 'samples/labels.csv', '--front-end', SE, '--front-end-use', 'stack']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--front-end-use must be concat, replace or stats/);
    const c = cli(['train', '--dataset', 'csv', '--data', 'samples/labels.csv', '--front-end', SE, '--front-end-use', 'stats']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/add --stats-head W/);
  });
});
