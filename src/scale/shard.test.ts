import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { parseShard, SHARD_COUNT_ENV, SHARD_INDEX_ENV, shardFiles } from './shard.js';

const files = Array.from({ length: 23 }, (_, i) => `clips/${String.fromCharCode(97 + ((i * 7) % 26))}-${i}.wav`);

describe('shards', () => {
  it('parses I/N, env/N and env (JOB_COMPLETION_INDEX and EMOTION_RECOG_SHARDS)', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(parseShard('env/4', { [SHARD_INDEX_ENV]: '3' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('env', { [SHARD_INDEX_ENV]: '0', [SHARD_COUNT_ENV]: '7' })).toEqual({ index: 0, count: 7 });
  });

  it('refuses malformed specs, missing variables and indices out of range', () => {
    expectSerError(() => parseShard('5/5'), 'SER_INVALID_ARGUMENT', /\[0, N\)/);
    expectSerError(() => parseShard('1-4'), 'SER_INVALID_ARGUMENT', /I\/N/);
    expectSerError(() => parseShard('a/4'), 'SER_INVALID_ARGUMENT');
    expectSerError(() => parseShard('env/4', {}), 'SER_INVALID_ARGUMENT', /JOB_COMPLETION_INDEX.*not set/);
    expectSerError(() => parseShard('env', { [SHARD_INDEX_ENV]: '1' }), 'SER_INVALID_ARGUMENT', /EMOTION_RECOG_SHARDS/);
    expectSerError(() => parseShard('0/0'), 'SER_INVALID_ARGUMENT');
  });

  it('the shards of a list are disjoint, cover it, and do not depend on the order it was listed in', () => {
    for (const n of [1, 2, 3, 4, 23, 30]) {
      const parts = Array.from({ length: n }, (_, i) => shardFiles(files, { index: i, count: n }));
      const all = parts.flat();
      expect(all).toHaveLength(files.length);
      expect(new Set(all)).toEqual(new Set(files));
      // sizes differ by at most one
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      // the same shard from a shuffled listing
      const shuffled = [...files].reverse();
      parts.forEach((p, i) => expect(shardFiles(shuffled, { index: i, count: n })).toEqual(p));
    }
    const sorted = [...files].sort();
    expect(shardFiles(files, { index: 1, count: 3 })).toEqual([sorted[1], sorted[4], sorted[7], sorted[10], sorted[13], sorted[16], sorted[19], sorted[22]]);
  });
});
