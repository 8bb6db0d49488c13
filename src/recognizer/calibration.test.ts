/**
 * The shipped model's calibration: the temperature stored in its bundle is applied to every
 * answer (p ∝ p^(1/T)), can be changed, and is refused outside its range.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { DATA, expectSerError, itShared } from '../../test/helpers.js';
import { EmotionRecognizer } from './emotion-recognizer.js';

let r: EmotionRecognizer;
beforeAll(async () => {
  r = await EmotionRecognizer.load();
});
afterAll(async () => {
  await r?.dispose();
});

describe('calibrated output', () => {
  itShared('applies the bundle temperature: scores are the untempered ones to the power 1/T, renormalised', async () => {
    const t = r.metadata.calibration!.temperature;
    expect(r.predictor.temperature).toBe(t);
    expect(t).toBeGreaterThan(1); // fitted on other corpora: the raw network is over-confident there
    const { samples, sampleRate } = await new AudioDecoder().decodeFile(join(DATA, 'ravdess-16k', 'Actor_10', '03-01-05-02-01-02-10.wav'));
    const tempered = await r.recognize({ samples, sampleRate });
    r.predictor.setTemperature(1);
    const raw = await r.recognize({ samples, sampleRate });
    r.predictor.setTemperature(t);
    const powed = Object.fromEntries(Object.entries(raw.scores).map(([k, v]) => [k, v ** (1 / t)]));
    const sum = Object.values(powed).reduce((a, b) => a + b, 0);
    for (const k of Object.keys(raw.scores)) expect(tempered.scores[k]).toBeCloseTo(powed[k]! / sum, 5);
    // the same winner, a softer confidence
    expect(tempered.emotion).toBe(raw.emotion);
    expect(tempered.confidence).toBeLessThan(raw.confidence);
  });

  it('refuses a temperature outside [0.01, 100] with SER_INVALID_ARGUMENT', () => {
    expectSerError(() => r.predictor.setTemperature(0), 'SER_INVALID_ARGUMENT', /temperature/);
    expectSerError(() => r.predictor.setTemperature(Number.NaN), 'SER_INVALID_ARGUMENT', /temperature/);
  });
});
