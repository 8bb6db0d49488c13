/**
 * The CREPE example of docs/front-ends.md runs as written (test/docs.test.ts skips it: it needs
 * the model files). It runs in a temp folder where `models` links to ../shared/models and
 * `RAVDESS` to the RAVDESS corpus, importing the library's source for 'emotion-recog'.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontEndDocBlocks, runFrontEndDocExample } from '../../test/front-end-doc-example.js';
import { DATA, SHARED } from '../../test/helpers.js';
import { readWav } from '../../test/read-pcm16.js';

const MODELS = join(SHARED, 'models');
const hasModels = existsSync(join(MODELS, 'crepe-tiny-tfjs', 'model.json')) && existsSync(DATA);
if (!hasModels) console.warn(`CREPE docs example skipped: ${MODELS} or ${DATA} is missing`);

const blocks = frontEndDocBlocks('## CREPE (TensorFlow.js)');

describe.skipIf(!hasModels)('docs/front-ends.md CREPE example', () => {
  it('runs and prints 256-d embeddings every 40 ms, voiced frames and the model.json hash', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    const logged = await runFrontEndDocExample(blocks[0]!);
    expect(logged).toHaveLength(1);
    const [frames, dim, voiced, file0] = logged[0]! as [number, number, number, { name: string; sha256: string }];
    const n = readWav(join(DATA, 'ravdess-16k', 'Actor_01', '03-01-05-02-01-01-01.wav')).samples.length;
    expect(frames).toBe(1 + Math.floor((n - 1024) / 640));
    expect(dim).toBe(256);
    expect(voiced).toBeGreaterThan(10);
    expect(file0).toEqual({ name: 'model.json', sha256: '91015e8891c8cf9ded26277f1bb487de26357938ee653e3f9d410676d9ed0e32' });
  });
});
