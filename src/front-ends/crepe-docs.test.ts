/**
 * The CREPE example of docs/front-ends.md runs as written (test/docs.test.ts skips it: it needs
 * the model files). It runs in a temp folder where `models` links to ../shared/models and
 * `RAVDESS` to the RAVDESS corpus, importing the library's source for 'emotion-recog'.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA, ROOT, SHARED } from '../../test/helpers.js';
import { readWav } from '../../test/read-pcm16.js';

const MODELS = join(SHARED, 'models');
const hasModels = existsSync(join(MODELS, 'crepe-tiny-tfjs', 'model.json')) && existsSync(DATA);
if (!hasModels) console.warn(`CREPE docs example skipped: ${MODELS} or ${DATA} is missing`);

const doc = readFileSync(join(ROOT, 'docs', 'front-ends.md'), 'utf8');
const section = doc.slice(doc.indexOf('## CREPE (TensorFlow.js)')).split(/\n## /)[0]!;
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe.skipIf(!hasModels)('docs/front-ends.md CREPE example', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'crepe-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs and prints 256-d embeddings every 40 ms, voiced frames and the model.json hash', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    symlinkSync(MODELS, join(dir, 'models'));
    symlinkSync(join(DATA, 'ravdess-16k'), join(dir, 'RAVDESS'));
    const src = blocks[0]!.replace(/from 'emotion-recog'/g, `from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))}`).replace(/console\.log\(/g, '(globalThis as any).__crepeDocLog(');
    const logged: unknown[][] = [];
    (globalThis as Record<string, unknown>)['__crepeDocLog'] = (...a: unknown[]) => logged.push(a);
    const file = join(dir, 'example.ts');
    writeFileSync(file, `${src}\nexport {};\n`);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      process.chdir(cwd);
    }
    expect(logged).toHaveLength(1);
    const [frames, dim, voiced, file0] = logged[0]! as [number, number, number, { name: string; sha256: string }];
    const n = readWav(join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav')).samples.length;
    expect(frames).toBe(1 + Math.floor((n - 1024) / 640));
    expect(dim).toBe(256);
    expect(voiced).toBeGreaterThan(10);
    expect(file0).toEqual({ name: 'model.json', sha256: '91015e8891c8cf9ded26277f1bb487de26357938ee653e3f9d410676d9ed0e32' });
  });
});
