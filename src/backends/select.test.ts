import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectSerErrorAsync } from '../../test/helpers.js';
import { BackendUnavailableError, SerError } from '../errors.js';
import type { Backend } from './backend.js';
import { getBackendPlugin } from './backend.js';
import { isModuleNotFound } from './node.js';
import { AUTO_BACKEND_ORDER, initBackend } from './select.js';

/** A module loader that behaves as if only `installed` packages exist; each registers 'tensorflow'. */
function fakeLoader(installed: Record<string, 'ok' | 'broken'>) {
  const calls: string[] = [];
  const importModule = async (specifier: string) => {
    calls.push(specifier);
    const state = installed[specifier];
    if (state === 'broken') throw new Error('libtensorflow.so.2: cannot open shared object file');
    if (state !== 'ok') {
      throw Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    tf.registerBackend('tensorflow', () => new MathBackendCPU());
    return {};
  };
  return { calls, importModule };
}

function recordingLogger() {
  const info: string[] = [];
  const warn: string[] = [];
  return { info, warn, logger: { info: (m: string) => info.push(m), warn: (m: string) => warn.push(m) } };
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow')) {
    await tf.setBackend('cpu');
    tf.removeBackend('tensorflow');
  }
});

describe('initBackend', () => {
  it("throws SER_BACKEND_UNAVAILABLE saying what to install when 'tensorflow' is chosen without tfjs-node", async () => {
    // tfjs-node cannot be installed here (its install downloads libtensorflow): the real path.
    const err = await expectSerErrorAsync(() => initBackend('tensorflow'), 'SER_BACKEND_UNAVAILABLE', /npm install @tensorflow\/tfjs-node/);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as BackendUnavailableError).backend).toBe('tensorflow');
    expect(err.message).toMatch(/tried @tensorflow\/tfjs-node-gpu, @tensorflow\/tfjs-node/);
  });

  it("'auto' in Node falls back to wasm when tfjs-node is not installed, quietly", async () => {
    const { info, warn, logger } = recordingLogger();
    const active = await initBackend('auto', { logger });
    expect(active).toEqual({ name: 'wasm', tfName: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    expect(warn).toEqual([]);
    expect(info.join('\n')).toMatch(/using 'wasm' \(tensorflow unavailable\)/);
    // Single-threaded SIMD in Node.
    expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).toBe(true);
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    // The wasm backend really computes.
    expect(tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0])).toBe(11);
  });

  it("'auto' prefers @tensorflow/tfjs-node-gpu (CUDA) over @tensorflow/tfjs-node", async () => {
    const { calls, importModule } = fakeLoader({ '@tensorflow/tfjs-node-gpu': 'ok', '@tensorflow/tfjs-node': 'ok' });
    expect(await initBackend('auto', { importModule })).toEqual({ name: 'tensorflow', tfName: 'tensorflow' });
    expect(calls).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it("'auto' uses @tensorflow/tfjs-node when only it is installed", async () => {
    const { calls, importModule } = fakeLoader({ '@tensorflow/tfjs-node': 'ok' });
    const { info, logger } = recordingLogger();
    expect(await initBackend('auto', { importModule, logger })).toEqual({ name: 'tensorflow', tfName: 'tensorflow' });
    expect(calls).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(info.join('\n')).toMatch(/loaded @tensorflow\/tfjs-node\b/);
  });

  it('skips an installed tfjs-node-gpu that fails (no CUDA) in favour of tfjs-node', async () => {
    const { calls, importModule } = fakeLoader({ '@tensorflow/tfjs-node-gpu': 'broken', '@tensorflow/tfjs-node': 'ok' });
    expect((await initBackend('tensorflow', { importModule })).name).toBe('tensorflow');
    expect(calls).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
  });

  it('reports an installed-but-broken tfjs-node: an error when chosen, a warning and a fallback under auto', async () => {
    const { importModule } = fakeLoader({ '@tensorflow/tfjs-node': 'broken' });
    await expectSerErrorAsync(() => initBackend('tensorflow', { importModule }), 'SER_BACKEND_UNAVAILABLE', /installed but failed to load .*libtensorflow/);
    const { warn, logger } = recordingLogger();
    expect((await initBackend('auto', { importModule, logger })).name).toBe('wasm');
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatch(/'tensorflow' is installed but failed/);
  });

  it("refuses 'webgl' in Node and 'tensorflow' in a browser, naming the alternatives", async () => {
    await expectSerErrorAsync(() => initBackend('webgl'), 'SER_BACKEND_UNAVAILABLE', /must run in a browser.*'wasm' or 'cpu'/);
    await expectSerErrorAsync(() => initBackend('tensorflow', { platform: 'browser' }), 'SER_BACKEND_UNAVAILABLE', /must run in Node\.js/);
  });

  it("'auto' in a browser tries webgl first, then wasm", async () => {
    const { calls, importModule } = fakeLoader({});
    expect(AUTO_BACKEND_ORDER.browser).toEqual(['webgl', 'wasm', 'cpu']);
    const { warn, logger } = recordingLogger();
    expect((await initBackend('auto', { platform: 'browser', importModule, logger })).name).toBe('wasm');
    expect(calls).toEqual(['@tensorflow/tfjs-backend-webgl']);
    expect(warn).toEqual([]);
  });

  it('honours an explicit choice and a Backend plug-in object', async () => {
    expect(await initBackend('cpu')).toEqual({ name: 'cpu', tfName: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    const init = vi.fn(async () => {
      await tf.setBackend('cpu');
    });
    const custom: Backend = { name: 'cpu', tfName: 'cpu', init };
    expect(await initBackend(custom)).toEqual({ name: 'cpu', tfName: 'cpu' });
    expect(init).toHaveBeenCalledTimes(1);
  });

  it('throws SER_INVALID_ARGUMENT for an unknown backend name', async () => {
    const err = await expectSerErrorAsync(() => initBackend('gpu' as 'cpu'), 'SER_INVALID_ARGUMENT', /choice must be 'auto' or one of/);
    expect(SerError.is(err, 'SER_INVALID_ARGUMENT')).toBe(true);
  });

  it('registers the cpu and wasm plug-ins when their entries are imported', async () => {
    const { cpuBackend } = await import('./cpu.js');
    const { wasmBackend } = await import('./wasm.js');
    expect(getBackendPlugin('cpu')).toBe(cpuBackend);
    expect(getBackendPlugin('wasm')).toBe(wasmBackend);
  });
});

describe('isModuleNotFound', () => {
  it('recognises a real missing-package error and ignores errors from inside a package', async () => {
    const specifier = '@tensorflow/tfjs-node';
    const real = await import(/* @vite-ignore */ specifier).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isModuleNotFound(real, specifier)).toBe(true);
    expect(isModuleNotFound(Object.assign(new Error("Cannot find module 'libtf'"), { code: 'MODULE_NOT_FOUND' }), specifier)).toBe(false);
    // tfjs-node installed, but its own dependency missing: the path mentions tfjs-node, the module is another.
    const inner = new Error("Cannot find package '@tensorflow/tfjs' imported from /app/node_modules/@tensorflow/tfjs-node/dist/index.js");
    expect(isModuleNotFound(Object.assign(inner, { code: 'ERR_MODULE_NOT_FOUND' }), specifier)).toBe(false);
  });
});
