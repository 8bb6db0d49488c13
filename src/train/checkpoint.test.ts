import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, expectSerErrorAsync } from '../../test/helpers.js';
import { KILL_RUN, killData, killModel } from '../../test/train/kill-run.js';
import { useCpu, weightsOf } from '../../test/train/tiny.js';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { Trainer, type TrainerCheckpointMeta } from './trainer.js';

beforeAll(useCpu);
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ser-ckpt-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const contents = (best: boolean) => ({
  meta: { epoch: 3, note: 'ünïcode ✓' },
  weights: [new Float32Array([1, 2, 3]), new Float32Array([-0.5])],
  optimizer: { step: 12, m: [new Float32Array([0.1, 0.2, 0.3]), new Float32Array([4])], v: [new Float32Array([5, 6, 7]), new Float32Array([8])] },
  bestWeights: best ? [new Float32Array([9, 10, 11]), new Float32Array([Number.MIN_VALUE])] : null,
});

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips meta, weights, Adam state and best weights exactly', async () => {
    for (const best of [true, false]) {
      const dir = join(tmp(), 'nested', 'run');
      await saveCheckpoint(dir, contents(best));
      const back = await loadCheckpoint<{ epoch: number; note: string }>(dir);
      const c = contents(best);
      expect(back!.meta).toEqual(c.meta);
      expect(back!.weights.map((w) => Array.from(w))).toEqual(c.weights.map((w) => Array.from(w)));
      expect(back!.optimizer.step).toBe(12);
      expect(back!.optimizer.m.map((w) => Array.from(w))).toEqual(c.optimizer.m.map((w) => Array.from(w)));
      expect(back!.optimizer.v.map((w) => Array.from(w))).toEqual(c.optimizer.v.map((w) => Array.from(w)));
      expect(back!.bestWeights?.map((w) => Array.from(w)) ?? null).toEqual(c.bestWeights?.map((w) => Array.from(w)) ?? null);
      expect(readdirSync(dir)).toEqual([CHECKPOINT_FILE]); // no temporary file left behind
    }
  });

  it('returns null when there is no checkpoint, and ignores a torn temporary file', async () => {
    const dir = tmp();
    expect(await loadCheckpoint(dir)).toBeNull();
    writeFileSync(join(dir, `${CHECKPOINT_FILE}.tmp-12345`), 'SERCKPT1 half written');
    expect(await loadCheckpoint(dir)).toBeNull();
    await saveCheckpoint(dir, contents(false));
    expect((await loadCheckpoint<{ epoch: number }>(dir))!.meta.epoch).toBe(3);
  });

  it('throws SER_MODEL_FORMAT for a corrupted, truncated or foreign file', async () => {
    const dir = tmp();
    await saveCheckpoint(dir, contents(true));
    const file = join(dir, CHECKPOINT_FILE);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3]! ^= 0x40;
    writeFileSync(file, flipped);
    await expectSerErrorAsync(() => loadCheckpoint(dir), 'SER_MODEL_FORMAT', /checksum mismatch/);
    writeFileSync(file, good.subarray(0, good.length - 4));
    await expectSerErrorAsync(() => loadCheckpoint(dir), 'SER_MODEL_FORMAT', /expected \d+ bytes/);
    writeFileSync(file, 'not a checkpoint at all');
    await expectSerErrorAsync(() => loadCheckpoint(dir), 'SER_MODEL_FORMAT', /bad magic.*Delete it/);
  });
});

describe('kill -9 mid-training, then resume', () => {
  it('continues from the last complete epoch and ends with the uninterrupted weights', async () => {
    const { train, validation } = killData();
    const ref = killModel();
    const hRef = await new Trainer(KILL_RUN).fit(ref, train, { validation });

    const dir = tmp();
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/train/child-train.ts'), dir, '3'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).not.toMatch(/finished/);
    // The child died during epoch 3: the checkpoint on disk is the one of epoch 2.
    const ckpt = await loadCheckpoint<TrainerCheckpointMeta>(dir);
    expect(ckpt!.meta.epoch).toBe(2);
    expect(existsSync(join(dir, CHECKPOINT_FILE))).toBe(true);

    const resumed = killModel();
    const h = await new Trainer({ ...KILL_RUN, checkpointDir: dir, resume: true }).fit(resumed, train, { validation });
    expect(h.resumedFromEpoch).toBe(2);
    expect(h.epochs.map((e) => e.loss)).toEqual(hRef.epochs.map((e) => e.loss));
    expect(h.epochs.map((e) => e.valLoss)).toEqual(hRef.epochs.map((e) => e.valLoss));
    const a = weightsOf(ref);
    const b = weightsOf(resumed);
    a.forEach((w, i) => expect(Array.from(b[i]!)).toEqual(Array.from(w)));
    ref.dispose();
    resumed.dispose();
  });
});
