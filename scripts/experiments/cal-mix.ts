/** Temperature fitted on LOCO + RAVDESS-CV out-of-fold predictions together: ECE on each part. */
import { readdirSync, readFileSync } from 'node:fs';
import { applyTemperature, expectedCalibrationError, fitTemperature } from '../../src/train/calibration.js';
import { EMOTIONS } from '../../src/types.js';
const load = (re: RegExp) => readdirSync('docs/eval').filter((f) => re.test(f)).flatMap((f) => (JSON.parse(readFileSync(`docs/eval/${f}`, 'utf8')) as { clips: { label: string; p: number[] }[] }).clips);
const part = (clips: { label: string; p: number[] }[]) => ({ p: Float32Array.from(clips.flatMap((c) => c.p)), y: clips.map((c) => EMOTIONS.indexOf(c.label as never)) });
const loco = part(load(/^loco-/));
const cv = part(load(/^cv-ravdess-/));
const both = { p: Float32Array.from([...loco.p, ...cv.p]), y: [...loco.y, ...cv.y] };
for (const [name, t] of [['loco', fitTemperature(loco.p, loco.y)], ['cv', fitTemperature(cv.p, cv.y)], ['both', fitTemperature(both.p, both.y)]] as const) {
  const e = (d: { p: Float32Array; y: number[] }) => expectedCalibrationError(applyTemperature(d.p, t, { classes: 6 }), d.y).ece.toFixed(3);
  console.log(`T from ${name} = ${t.toFixed(2)}: ECE loco ${e(loco)} cv ${e(cv)}`);
}
