/**
 * The speech_embedding example of docs/front-ends.md runs as written (test/docs.test.ts skips it:
 * it needs the model files). It runs in a temp folder where `models` links to ../shared/models
 * and `RAVDESS` to the RAVDESS corpus, importing the library's source for 'emotion-recog'.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontEndDocBlocks, runFrontEndDocExample } from '../../test/front-end-doc-example.js';
import { DATA, SHARED } from '../../test/helpers.js';

const MODELS = join(SHARED, 'models');
const hasModels = existsSync(join(MODELS, 'speech-embedding', 'embedding_model.onnx')) && existsSync(DATA);
if (!hasModels) console.warn(`speech_embedding docs example skipped: ${MODELS} or ${DATA} is missing`);

const blocks = frontEndDocBlocks('## speech_embedding (ONNX)');

describe.skipIf(!hasModels)('docs/front-ends.md speech_embedding example', () => {
  it('runs and prints what its comment says (42 embeddings of 96 for the 4.1 s clip, 12512/1280)', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    const logged = await runFrontEndDocExample(blocks[0]!);
    expect(logged).toEqual([[42, 96, 12512, 1280]]);
    expect(blocks[0]).toContain('// 42 96 12512 1280');
  });
});
