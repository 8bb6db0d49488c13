/**
 * The built package (dist/, made by `npm test`'s build step) exposes the same API under
 * `import` and `require`, and every backend subpath loads in both formats.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const EXPECTED = [
  'AudioDecoder', 'Mfcc', 'Augmenter', 'StandardScaler', 'OneHot', 'buildCnnLstm', 'Trainer', 'Predictor', 'EmotionRecognizer',
  'FeaturePipeline', 'CnnLstmEngine', 'loadDataset', 'groupedKFold', 'saveBundle', 'loadBundle', 'initBackend',
  'SerError', 'InvalidArgumentError', 'UnsupportedAudioError', 'ModelFormatError', 'EMOTIONS', 'LIBRARY_VERSION',
  'resample', 'parseWav', 'timeStretch', 'pitchShift', 'addNoise', 'specAugment', 'classificationReport', 'crossValidate',
  'detectSpeech', 'NoSpeechError', 'expectedCalibrationError', 'fitTemperature', 'applyTemperature',
  'loadNemo', 'loadEmovo', 'loadTurevDb', 'loadEmotionTtsOpen', 'mixDatasets', 'corpusClassWeights', 'classesPresent', 'corpusOf', 'leaveOneCorpusOut',
  'telephoneBand', 'muLaw', 'aLaw', 'lossyLowpass', 'syntheticImpulseResponse', 'reverberate', 'babbleNoise', 'eqTilt', 'clip',
  'CHANNEL_ROBUSTNESS_RECIPE', 'speechLevelDb', 'normalizeSpeechLevel', 'balanceCorpora', 'MULTI_CORPUS_RECIPE', 'MULTI_CORPUS_AUGMENT', 'ADAPT_MIN_CLIPS',
];

function keys(code: string, type: 'module' | 'commonjs'): string[] {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })) as string[];
}

describe('package exports', () => {
  const esm = keys("import * as m from 'emotion-recog'; console.log(JSON.stringify(Object.keys(m).sort()))", 'module');
  const cjs = keys("console.log(JSON.stringify(Object.keys(require('emotion-recog')).filter(k => k !== '__esModule').sort()))", 'commonjs');

  it('ESM and CJS builds export the same names', () => {
    expect(cjs).toEqual(esm);
  });

  it.each(EXPECTED)('exports %s', (name) => {
    expect(esm).toContain(name);
  });

  it.each(['node', 'wasm', 'cpu', 'webgl'])('backends/%s loads under import and require', (b) => {
    const e = keys(`import * as m from 'emotion-recog/backends/${b}'; console.log(JSON.stringify(Object.keys(m)))`, 'module');
    const c = keys(`console.log(JSON.stringify(Object.keys(require('emotion-recog/backends/${b}'))))`, 'commonjs');
    expect(e.length).toBeGreaterThan(0);
    expect(c.filter((k) => k !== '__esModule').sort()).toEqual([...e].sort());
  });

  it('keeps the library version in step with package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(keys("import { LIBRARY_VERSION } from 'emotion-recog'; console.log(JSON.stringify([LIBRARY_VERSION]))", 'module')).toEqual([pkg.version]);
  });

  it('declares tfjs-node as an optional peer, never a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(pkg.dependencies?.['@tensorflow/tfjs-node']).toBeUndefined();
    expect(pkg.peerDependenciesMeta?.['@tensorflow/tfjs-node']).toEqual({ optional: true });
    expect(pkg.dependencies?.['@tensorflow/tfjs-backend-wasm']).toBeDefined();
  });
});
