/**
 * The run-time lookup of onnxruntime: a missing package is a MissingDependencyError naming what to
 * install (simulated by importing a package name that is not installed, so the error is Node's
 * real one), a broken one a BackendUnavailableError; an explicit `ort` module is used as given.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectSerErrorAsync } from '../../test/helpers.js';

const state = vi.hoisted(() => ({ mode: 'real' as 'real' | 'missing' | 'broken', calls: [] as string[] }));

vi.mock('../model/io/node-builtins.js', async (orig) => {
  const real = await orig<typeof import('../model/io/node-builtins.js')>();
  return {
    ...real,
    importOptional: async (specifier: string) => {
      state.calls.push(specifier);
      if (state.mode === 'missing') return real.importOptional(`${specifier}-not-installed-for-this-test`);
      if (state.mode === 'broken') throw new Error('libonnxruntime.so.1: cannot open shared object file');
      return real.importOptional(specifier);
    },
  };
});

const { loadOnnxRuntime, onnxRuntimePackage } = await import('./onnx-runtime.js');

afterEach(() => {
  state.mode = 'real';
  state.calls.length = 0;
});

describe('loadOnnxRuntime', () => {
  it('names onnxruntime-node in Node', () => {
    expect(onnxRuntimePackage()).toBe('onnxruntime-node');
  });

  it('a missing package is a MissingDependencyError that says what to install', async () => {
    state.mode = 'missing';
    const err = await expectSerErrorAsync(() => loadOnnxRuntime(), 'SER_MISSING_DEPENDENCY', /need onnxruntime-node.*npm install onnxruntime-node/s);
    expect(err).toMatchObject({ packageName: 'onnxruntime-node' });
    expect(state.calls).toEqual(['onnxruntime-node']);
  });

  it('a package that fails to load is a BackendUnavailableError; the lookup is retried afterwards', async () => {
    state.mode = 'broken';
    await expectSerErrorAsync(() => loadOnnxRuntime(), 'SER_BACKEND_UNAVAILABLE', /onnxruntime-node is installed but failed to load \(libonnxruntime/);
    state.mode = 'real';
    const ort = await loadOnnxRuntime();
    expect(typeof ort.InferenceSession.create).toBe('function');
    // Found once, then cached.
    await loadOnnxRuntime();
    expect(state.calls).toEqual(['onnxruntime-node', 'onnxruntime-node']);
  });

  it('uses an explicit module (onnxruntime-web) and sets its wasm options', async () => {
    const web = await import('onnxruntime-web');
    const before = { paths: web.env.wasm.wasmPaths, threads: web.env.wasm.numThreads };
    try {
      const ort = await loadOnnxRuntime({ ort: web, wasmPaths: '/static/ort/', wasmThreads: 1 });
      expect(ort).toBe(web);
      expect(web.env.wasm.wasmPaths).toBe('/static/ort/');
      expect(web.env.wasm.numThreads).toBe(1);
      expect(state.calls).toEqual([]);
    } finally {
      if (before.paths === undefined) delete web.env.wasm.wasmPaths;
      else web.env.wasm.wasmPaths = before.paths;
      if (before.threads !== undefined) web.env.wasm.numThreads = before.threads;
    }
  });

  it('refuses an `ort` option that is not an onnxruntime module', async () => {
    await expectSerErrorAsync(() => loadOnnxRuntime({ ort: {} as never }), 'SER_BACKEND_UNAVAILABLE', /options\.ort must be/);
  });
});
