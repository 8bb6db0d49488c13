/**
 * Runs the first ```ts example of a docs/front-ends.md section as written, in a temp folder where
 * `models` links to ../shared/models and `RAVDESS` to the RAVDESS corpus, with 'emotion-recog'
 * pointing at the library's source; returns what the example printed (one array per console.log).
 * For the examples test/docs.test.ts cannot run (they need the model files).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, ROOT, SHARED } from './helpers.js';

/** The ```ts blocks of the docs/front-ends.md section under `heading` (e.g. '## CREPE (TensorFlow.js)'). */
export function frontEndDocBlocks(heading: string): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'front-ends.md'), 'utf8');
  const section = doc.slice(doc.indexOf(heading)).split(/\n## /)[0]!;
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Run `code` (an example) and return its console.log calls' arguments. */
export async function runFrontEndDocExample(code: string): Promise<unknown[][]> {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'front-end-docs-'));
  const hook = `__frontEndDocLog${Math.random().toString(36).slice(2)}`;
  const logged: unknown[][] = [];
  (globalThis as Record<string, unknown>)[hook] = (...a: unknown[]) => logged.push(a);
  const cwd = process.cwd();
  try {
    symlinkSync(join(SHARED, 'models'), join(dir, 'models'));
    symlinkSync(join(DATA, 'ravdess-16k'), join(dir, 'RAVDESS'));
    const src = code.replace(/from 'emotion-recog'/g, `from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))}`).replace(/console\.log\(/g, `(globalThis as any).${hook}(`);
    const file = join(dir, 'example.ts');
    writeFileSync(file, `${src}\nexport {};\n`);
    process.chdir(dir);
    await import(/* @vite-ignore */ file);
  } finally {
    process.chdir(cwd);
    delete (globalThis as Record<string, unknown>)[hook];
    rmSync(dir, { recursive: true, force: true });
  }
  return logged;
}
