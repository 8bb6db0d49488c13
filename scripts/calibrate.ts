/**
 * Calibration of the recipe's confidence on leave-one-corpus-out predictions (docs/eval/loco-*.json
 * from scripts/loco.ts): expected calibration error (15 bins) before and after temperature scaling.
 * Each left-out corpus is scored with a temperature fitted on the OTHER corpora's predictions
 * (cross-fitted, so no corpus calibrates itself); the shipped temperature is fitted on all of them.
 *   npx tsx scripts/calibrate.ts [--model models/default]   # --model writes the temperature into the bundle
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyTemperature, expectedCalibrationError, fitTemperature } from '../src/train/calibration.js';
import { EMOTIONS } from '../src/types.js';

const { values } = parseArgs({ options: { results: { type: 'string', default: 'docs/eval' }, model: { type: 'string' }, prefix: { type: 'string', default: 'loco-' } } });
const K = EMOTIONS.length;
interface Fold { name: string; p: Float32Array; y: number[] }
const folds: Fold[] = readdirSync(values.results!)
  .filter((f) => f.startsWith(values.prefix!) && f.endsWith('.json'))
  .sort()
  .map((f) => {
    const j = JSON.parse(readFileSync(join(values.results!, f), 'utf8')) as { name: string; clips: { label: string; p: number[] }[] };
    return { name: j.name, p: Float32Array.from(j.clips.flatMap((c) => c.p)), y: j.clips.map((c) => EMOTIONS.indexOf(c.label as never)) };
  });
const concat = (fs: Fold[]) => ({ p: Float32Array.from(fs.flatMap((f) => [...f.p])), y: fs.flatMap((f) => f.y) });
const rows = folds.map((f) => {
  const rest = concat(folds.filter((g) => g !== f));
  const t = fitTemperature(rest.p, rest.y);
  const before = expectedCalibrationError(f.p, f.y).ece;
  const calibrated = applyTemperature(f.p, t, { classes: K });
  const after = expectedCalibrationError(calibrated, f.y).ece;
  const conf = (p: Float32Array) => { let s = 0; for (let i = 0; i < f.y.length; i++) s += Math.max(...p.subarray(i * K, (i + 1) * K)); return s / f.y.length; };
  return { corpus: f.name.replace(values.prefix!, ''), clips: f.y.length, temperature: t, eceBefore: before, eceAfter: after, meanConfidenceBefore: conf(f.p), meanConfidenceAfter: conf(calibrated), calibrated };
});
const all = concat(folds);
const tAll = fitTemperature(all.p, all.y);
const pooledAfter = Float32Array.from(rows.flatMap((r) => [...r.calibrated]));
const out = {
  protocol: 'expected calibration error (15 equal-width bins, top label) of leave-one-corpus-out predictions; "after": temperature fitted on the other left-out corpora\'s predictions (cross-fitted)',
  folds: rows.map(({ calibrated: _c, ...r }) => r),
  pooled: { clips: all.y.length, eceBefore: expectedCalibrationError(all.p, all.y).ece, eceAfter: expectedCalibrationError(pooledAfter, all.y).ece, reliabilityAfter: expectedCalibrationError(pooledAfter, all.y).bins },
  shippedTemperature: tAll,
};
// The same temperature on predictions for unseen SPEAKERS of a seen corpus (RAVDESS CV folds), for the record.
const cvFolds = readdirSync(values.results!).filter((f) => /^cv-ravdess-\d+\.json$/.test(f));
if (cvFolds.length) {
  const cv = cvFolds.map((f) => JSON.parse(readFileSync(join(values.results!, f), 'utf8')) as { clips: { label: string; p: number[] }[] }).flatMap((j) => j.clips);
  const p = Float32Array.from(cv.flatMap((c) => c.p));
  const y = cv.map((c) => EMOTIONS.indexOf(c.label as never));
  (out as Record<string, unknown>)['unseenSpeakers'] = { clips: y.length, eceBefore: expectedCalibrationError(p, y).ece, eceAfterShippedTemperature: expectedCalibrationError(applyTemperature(p, tAll, { classes: K }), y).ece, ownTemperature: fitTemperature(p, y) };
  console.log('RAVDESS CV (unseen speakers):', JSON.stringify((out as Record<string, unknown>)['unseenSpeakers']));
}
writeFileSync(join(values.results!, 'calibration.json'), JSON.stringify(out, null, 1) + '\n');
for (const r of out.folds) console.log(`${r.corpus.padEnd(16)} T ${r.temperature.toFixed(2)} ECE ${r.eceBefore.toFixed(3)} → ${r.eceAfter.toFixed(3)}  confidence ${r.meanConfidenceBefore.toFixed(2)} → ${r.meanConfidenceAfter.toFixed(2)}`);
console.log(`pooled ECE ${out.pooled.eceBefore.toFixed(3)} → ${out.pooled.eceAfter.toFixed(3)}; shipped T ${tAll.toFixed(3)}`);
if (values.model) {
  const ens = join(values.model, 'ensemble.json');
  let members: string[];
  try {
    members = (JSON.parse(readFileSync(ens, 'utf8')) as { members: string[] }).members.map((m) => join(values.model!, m));
  } catch {
    members = [values.model];
  }
  for (const m of members) {
    const file = join(m, 'metadata.json');
    const meta = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    meta['calibration'] = { method: 'temperature', temperature: tAll, fittedOn: `leave-one-corpus-out predictions (${all.y.length} clips, ${folds.length} corpora)`, eceBefore: out.pooled.eceBefore, eceAfter: out.pooled.eceAfter };
    writeFileSync(file, JSON.stringify(meta) + '\n');
  }
  console.log(`wrote temperature ${tAll.toFixed(3)} into ${members.length} member(s) of ${values.model}`);
}
