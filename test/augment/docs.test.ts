/**
 * Every TypeScript example in docs/augment/*.md runs: the `emotion-recog` import is pointed at
 * src/augment/index.ts, console output is swallowed, and the module is imported.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const DOCS = join(ROOT, 'docs', 'augment');
const SRC = join(ROOT, 'src', 'augment', 'index.ts');
const dir = mkdtempSync(join(tmpdir(), 'augment-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const examples = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) =>
    [...readFileSync(join(DOCS, f), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .filter((code) => code.includes("from 'emotion-recog'"))
      .map((code, i) => [`${f} example ${i + 1}`, code] as const),
  );

describe('docs/augment examples', () => {
  it('finds an example on every transform page', () => {
    const pages = new Set(examples.map(([name]) => name.split(' ')[0]));
    for (const p of [
      'time-stretch.md', 'pitch-shift.md', 'speed.md', 'noise.md', 'gain.md', 'shift.md', 'spec-augment.md', 'augmenter.md', 'f0.md',
      'telephone.md', 'companding.md', 'lowpass.md', 'reverb.md', 'babble.md', 'eq-tilt.md', 'clipping.md',
    ]) {
      expect(pages.has(p), p).toBe(true);
    }
  });

  it.each(examples)('%s runs', async (name, code) => {
    const logged: unknown[][] = [];
    (globalThis as Record<string, unknown>)['__docLog'] = (...a: unknown[]) => logged.push(a);
    const file = join(dir, `${name.replace(/\W+/g, '-')}.ts`);
    const src = code
      .replace(/from 'emotion-recog'/g, `from ${JSON.stringify(SRC)}`)
      .replace(/console\.log\(/g, '(globalThis as any).__docLog(');
    writeFileSync(file, `${src}\nexport {};\n`);
    await import(/* @vite-ignore */ file);
    expect(logged.length).toBeGreaterThan(0);
  });
});
