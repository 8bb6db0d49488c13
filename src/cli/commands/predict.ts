/** `emotion-recog predict`: label files (or every window of long recordings). */
import { parseArgs } from 'node:util';
import { SerError } from '../../errors.js';
import { EmotionRecognizer } from '../../recognizer/emotion-recognizer.js';
import type { BackendName } from '../../types.js';
import { adaptTo } from '../adapt.js';
import { collectFiles } from '../files.js';
import { fmtScores, round, roundScores } from '../format.js';
import { ProgressBar } from '../progress.js';
import { UsageError } from '../usage-error.js';

export async function predict(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, model: { type: 'string' }, segments: { type: 'boolean' }, hop: { type: 'string' }, backend: { type: 'string' }, adapt: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError('predict needs at least one file or folder.', 'predict');
  const files = await collectFiles(positionals);
  const r = await EmotionRecognizer.load(values.model, { backend: (values.backend ?? 'auto') as BackendName | 'auto' });
  if (values.adapt) await adaptTo(r, files);
  const bar = files.length > 20 && process.stderr.isTTY ? new ProgressBar('predict', files.length) : null;
  let failed = 0;
  for (const [i, file] of files.entries()) {
    try {
      if (values.segments) {
        const segs = await r.recognizeSegments(file, values.hop ? { hopSec: Number(values.hop) } : {});
        for (const s of segs) {
          // Windows without speech are reported as such (SER_NO_SPEECH), never given an emotion.
          if (s.noSpeech) {
            if (values.json) process.stdout.write(JSON.stringify({ file, startSec: round(s.startSec), endSec: round(s.endSec), emotion: null, noSpeech: { code: 'SER_NO_SPEECH', reason: s.reason } }) + '\n');
            else process.stdout.write(`${file}\t${s.startSec.toFixed(2)}-${s.endSec.toFixed(2)}s\tno speech (SER_NO_SPEECH: ${s.reason})\n`);
            continue;
          }
          if (values.json) process.stdout.write(JSON.stringify({ file, startSec: round(s.startSec), endSec: round(s.endSec), emotion: s.emotion, scores: roundScores(s.scores) }) + '\n');
          else process.stdout.write(`${file}\t${s.startSec.toFixed(2)}-${s.endSec.toFixed(2)}s\t${s.emotion}\t${fmtScores(s.scores)}\n`);
        }
      } else {
        const res = await r.recognize(file);
        if (values.json) process.stdout.write(JSON.stringify({ file, emotion: res.emotion, scores: roundScores(res.scores) }) + '\n');
        else process.stdout.write(`${file}\t${res.emotion}\t${fmtScores(res.scores)}\n`);
      }
    } catch (e) {
      failed++;
      const code = SerError.is(e) ? e.code : 'ERROR';
      const message = e instanceof Error ? e.message : String(e);
      if (values.json) process.stdout.write(JSON.stringify({ file, error: { code, message } }) + '\n');
      else process.stderr.write(`${file}\terror ${code}: ${message}\n`);
    }
    bar?.update(i + 1);
  }
  await r.dispose();
  return failed > 0 ? 1 : 0;
}
