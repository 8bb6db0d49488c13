import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per public surface; backends are separate entries so a browser bundle never
  // sees Node-only packages.
  entry: {
    index: 'src/index.ts',
  },
  // Dual package: ESM (.js) for import, CJS (.cjs) for require.
  format: ['esm', 'cjs'],
  // Per-format declarations (.d.ts / .d.cts) so each condition in `exports` has its own types.
  dts: true,
  sourcemap: true,
  clean: true,
  // Node 20 and evergreen browsers both run ES2022.
  target: 'es2022',
  // Peers and runtime deps stay external: users get one copy of tfjs, shared with their app.
  external: [/^@tensorflow\//, 'fft.js'],
  // import.meta.url in CJS output is shimmed so the bundled model and wasm files resolve in both formats.
  shims: true,
});
