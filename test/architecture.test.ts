/**
 * Layering: a file may import only from its own layer or lower ones, and @tensorflow/* only in
 * the tf-facing layers (design guide §2). Scans the import statements of src/**.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');
const RANK: Record<string, number> = {
  'errors.ts': 0, 'types.ts': 0, 'version.ts': 0, internal: 0,
  audio: 1, features: 2, kernels: 2, augment: 3, preprocess: 3, data: 3, pipeline: 3,
  model: 4, 'front-ends': 4, train: 5, predict: 5, recognizer: 6, browser: 7, cli: 7, fleet: 7, scale: 7, 'index.ts': 8, 'browser.ts': 8, 'node.ts': 8,
  backends: -1,
};
const TF_ALLOWED = new Set(['model', 'front-ends', 'train', 'predict', 'recognizer', 'backends', 'cli', 'index.ts', 'browser.ts', 'node.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'assembly' ? [] : files(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}
const top = (p: string) => relative(SRC, p).split(sep)[0]!;
const rank = (t: string) => RANK[t.replace(/\.js$/, '.ts')] ?? RANK[t];

describe('architecture', () => {
  const all = files(SRC);
  it('finds the source tree', () => expect(all.length).toBeGreaterThan(5));
  it.each(all.map((f) => [relative(SRC, f), f]))('%s imports only its layer or lower ones', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const from = top(file);
    const fromRank = rank(from);
    expect(fromRank, `folder ${from} has no rank in test/architecture.test.ts`).toBeDefined();
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
    for (const s of specs) {
      if (s.startsWith('@tensorflow/')) {
        expect(TF_ALLOWED.has(from), `${relative(SRC, file)} imports ${s}: tfjs is allowed only in ${[...TF_ALLOWED].join(', ')}`).toBe(true);
      } else if (s.startsWith('.')) {
        const target = top(join(file, '..', s)).replace(/\.js$/, '.ts');
        const to = rank(target);
        if (from === 'backends') {
          expect(['errors.ts', 'types.ts', 'internal', 'backends', 'model'].includes(target), `${relative(SRC, file)} → ${s}`).toBe(true);
          continue;
        }
        expect(to, `unknown folder ${target}`).toBeDefined();
        expect(to! <= fromRank!, `${relative(SRC, file)} (layer ${fromRank}) imports upward: ${s} (layer ${to})`).toBe(true);
      }
    }
  });
});
