/**
 * The Node-only entry `emotion-recog/node` (built dist/, as installed): the main API plus
 * recognizeMany, whose worker script resolves from the ESM and the CJS build alike; the browser
 * build never contains the worker-thread pool.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, ROOT, SHARED_MISSING } from './helpers.js';

// Without ../shared two shipped samples stand in for the RAVDESS clips.
const clips = SHARED_MISSING
  ? [join(ROOT, 'samples', 'angry.wav'), join(ROOT, 'samples', 'sad.wav')]
  : [join(DATA, 'ravdess-16k', 'Actor_10', '03-01-05-01-01-01-10.wav'), join(DATA, 'ravdess-16k', 'Actor_10', '03-01-04-01-01-01-10.wav')];
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });

describe('emotion-recog/node', () => {
  const body = `const out = []; for await (const r of m.recognizeMany(${JSON.stringify(clips)}, { threads: 2 })) out.push([r.index, r.ok, r.recognition.emotion]); console.log(JSON.stringify({ keys: Object.keys(m).filter((k) => k !== '__esModule' && k !== 'default').sort(), out }));`;

  it('ESM and CJS builds export the same names, recognizeMany among them, and both start their workers', () => {
    const esm = JSON.parse(run(['--input-type=module', '-e', `import * as m from 'emotion-recog/node'; ${body}`])) as { keys: string[]; out: unknown[] };
    const cjs = JSON.parse(run(['-e', `const m = require('emotion-recog/node'); (async () => { ${body} })();`])) as { keys: string[]; out: unknown[] };
    expect(cjs.keys).toEqual(esm.keys);
    for (const k of ['recognizeMany', 'ResultsLog', 'parseShard', 'shardFiles', 'EmotionRecognizer']) expect(esm.keys).toContain(k);
    expect(esm.out).toHaveLength(2);
    expect(cjs.out).toEqual(esm.out);
    expect(esm.out.map((o) => (o as unknown[])[1])).toEqual([true, true]);
  });

  it('starts its workers under Node flags that workers refuse (V8 options, --input-type)', () => {
    const one = `for await (const r of m.recognizeMany([${JSON.stringify(clips[0])}], { threads: 1 })) console.log(JSON.stringify(r.recognition.emotion));`;
    const a = run(['--single-threaded-gc', '--max-old-space-size=2048', '-e', `const m = require('emotion-recog/node'); (async () => { ${one} })();`]);
    const b = run(['--input-type=module', '--single-threaded-gc', '-e', `import * as m from 'emotion-recog/node'; ${one}`]);
    expect(JSON.parse(a)).toBeTypeOf('string');
    expect(b).toBe(a);
  });

  it('keeps the pool out of the main and browser entries', () => {
    const main = JSON.parse(run(['--input-type=module', '-e', "import * as m from 'emotion-recog'; console.log(JSON.stringify(Object.keys(m)))"])) as string[];
    expect(main).not.toContain('recognizeMany');
    // Everything browser.js loads (its chunks, transitively) never names the pool or its worker script.
    const dist = join(ROOT, 'dist');
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const m of readFileSync(join(dist, f), 'utf8').matchAll(/from\s*["']\.\/([\w.-]+\.js)["']|import\(["']\.\/([\w.-]+\.js)["']\)/g)) visit(m[1] ?? m[2]!);
    };
    visit('browser.js');
    expect(seen.size).toBeGreaterThan(1);
    for (const f of seen) expect(readFileSync(join(dist, f), 'utf8')).not.toMatch(/recognizeMany|scale-worker/);
    expect(readdirSync(dist)).toEqual(expect.arrayContaining(['scale-worker.js', 'scale-worker.cjs', 'node.js', 'node.cjs']));
  });
});
