/**
 * The speech_embedding example of docs/front-ends.md runs as written (test/docs.test.ts skips it:
 * it needs the model files). It runs in a temp folder where `models` links to ../shared/models
 * and `RAVDESS` to the RAVDESS corpus, importing the library's source for 'emotion-recog'.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA, ROOT, SHARED } from '../../test/helpers.js';

const MODELS = join(SHARED, 'models');
const hasModels = existsSync(join(MODELS, 'speech-embedding', 'embedding_model.onnx')) && existsSync(DATA);
if (!hasModels) console.warn(`speech_embedding docs example skipped: ${MODELS} or ${DATA} is missing`);

const doc = readFileSync(join(ROOT, 'docs', 'front-ends.md'), 'utf8');
const section = doc.slice(doc.indexOf('## speech_embedding (ONNX)')).split(/\n## /)[0]!;
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe.skipIf(!hasModels)('docs/front-ends.md speech_embedding example', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'speech-embedding-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs and prints what its comment says (42 embeddings of 96 for the 4.1 s clip, 12512/1280)', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    symlinkSync(MODELS, join(dir, 'models'));
    symlinkSync(join(DATA, 'ravdess-16k'), join(dir, 'RAVDESS'));
    const src = blocks[0]!.replace(/from 'emotion-recog'/g, `from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))}`).replace(/console\.log\(/g, '(globalThis as any).__seDocLog(');
    const logged: unknown[][] = [];
    (globalThis as Record<string, unknown>)['__seDocLog'] = (...a: unknown[]) => logged.push(a);
    const file = join(dir, 'example.ts');
    writeFileSync(file, `${src}\nexport {};\n`);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      process.chdir(cwd);
    }
    expect(logged).toEqual([[42, 96, 12512, 1280]]);
    expect(blocks[0]).toContain('// 42 96 12512 1280');
  });
});
