/**
 * The package's ESM build bundles for the browser: esbuild with platform 'browser' must resolve
 * every import of the entries a web app uses without any Node built-in (node:fs, node:path …).
 * Node-only code reaches built-ins solely through run-time lookups that bundlers leave alone.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const ENTRIES = ['browser.js', 'index.js', 'backends/wasm.js', 'backends/cpu.js', 'backends/webgl.js'];
const NODE_BUILTINS = /^(node:|(fs|path|url|os|worker_threads|crypto|module|v8|util|child_process)(\/|$))/;

describe('browser bundle of the ESM build', () => {
  it.each(ENTRIES)('dist/%s bundles for the browser with no Node built-in', async (entry) => {
    const file = join(ROOT, 'dist', entry);
    expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true);
    const result = await build({
      entryPoints: [file],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outdir: join(ROOT, '.tmp', 'browser-bundle-check'),
    });
    expect(result.errors).toEqual([]);
    const meta: Metafile = result.metafile!;
    const imports = Object.values(meta.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => NODE_BUILTINS.test(p))).toEqual([]);
    const js = result.outputFiles!.filter((f) => f.path.endsWith('.js')).map((f) => f.text).join('\n');
    // No static import of a built-in survives in the output either.
    expect(js.match(/\bfrom\s*["']node:[^"']+["']/g) ?? []).toEqual([]);
    // The library's own run-time Node lookups are kept (behind isNode checks) but not resolved.
    expect(Object.keys(meta.inputs).some((p) => p.includes('tfjs-core'))).toBe(true);
  });
});
