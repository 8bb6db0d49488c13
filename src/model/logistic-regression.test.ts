/** Logistic regression: optimality of the fit, exact serialisation, typed errors, real speech. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { createRng, randn } from '../internal/rng.js';
import { FeaturePipeline } from '../pipeline/feature-pipeline.js';
import { UtteranceStats } from '../pipeline/utterance-stats.js';
import { DATA, expectSerError, itShared } from '../../test/helpers.js';
import { LogisticRegression } from './logistic-regression.js';

/** Three Gaussian clusters in 5-D, `n` points each. */
function clusters(n: number, seed: number): { x: Float32Array[]; y: number[] } {
  const rng = createRng(seed);
  const centres = [[2, 0, 0, 1, 0], [0, 2, 0, -1, 0], [0, 0, 2, 0, 1]];
  const x: Float32Array[] = [];
  const y: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < n; i++) {
      x.push(Float32Array.from(c, (v) => v + randn(rng)));
      y.push(k);
    }
  });
  return { x, y };
}

describe('LogisticRegression', () => {
  it('reaches the optimum of the penalised loss (gradient ~0) and separates held-out points', () => {
    const train = clusters(60, 1);
    const lr = LogisticRegression.fit(train.x, train.y, 3, { c: 1, classWeight: 'none' });
    expect(lr.fitInfo!.gradNorm).toBeLessThan(1e-5);
    const test = clusters(100, 2);
    const acc = test.x.filter((r, i) => {
      const p = lr.predictProba(r);
      return p.indexOf(Math.max(...p)) === test.y[i];
    }).length / test.x.length;
    expect(acc).toBeGreaterThan(0.85);
  });

  it('is the penalised optimum: perturbing any weight raises the objective', () => {
    // Two classes, one feature: check optimality directly on the loss surface.
    const x = [-2, -1, -0.5, 0.2, 0.4, 1, 2, -0.3].map((v) => Float32Array.of(v));
    const y = [0, 0, 1, 0, 1, 1, 1, 0];
    const c = 0.5;
    const lr = LogisticRegression.fit(x, y, 2, { c, classWeight: 'none', tol: 1e-9 });
    const j = lr.toJSON();
    const objective = (w: number[], b: number[]) => {
      let loss = 0;
      x.forEach((r, i) => {
        const z = (r[0]! - j.mean[0]!) / j.scale[0]!;
        const l = [w[0]! * z + b[0]!, w[1]! * z + b[1]!];
        const m = Math.max(...l);
        const lse = m + Math.log(Math.exp(l[0]! - m) + Math.exp(l[1]! - m));
        loss += lse - l[y[i]!]!;
      });
      return loss / x.length + (w[0]! ** 2 + w[1]! ** 2) / (2 * c * x.length);
    };
    const best = objective(j.weights, j.bias);
    for (const [dw, db] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3]] as const) {
      expect(objective([j.weights[0]! + dw, j.weights[1]!], [j.bias[0]! + db, j.bias[1]!])).toBeGreaterThan(best);
    }
  });

  it('serialises exactly and rejects malformed JSON with SER_MODEL_FORMAT', () => {
    const { x, y } = clusters(20, 3);
    const lr = LogisticRegression.fit(x, y, 3);
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(lr.toJSON())));
    expect([...back.predictProba(x[5]!)]).toEqual([...lr.predictProba(x[5]!)]);
    const p = lr.predictProba(x[0]!);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    const j = lr.toJSON();
    expectSerError(() => LogisticRegression.fromJSON({ ...j, weights: j.weights.slice(1) }), 'SER_MODEL_FORMAT');
    expectSerError(() => LogisticRegression.fromJSON({ ...j, bias: [NaN, 0, 0] }), 'SER_MODEL_FORMAT');
    expectSerError(() => LogisticRegression.fromJSON(null), 'SER_MODEL_FORMAT');
    expectSerError(() => lr.predictProba(new Float32Array(4)), 'SER_SHAPE_MISMATCH');
  });

  it('rejects bad training data with typed errors', () => {
    expectSerError(() => LogisticRegression.fit([], [], 2), 'SER_INVALID_ARGUMENT');
    expectSerError(() => LogisticRegression.fit([Float32Array.of(1, 2), Float32Array.of(1)], [0, 1], 2), 'SER_SHAPE_MISMATCH');
    expectSerError(() => LogisticRegression.fit([Float32Array.of(NaN)], [0], 2), 'SER_INVALID_ARGUMENT');
    expectSerError(() => LogisticRegression.fit([Float32Array.of(1)], [2], 2), 'SER_INVALID_ARGUMENT', /y\[0\]/);
  });

  itShared('recognises emotions of unseen RAVDESS actors from utterance statistics well above chance', async () => {
    const decoder = new AudioDecoder({ sampleRate: 16000 });
    const pipeline = new FeaturePipeline();
    const stats = new UtteranceStats();
    const emotions = { '01': 0, '03': 1, '04': 2, '05': 3 } as Record<string, number>; // neutral, happy, sad, angry
    const load = async (actors: string[]) => {
      const x: Float32Array[] = [];
      const y: number[] = [];
      for (const a of actors) {
        const dir = join(DATA, 'ravdess-16k', `Actor_${a}`);
        for (const f of readdirSync(dir)) {
          const e = emotions[f.split('-')[2]!];
          if (e === undefined) continue;
          const audio = await decoder.decodeFile(join(dir, f));
          x.push(stats.compute(pipeline.prepare(audio.samples, audio.sampleRate)));
          y.push(e);
        }
      }
      return { x, y };
    };
    const train = await load(['01', '02', '03', '04', '05', '06', '07', '08']);
    const test = await load(['17', '18', '19', '20']);
    const lr = LogisticRegression.fit(train.x, train.y, 4);
    const correct = test.x.filter((r, i) => {
      const p = lr.predictProba(r);
      return p.indexOf(Math.max(...p)) === test.y[i];
    }).length;
    // 4 classes (chance 25 %, 28 % for the majority); unseen speakers.
    expect(correct / test.x.length).toBeGreaterThan(0.5);
  }, 60_000);
});
