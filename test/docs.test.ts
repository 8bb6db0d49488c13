/**
 * The TypeScript examples in docs/*.md run (docs/augment has its own test). Each ```ts block
 * that imports 'emotion-recog' is run against src/index.ts, in a temp folder holding the files
 * the examples name (clip.wav, call.wav … copies of real RAVDESS clips; ./RAVDESS links to
 * ../shared/data/ravdess-16k). A block preceded by
 * `<!-- norun: reason -->` is skipped from running (e.g. it needs a dataset that is not here),
 * but must still type-check as part of the docs (it is compiled, not executed).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA, itShared, REF, ROOT, SHARED_MISSING } from './helpers.js';

const DOCS = join(ROOT, 'docs');
const SRC = join(ROOT, 'src', 'index.ts');
// Inside the project so the examples resolve node_modules as a user's project would.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, '.tmp', 'docs-'));
// Without ../shared the shipped samples/angry.wav stands in for the clip, and the examples that
// name ./RAVDESS or ravdess_angry_a02.wav are skipped (SHARED_MISSING).
const clip = SHARED_MISSING ? join(ROOT, 'samples', 'angry.wav') : join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav');
for (const name of ['clip.wav', 'call.wav', '03-01-05-02-01-01-01.wav', 'in.wav']) copyFileSync(clip, join(dir, name));
if (!SHARED_MISSING) {
  copyFileSync(join(REF, 'wav', 'ravdess_angry_a02.wav'), join(dir, 'ravdess_angry_a02.wav'));
  symlinkSync(join(DATA, 'ravdess-16k'), join(dir, 'RAVDESS'));
}
// An MP4 container header: the decoder must refuse it by content with SER_UNSUPPORTED_AUDIO.
writeFileSync(join(dir, 'clip.mp4'), Uint8Array.of(0, 0, 0, 0x20, ...Buffer.from('ftypisom'), ...new Uint8Array(64)));
mkdirSync(join(dir, 'samples'));
for (const f of readdirSync(join(ROOT, 'samples'))) if (f.endsWith('.wav')) copyFileSync(join(ROOT, 'samples', f), join(dir, 'samples', f));
const cwd = process.cwd();
afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

const blocks = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) =>
    [...readFileSync(join(DOCS, f), 'utf8').matchAll(/(<!-- norun[^>]*-->\s*)?```ts\n([\s\S]*?)```/g)]
      .filter((m) => m[2]!.includes("from 'emotion-recog'"))
      .map((m, i) => ({ name: `${f} example ${i + 1}`, code: m[2]!, run: !m[1], shared: /\.\/RAVDESS|ravdess_angry_a02\.wav/.test(m[2]!) })),
  );

describe('docs examples', () => {
  it('finds runnable examples', () => {
    expect(blocks.filter((b) => b.run).length).toBeGreaterThanOrEqual(5);
  });

  const runnable = (shared: boolean) => blocks.filter((b) => b.run && b.shared === shared).map((b) => [b.name, b.code] as const);
  const runs = async (name: string, code: string): Promise<void> => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.ts`);
    const src = code.replace(/from 'emotion-recog'/g, `from ${JSON.stringify(SRC)}`).replace(/console\.(log|error)\(/g, '(globalThis as any).__docLog(');
    const logged: unknown[][] = [];
    (globalThis as Record<string, unknown>)['__docLog'] = (...a: unknown[]) => logged.push(a);
    writeFileSync(file, `${src}\nexport {};\n`);
    process.chdir(dir);
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      process.chdir(cwd);
    }
  };
  it.each(runnable(false))('%s runs', runs);
  itShared.each(runnable(true))('%s runs', runs);
});
