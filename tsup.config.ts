import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per public surface. Backends are separate entries (registered by side effect) so
  // a browser bundle never sees Node-only packages; the CLI is its own entry with a shebang.
  entry: {
    index: 'src/index.ts',
    // The browser entry: the main API plus listen/openMicrophone/decodeWithBrowser (Web Audio).
    browser: 'src/browser.ts',
    cli: 'src/cli/main.ts',
    // Node-only: the main API plus recognizeMany (worker threads), results logs and shards.
    node: 'src/node.ts',
    // recognizeMany's worker script, loaded by path beside the chunk that starts it (.js or .cjs).
    'scale-worker': 'src/scale/pool-worker.ts',
    'backends/node': 'src/backends/node.ts',
    'backends/wasm': 'src/backends/wasm.ts',
    'backends/cpu': 'src/backends/cpu.ts',
    'backends/webgl': 'src/backends/webgl.ts',
  },
  // Dual package: ESM (.js) for import, CJS (.cjs) for require.
  format: ['esm', 'cjs'],
  // Per-format declarations (.d.ts / .d.cts) so each condition in `exports` has its own types.
  dts: { entry: { index: 'src/index.ts', browser: 'src/browser.ts', node: 'src/node.ts', 'backends/node': 'src/backends/node.ts', 'backends/wasm': 'src/backends/wasm.ts', 'backends/cpu': 'src/backends/cpu.ts', 'backends/webgl': 'src/backends/webgl.ts' } },
  sourcemap: true,
  clean: true,
  // Node 20 and evergreen browsers both run ES2022.
  target: 'es2022',
  // Peers and runtime deps stay external: users get one copy of tfjs, shared with their app;
  // the optional decoders are imported lazily only when a FLAC/Ogg/MP3 file arrives; the ONNX
  // runtimes (optional peers) are looked up at run time by the ONNX front ends.
  external: [/^@tensorflow\//, 'fft.js', /^@wasm-audio-decoders\//, 'mpg123-decoder', 'onnxruntime-node', 'onnxruntime-web'],
  // import.meta.url in CJS output is shimmed so the bundled model and wasm files resolve in both formats.
  shims: true,
  // Shared code between entries goes into chunks instead of being duplicated.
  splitting: true,
});
