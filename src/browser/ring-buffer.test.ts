import { describe, expect, it } from 'vitest';
import { expectSerError } from '../../test/helpers.js';
import { RingBuffer } from './ring-buffer.js';

const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

describe('RingBuffer', () => {
  it('keeps the newest samples in time order across wrap-around, for every chunking', () => {
    const stream = ramp(0, 1000);
    for (const chunk of [1, 7, 128, 333, 999, 1000]) {
      const ring = new RingBuffer(250);
      for (let i = 0; i < stream.length; i += chunk) ring.push(stream.subarray(i, i + chunk));
      expect(ring.totalSamples).toBe(1000);
      expect(ring.length).toBe(250);
      expect(Array.from(ring.latest(250))).toEqual(Array.from(stream.subarray(750)));
      expect(Array.from(ring.latest(17))).toEqual(Array.from(stream.subarray(983)));
    }
  });

  it('holds fewer samples than its capacity at first and refuses to read more than it holds', () => {
    const ring = new RingBuffer(100);
    ring.push(ramp(5, 30));
    expect(ring.length).toBe(30);
    expect(Array.from(ring.latest(3))).toEqual([32, 33, 34]);
    expectSerError(() => ring.latest(31), 'SER_INVALID_ARGUMENT', /n must be an integer in \[0, 30\]/);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.latest(0).length).toBe(0);
  });

  it('rejects a non-positive capacity', () => {
    expectSerError(() => new RingBuffer(0), 'SER_INVALID_ARGUMENT', /capacity/);
  });
});
