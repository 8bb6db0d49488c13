import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { ResultsLog } from './results-log.js';

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'results-log-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('ResultsLog', () => {
  it('appends one JSON line per record and reopens with the files already done', () => {
    const p = join(dir, 'a.jsonl');
    const log = ResultsLog.open(p, { syncEvery: 1 });
    log.append({ file: 'x/1.wav', emotion: 'sad' } as { file: string });
    log.append({ file: 'x/2.wav', error: { code: 'SER_IO' } } as { file: string });
    log.close();
    expect(readFileSync(p, 'utf8')).toBe('{"file":"x/1.wav","emotion":"sad"}\n{"file":"x/2.wav","error":{"code":"SER_IO"}}\n');
    const again = ResultsLog.open(p, { resume: true });
    expect(again.resumedLines).toBe(2);
    expect(again.truncatedBytes).toBe(0);
    expect(again.has('x/1.wav') && again.has(resolve('x/2.wav'))).toBe(true);
    expect(again.has('x/3.wav')).toBe(false);
    again.append({ file: 'x/3.wav' });
    again.close();
    expect(readFileSync(p, 'utf8').split('\n')).toHaveLength(4);
  });

  it('cuts a torn last line on resume, so the next line starts clean', () => {
    const p = join(dir, 'torn.jsonl');
    writeFileSync(p, '{"file":"a.wav","emotion":"sad"}\n{"file":"b.wav","emo');
    const log = ResultsLog.open(p, { resume: true });
    expect(log.truncatedBytes).toBe('{"file":"b.wav","emo'.length);
    expect(log.has('a.wav')).toBe(true);
    expect(log.has('b.wav')).toBe(false);
    log.append({ file: 'b.wav' });
    log.close();
    expect(readFileSync(p, 'utf8')).toBe('{"file":"a.wav","emotion":"sad"}\n{"file":"b.wav"}\n');
  });

  it('refuses to overwrite results without resume, and a damaged line in the middle', () => {
    const p = join(dir, 'exists.jsonl');
    writeFileSync(p, '{"file":"a.wav"}\n');
    expectSerError(() => ResultsLog.open(p), 'SER_IO', /--resume/);
    appendFileSync(p, 'not json\n{"file":"c.wav"}\n');
    expectSerError(() => ResultsLog.open(p, { resume: true }), 'SER_IO', /line 2/);
    expectSerError(() => ResultsLog.open(join(dir, 'no', 'such', 'dir.jsonl')), 'SER_IO', /cannot open/);
  });
});
