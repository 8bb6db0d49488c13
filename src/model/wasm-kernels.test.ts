import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../../test/helpers.js';
import { initBackend } from '../backends/select.js';
import { createRng, randn } from '../internal/rng.js';
import './tf-setup.js';

const rand = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => randn(rng));
};

/** Run `fn` on cpu and on wasm and return both results as plain arrays. */
async function onBoth(fn: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  const out: Float32Array[] = [];
  for (const b of ['cpu', 'wasm'] as const) {
    await initBackend(b);
    out.push(tf.tidy(() => fn().dataSync() as Float32Array).slice());
  }
  return [out[0]!, out[1]!];
}

describe('wasm training kernels', () => {
  it('registers the composed Conv2DBackpropFilter for wasm only', async () => {
    await initBackend('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc.name).toBe('conv2dBackpropFilterComposed');
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc.name).not.toBe('conv2dBackpropFilterComposed');
  });

  it.each<[string, [number, number, number, number], [number, number, number, number], [number, number], 'same' | 'valid']>([
    ['conv1d-like k5 same', [3, 1, 11, 4], [1, 5, 4, 6], [1, 1], 'same'],
    ['3x3 same', [2, 6, 7, 3], [3, 3, 3, 5], [1, 1], 'same'],
    ['3x3 valid stride 2', [2, 9, 8, 2], [3, 3, 2, 4], [2, 2], 'valid'],
    ['4x2 same stride 2 (asymmetric padding)', [1, 7, 9, 3], [4, 2, 3, 2], [2, 2], 'same'],
    ['1x1', [2, 4, 4, 3], [1, 1, 3, 2], [1, 1], 'valid'],
  ])('Conv2DBackpropFilter on wasm equals cpu (%s)', async (_name, xShape, fShape, strides, pad) => {
    const xv = rand(xShape.reduce((a, b) => a * b), 1);
    const fv = rand(fShape.reduce((a, b) => a * b), 2);
    const [cpu, wasm] = await onBoth(() => {
      const x = tf.tensor4d(xv, xShape);
      const f = tf.tensor4d(fv, fShape);
      // d/dfilter of Σ conv(x, f)·w with a fixed random weighting w of the output.
      const g = tf.grad((filter: tf.Tensor) => {
        const y = tf.conv2d(x, filter as tf.Tensor4D, strides, pad);
        return tf.sum(tf.mul(y, tf.tensor(rand(y.size, 3), y.shape)));
      });
      return g(f);
    });
    expect(cpu.length).toBe(fShape.reduce((a, b) => a * b));
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-4);
    expect(Math.max(...cpu.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('conv1d weight gradient on wasm equals cpu', async () => {
    const xv = rand(2 * 20 * 5, 4);
    const fv = rand(3 * 5 * 7, 5);
    const [cpu, wasm] = await onBoth(() => {
      const g = tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv1d(tf.tensor3d(xv, [2, 20, 5]), f as tf.Tensor3D, 1, 'same'))));
      return g(tf.tensor3d(fv, [3, 5, 7]));
    });
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-3 * Math.max(...cpu.map(Math.abs)));
  });

  it('UnsortedSegmentSum (the gather gradient) on wasm equals cpu, dropping out-of-range ids', async () => {
    const xv = rand(6 * 4, 6);
    const [cpu, wasm] = await onBoth(() => tf.unsortedSegmentSum(tf.tensor2d(xv, [6, 4]), tf.tensor1d([0, 2, 0, -1, 3, 2], 'int32'), 4));
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5);
    // Row 1 has no member: zeros.
    expect([...wasm.slice(4, 8)]).toEqual([0, 0, 0, 0]);
    const [gc, gw] = await onBoth(() => tf.grad((p: tf.Tensor) => tf.sum(tf.gather(p, tf.tensor1d([1, 1, 3], 'int32'))))(tf.tensor2d(xv.slice(0, 16), [4, 4])));
    expect([...gw]).toEqual([...gc]);
    expect([...gw.slice(4, 8)]).toEqual([2, 2, 2, 2]);
  });

  it('frees its intermediates', async () => {
    await initBackend('wasm');
    const x = tf.tensor4d(rand(2 * 6 * 6 * 2, 7), [2, 6, 6, 2]);
    const dy = tf.tensor4d(rand(2 * 6 * 6 * 3, 8), [2, 6, 6, 3]);
    const before = tf.memory().numTensors;
    const dw = tf.tidy(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] }) as tf.Tensor);
    expect(dw.shape).toEqual([3, 3, 2, 3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, dy, dw]);
  });
});
