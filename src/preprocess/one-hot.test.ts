import { describe, expect, expectTypeOf, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import type { ModelFormatError, UnknownLabelError } from '../errors.js';
import { EMOTIONS, type Emotion } from '../types.js';
import { OneHot } from './one-hot.js';

describe('OneHot', () => {
  const enc = new OneHot(EMOTIONS);

  it('keeps the constructor order as the index order', () => {
    expect(enc.labels).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad']);
    expect(enc.size).toBe(6);
    EMOTIONS.forEach((e, i) => expect(enc.encodeIndex(e)).toBe(i));
    const reversed = new OneHot(['b', 'a'] as const);
    expect(reversed.encodeIndex('b')).toBe(0);
    expect(Array.from(reversed.encode('a'))).toEqual([0, 1]);
  });

  it('encodes one label as a one-hot Float32Array', () => {
    const v = enc.encode('fear');
    expect(v).toBeInstanceOf(Float32Array);
    expect(Array.from(v)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('encodes a batch as a row-major [n, k] matrix', () => {
    const m = enc.encodeBatch(['sad', 'angry', 'sad']);
    expect(m.length).toBe(18);
    expect(Array.from(m)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(enc.encodeBatch([]).length).toBe(0);
  });

  it('decodes an index, a one-hot vector and a score vector (arg-max, first wins ties)', () => {
    expect(enc.decode(3)).toBe('happy');
    expect(enc.decode(enc.encode('neutral'))).toBe('neutral');
    expect(enc.decode([0.1, 0.5, 0.1, 0.1, 0.1, 0.1])).toBe('disgust');
    expect(enc.decode([0.3, 0.1, 0.3, 0.1, 0.1, 0.1])).toBe('angry');
    expect(enc.decode([-5, -4, -3, -2, -1, -Infinity])).toBe('neutral');
    expect(enc.decodeBatch(enc.encodeBatch(['sad', 'fear']))).toEqual(['sad', 'fear']);
  });

  it('types decode() as the label union', () => {
    const ab = new OneHot(['a', 'b'] as const);
    expectTypeOf(ab.decode(0)).toEqualTypeOf<'a' | 'b'>();
    expectTypeOf(enc.decode([1, 0, 0, 0, 0, 0])).toEqualTypeOf<Emotion>();
  });

  it('throws SER_UNKNOWN_LABEL for a label it does not know', () => {
    const err = expectSerError(() => enc.encode('calm' as Emotion), 'SER_UNKNOWN_LABEL', /label must be one of 'angry'.*\(got "calm"\)/);
    expect((err as UnknownLabelError).label).toBe('calm');
    expect((err as UnknownLabelError).known).toEqual(EMOTIONS);
    expectSerError(() => enc.encodeBatch(['sad', 'surprised' as Emotion]), 'SER_UNKNOWN_LABEL');
    expect(enc.has('calm')).toBe(false);
    expect(enc.has('sad')).toBe(true);
  });

  it('rejects duplicate, empty and non-string labels with SER_INVALID_ARGUMENT', () => {
    expectSerError(() => new OneHot(['a', 'b', 'a']), 'SER_INVALID_ARGUMENT', /distinct.*"a" at 0 and 2/);
    expectSerError(() => new OneHot([]), 'SER_INVALID_ARGUMENT', /non-empty/);
    expectSerError(() => new OneHot(['a', '']), 'SER_INVALID_ARGUMENT', /labels\[1\]/);
    expectSerError(() => new OneHot([1 as unknown as string]), 'SER_INVALID_ARGUMENT');
  });

  it('rejects bad decode input', () => {
    expectSerError(() => enc.decode(6), 'SER_INVALID_ARGUMENT', /\[0, 5\]/);
    expectSerError(() => enc.decode(1.5), 'SER_INVALID_ARGUMENT');
    expectSerError(() => enc.decode([1, 0]), 'SER_SHAPE_MISMATCH', /6 entries/);
    expectSerError(() => enc.decode([NaN, 0, 0, 0, 0, 0]), 'SER_INVALID_ARGUMENT', /NaN/);
    expectSerError(() => enc.decodeBatch(new Float32Array(7)), 'SER_SHAPE_MISMATCH');
  });

  it('round-trips through JSON and rejects damaged label lists with SER_MODEL_FORMAT', () => {
    const back = OneHot.fromJSON<Emotion>(JSON.parse(JSON.stringify(enc)));
    expect(back.labels).toEqual(enc.labels);
    expect(Array.from(back.encode('happy'))).toEqual(Array.from(enc.encode('happy')));
    expect(OneHot.fromJSON(['x', 'y']).labels).toEqual(['x', 'y']);
    expect(OneHot.fromJSON(JSON.stringify(enc)).size).toBe(6);
    for (const bad of [{ labels: ['a', 'a'] }, { labels: [] }, { labels: 'abc' }, null, { type: 'Scaler', labels: ['a'] }, '[']) {
      const err = expectSerError(() => OneHot.fromJSON(bad), 'SER_MODEL_FORMAT', /OneHot\.fromJSON: /);
      expect(['labels', 'type']).toContain((err as ModelFormatError).field);
    }
  });
});
