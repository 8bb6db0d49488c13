/**
 * CREPE tiny's pitch against the library's YIN (augment/f0.ts), an independent estimator (time-domain
 * difference function vs a network trained on pitch corpora), on real voiced RAVDESS speech from
 * four male and four female actors (01–20 only). Both tracks are centred on sample t·160 (CREPE
 * with center=true, YIN as librosa), so frame t of one is frame t of the other.
 *
 * Compared frames: CREPE confidence ≥ 0.5 (CREPE's authors treat the peak activation as voicing;
 * 0.5 is the midpoint of the sigmoid and keeps the frames where one bin clearly wins) and YIN
 * voiced (aperiodicity ≤ its default 0.25). Requirement of the issue: ≥ 90 % of them within 50
 * cents (a quarter tone). Measured (tfjs wasm): 92.1 % (749/813); the same clips at other
 * thresholds: every YIN-voiced frame 87.6 %, ≥ 0.3 88.8 %, ≥ 0.7 95.5 %, ≥ 0.85 98.3 %; about a
 * third of the misses at 0.5 are octave errors of one tracker or the other (19 of 64).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yin } from '../augment/f0.js';
import { initBackend } from '../backends/select.js';
import { DATA, SHARED } from '../../test/helpers.js';
import { readWav } from '../../test/read-pcm16.js';
import { loadCrepe, type CrepeFrontEnd } from './crepe.js';

const MODEL = join(SHARED, 'models', 'crepe-tiny-tfjs');
const hasModels = existsSync(join(MODEL, 'model.json')) && existsSync(DATA);
if (!hasModels) console.warn(`crepe-vs-yin tests skipped: ${MODEL} or ${DATA} is missing`);

/** [file, sex]: odd actors are male, even ones female (RAVDESS). Calm, angry, happy and sad speech. */
const CLIPS: readonly (readonly [string, 'male' | 'female'])[] = [
  ['Actor_03/03-01-02-02-01-01-03.wav', 'male'],
  ['Actor_05/03-01-05-01-01-02-05.wav', 'male'],
  ['Actor_09/03-01-03-02-02-01-09.wav', 'male'],
  ['Actor_11/03-01-04-01-02-02-11.wav', 'male'],
  ['Actor_04/03-01-02-02-01-01-04.wav', 'female'],
  ['Actor_06/03-01-05-01-01-02-06.wav', 'female'],
  ['Actor_10/03-01-03-02-02-01-10.wav', 'female'],
  ['Actor_12/03-01-04-01-02-02-12.wav', 'female'],
];
const MIN_CONFIDENCE = 0.5;
const MAX_CENTS = 50;

describe.skipIf(!hasModels)('CREPE tiny pitch vs the library YIN on RAVDESS speech', () => {
  let crepe: CrepeFrontEnd;
  beforeAll(async () => {
    await initBackend('wasm');
    crepe = await loadCrepe(MODEL, { hopSamples: 160, output: 'activation' });
  });
  afterAll(async () => crepe?.dispose());

  it('agrees within 50 cents on ≥ 90 % of frames both call voiced (male and female voices)', async () => {
    const count: Record<'male' | 'female', [number, number]> = { male: [0, 0], female: [0, 0] };
    const lines: string[] = [];
    for (const [file, sex] of CLIPS) {
      const x = readWav(join(DATA, 'ravdess-16k', file)).samples;
      const p = await crepe.pitch(x);
      const y = yin(x, { sampleRate: 16000, hopLength: 160 });
      expect(p.f0.length).toBe(y.f0.length);
      let both = 0;
      let close = 0;
      for (let t = 0; t < p.f0.length; t++) {
        if (!(p.confidence[t]! >= MIN_CONFIDENCE) || !Number.isFinite(y.f0[t]!)) continue;
        both++;
        if (Math.abs(1200 * Math.log2(p.f0[t]! / y.f0[t]!)) <= MAX_CENTS) close++;
      }
      count[sex][0] += close;
      count[sex][1] += both;
      lines.push(`${file} (${sex}): ${close}/${both} = ${((100 * close) / both).toFixed(1)} %`);
      expect(both, `${file}: frames voiced for both`).toBeGreaterThan(40);
    }
    const total = count.male[0] + count.female[0];
    const n = count.male[1] + count.female[1];
    const pct = (c: [number, number]) => (100 * c[0]) / c[1];
    console.log([...lines, `male ${pct(count.male).toFixed(1)} %, female ${pct(count.female).toFixed(1)} %, all ${total}/${n} = ${((100 * total) / n).toFixed(1)} % within ${MAX_CENTS} cents`].join('\n'));
    expect(total / n).toBeGreaterThanOrEqual(0.9);
    expect(pct(count.male)).toBeGreaterThanOrEqual(85);
    expect(pct(count.female)).toBeGreaterThanOrEqual(85);
  });
});
