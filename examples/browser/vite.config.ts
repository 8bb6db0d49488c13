/**
 * Vite config of the browser example. `npx vite examples/browser` serves it (dev),
 * `npx vite build examples/browser` writes examples/browser/dist. Besides the page it serves
 * the static files the library loads at run time:
 *   models/default/** ← the model bundle or ensemble (SER_MODEL_DIR, default <repo>/models/default)
 *   tfjs-wasm/*.wasm  ← @tensorflow/tfjs-backend-wasm's binaries (passed as wasmPaths)
 * The page imports the package by name; the aliases point at the built package (dist/, what
 * `npm install emotion-recog` gives) or, with SER_EXAMPLE_FROM=src, at the TypeScript sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const modelDir = resolve(process.env.SER_MODEL_DIR ?? join(repo, 'models', 'default'));
const wasmDir = join(repo, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const fromSource = process.env.SER_EXAMPLE_FROM === 'src';

const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.json': 'application/json' };

/** URL path (no leading slash) → file on disk, for the model bundle and the tfjs wasm binaries. */
function staticFiles(): Map<string, string> {
  const files = new Map<string, string>();
  // The bundle folder, recursively: an ensemble keeps ensemble.json plus one folder per member.
  const walk = (dir: string, prefix: string): void => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${f}/`);
      else files.set(`models/default/${prefix}${f}`, p);
    }
  };
  walk(modelDir, '');
  for (const f of readdirSync(wasmDir)) if (f.endsWith('.wasm')) files.set(`tfjs-wasm/${f}`, join(wasmDir, f));
  return files;
}

function serveRuntimeFiles(): Plugin {
  return {
    name: 'emotion-recog-runtime-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, ''));
        const file = staticFiles().get(path);
        if (!file) return next();
        res.setHeader('content-type', TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of staticFiles()) this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
    },
  };
}

const lib = fromSource
  ? { browser: join(repo, 'src', 'browser.ts'), webgl: join(repo, 'src', 'backends', 'webgl.ts') }
  : { browser: join(repo, 'dist', 'browser.js'), webgl: join(repo, 'dist', 'backends', 'webgl.js') };

export default defineConfig({
  root: here,
  // Relative asset URLs: the built page works from any folder of any static server.
  base: './',
  resolve: {
    alias: [
      { find: /^emotion-recog\/backends\/webgl$/, replacement: lib.webgl },
      { find: /^emotion-recog\/browser$/, replacement: lib.browser },
    ],
  },
  build: {
    outDir: process.env.SER_EXAMPLE_OUT ? resolve(process.env.SER_EXAMPLE_OUT) : join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // tfjs is large; one chunk is fine for an example.
    chunkSizeWarningLimit: 5000,
  },
  plugins: [serveRuntimeFiles()],
});
