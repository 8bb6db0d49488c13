/**
 * recognizeMany on real clips: the same answers as one recognizer on this thread, for 1 and 2
 * workers; input order kept (or not, when asked); bad inputs and stuck ones reported per input.
 */
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, constants, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA, describeShared, ifShared } from '../../test/helpers.js';
import { EmotionRecognizer, type Recognition } from '../recognizer/emotion-recognizer.js';
import { recognizeMany, type FileResult } from './recognize-many.js';

const dir = join(DATA, 'ravdess-16k', 'Actor_05');
const clips = ifShared(() => readdirSync(dir).sort().filter((_, i) => i % 5 === 0).map((f) => join(dir, f)), []); // 12 clips
let tmp: string;
let reference: Recognition[];

async function collect(it: AsyncIterable<FileResult>): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'many-'));
  const r = await EmotionRecognizer.load();
  reference = [];
  for (const c of clips) reference.push(await r.recognize(c));
  await r.dispose();
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describeShared('recognizeMany', () => {
  // (1 worker: the deadline test below gives the same answers for its clips.)
  it('gives exactly the answers of one recognizer on this thread, in input order, with 2 worker threads', async () => {
    for (const threads of [2]) {
      const out = await collect(recognizeMany(clips, { threads }));
      expect(out.map((r) => r.index)).toEqual(clips.map((_, i) => i));
      expect(out.map((r) => r.file)).toEqual(clips);
      out.forEach((r, i) => {
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.recognition).toEqual(reference[i]);
      });
    }
  });

  it('reports a bad input with its typed error and labels the rest; unordered output covers every input once', async () => {
    const bad = join(tmp, 'broken.wav');
    await writeFile(bad, 'RIFF\x10\x00\x00\x00WAVEjunk');
    const inputs = [clips[0]!, bad, join(tmp, 'missing.wav'), clips[1]!, clips[2]!];
    const out = await collect(recognizeMany(inputs, { threads: 2, ordered: false, maxInFlight: 2 }));
    expect(out.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4]);
    const by = new Map(out.map((r) => [r.index, r]));
    expect(by.get(1)).toMatchObject({ ok: false, file: bad, error: { code: 'SER_CORRUPT_AUDIO', name: 'CorruptAudioError' } });
    expect(by.get(2)).toMatchObject({ ok: false, error: { code: 'SER_IO' } });
    for (const [i, ref] of [[0, 0], [3, 1], [4, 2]] as const) expect(by.get(i)).toMatchObject({ ok: true, recognition: reference[ref] });
  });

  it('replaces a worker stuck on one input past the deadline and reports that input with SER_TIMEOUT', async () => {
    // Reading a FIFO that nobody writes to blocks forever: a stuck decoder, as far as the pool can tell.
    const fifo = join(tmp, 'stuck.wav');
    execFileSync('mkfifo', [fifo]);
    try {
      const out = await collect(recognizeMany([clips[0]!, fifo, clips[1]!, clips[2]!], { threads: 1, deadlineMs: 4000 }));
      expect(out.map((r) => r.index)).toEqual([0, 1, 2, 3]);
      expect(out[1]).toMatchObject({ ok: false, file: fifo, error: { code: 'SER_TIMEOUT', limit: 4000, unit: 'ms' } });
      expect(out[1]!.ok === false && out[1]!.error.message).toMatch(/4000 ms.*--deadline/);
      // the replacement worker labels the files after it
      expect(out.filter((r) => r.ok).map((r) => r.ok && r.recognition)).toEqual(reference.slice(0, 3));
    } finally {
      // release the blocked read of the terminated worker
      const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      closeSync(fd);
    }
  });

  it('reads inputs lazily: an endless async iterable is consumed only as far as the caller reads', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield clips[pulled % clips.length]!;
      }
    }
    let seen = 0;
    for await (const r of recognizeMany(endless(), { threads: 2, maxInFlight: 4 })) {
      expect(r.ok).toBe(true);
      if (++seen === 6) break;
    }
    // at most maxInFlight inputs beyond the six read ahead
    expect(pulled).toBeLessThanOrEqual(6 + 4);
  });

  it('throws the typed error when the workers cannot load the model (and starts none for no inputs)', async () => {
    expect(await collect(recognizeMany([], { threads: 1, model: join(tmp, 'no-model') }))).toEqual([]);
    await expect(collect(recognizeMany(clips.slice(0, 1), { threads: 1, model: join(tmp, 'no-model') }))).rejects.toMatchObject({ code: 'SER_MODEL_FORMAT' });
  });
});
