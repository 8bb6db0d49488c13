/**
 * `emotion-recog predict`: label files (or every window of long recordings) on every core, with
 * a resumable results file (`--out … --resume`) and deterministic shards (`--shard I/N|env`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EmotionRecognizer, type Recognition, type SegmentResult } from '../../recognizer/emotion-recognizer.js';
import { recognizeMany, type FileResult } from '../../scale/recognize-many.js';
import { errorJson, recognitionJson } from '../../scale/result-json.js';
import { ResultsLog } from '../../scale/results-log.js';
import { parseShard, shardFiles, type Shard } from '../../scale/shard.js';
import type { BackendName } from '../../types.js';
import { adaptTo } from '../adapt.js';
import { numArg } from '../args.js';
import { collectFiles } from '../files.js';
import { fmtScores, round } from '../format.js';
import { ProgressBar } from '../progress.js';
import { UsageError } from '../usage-error.js';

/** Default per-file deadline in seconds (`--deadline`). */
const DEFAULT_DEADLINE_SEC = 60;

const intArg = (name: string, v: string | undefined, min: number): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got ${JSON.stringify(v)}).`, 'predict');
  return Number(v);
};

/** The JSON of one window (the `--json` line of `--segments`, and the `segments` entries of `--out`). */
function segmentJson(s: SegmentResult): Record<string, unknown> {
  return s.noSpeech
    ? { startSec: round(s.startSec), endSec: round(s.endSec), emotion: null, noSpeech: { code: 'SER_NO_SPEECH', reason: s.reason } }
    : { startSec: round(s.startSec), endSec: round(s.endSec), ...recognitionJson(s) };
}

export async function predict(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      model: { type: 'string' },
      segments: { type: 'boolean' },
      hop: { type: 'string' },
      backend: { type: 'string' },
      adapt: { type: 'boolean' },
      threads: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
      shard: { type: 'string' },
      deadline: { type: 'string' },
      unordered: { type: 'boolean' },
    },
  });
  if (positionals.length === 0) throw new UsageError('predict needs at least one file or folder.', 'predict');
  if (values.resume && !values.out) throw new UsageError('--resume continues a results file: pass it with --out FILE.', 'predict');
  const threads = intArg('threads', values.threads, 1) ?? availableParallelism();
  const deadlineSec = numArg(values.deadline) ?? DEFAULT_DEADLINE_SEC;
  if (!(deadlineSec > 0)) throw new UsageError(`--deadline must be a positive number of seconds (got ${JSON.stringify(values.deadline)}).`, 'predict');
  const hopSec = numArg(values.hop);
  if (hopSec !== undefined && !(hopSec > 0)) throw new UsageError(`--hop must be a positive number of seconds (got ${JSON.stringify(values.hop)}).`, 'predict');
  const shard: Shard | undefined = values.shard === undefined ? undefined : parseShard(values.shard, process.env);

  let files = await collectFiles(positionals);
  const listed = files.length;
  if (shard) files = shardFiles(files, shard);
  const outPath = values.out?.replaceAll('{shard}', String(shard?.index ?? 0));
  const log = outPath ? ResultsLog.open(outPath, { resume: values.resume ?? false }) : null;
  let tmpModel: string | undefined;
  let failed = 0;
  let labelled = 0;
  // SIGTERM (a pod being evicted) or Ctrl-C: fsync the lines written so far and stop. A handler
  // runs between two appends, never inside one; --resume continues from there.
  const stop = (signal: NodeJS.Signals) => {
    log?.close();
    process.stderr.write(`predict: stopped by ${signal} after ${labelled + failed} files${outPath ? `; continue with --resume (${outPath})` : ''}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  if (log) for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, stop);
  try {
    const todo = log ? files.filter((f) => !log.has(f)) : files;
    if (log && values.resume) process.stderr.write(`predict: resuming ${outPath}: ${files.length - todo.length} of ${files.length} files already done${log.truncatedBytes ? ` (cut a torn last line of ${log.truncatedBytes} bytes)` : ''}\n`);
    if (shard) process.stderr.write(`predict: shard ${shard.index}/${shard.count}: ${files.length} of ${listed} files\n`);
    let model = values.model;
    if (values.adapt) {
      // Adapt once here, then every worker loads the adapted copy.
      const r = await EmotionRecognizer.load(values.model, { backend: (values.backend ?? 'auto') as BackendName | 'auto' });
      try {
        await adaptTo(r, files);
        tmpModel = await mkdtemp(join(tmpdir(), 'emotion-recog-adapted-'));
        await r.save(tmpModel);
        model = tmpModel;
      } finally {
        await r.dispose();
      }
    }
    const bar = todo.length > 20 && process.stderr.isTTY ? new ProgressBar('predict', todo.length) : null;
    const results = recognizeMany(todo, {
      // no more workers (each loads its own model) than there are files
      threads: Math.max(1, Math.min(threads, todo.length)),
      ordered: !values.unordered,
      deadlineMs: deadlineSec * 1000,
      backend: (values.backend ?? 'auto') as BackendName | 'auto',
      ...(model === undefined ? {} : { model }),
      segments: values.segments ? (hopSec === undefined ? true : { hopSec }) : false,
    });
    let done = 0;
    for await (const res of results) {
      if (res.ok) labelled++;
      else failed++;
      if (log) log.append(outLine(res));
      else writeStdout(res, values.json ?? false);
      bar?.update(++done);
    }
    if (log) process.stderr.write(`predict: ${labelled} labelled, ${failed} failed${values.resume ? `, ${files.length - todo.length} already in ${outPath}` : ''} → ${outPath}\n`);
  } finally {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.off(sig, stop);
    log?.close();
    if (tmpModel) await rm(tmpModel, { recursive: true, force: true });
  }
  return failed > 0 ? 1 : 0;
}

/** The results-file line of one file: `{file, emotion, scores}`, `{file, segments}` or `{file, error}`. */
function outLine(res: FileResult): { file: string } & Record<string, unknown> {
  const file = res.file!;
  if (!res.ok) return { file, error: errorJson(res.error) };
  if (res.segments) return { file, segments: res.segments.map(segmentJson) };
  return { file, ...recognitionJson(res.recognition as Recognition) };
}

/** stdout: one line per file (per window with --segments), text or --json; errors of a file go to stderr in text mode. */
function writeStdout(res: FileResult, json: boolean): void {
  // --json of a file: its results-file line; of --segments: one line per window.
  if (json && !(res.ok && res.segments)) {
    process.stdout.write(JSON.stringify(outLine(res)) + '\n');
    return;
  }
  const file = res.file!;
  if (!res.ok) {
    const { code, message } = errorJson(res.error);
    process.stderr.write(`${file}\terror ${code}: ${message}\n`);
    return;
  }
  if (res.segments) {
    for (const s of res.segments) {
      if (json) process.stdout.write(JSON.stringify({ file, ...segmentJson(s) }) + '\n');
      else if (s.noSpeech) process.stdout.write(`${file}\t${s.startSec.toFixed(2)}-${s.endSec.toFixed(2)}s\tno speech (SER_NO_SPEECH: ${s.reason})\n`);
      else process.stdout.write(`${file}\t${s.startSec.toFixed(2)}-${s.endSec.toFixed(2)}s\t${s.emotion}\t${fmtScores(s.scores)}\n`);
    }
    return;
  }
  const r = res.recognition as Recognition;
  process.stdout.write(`${file}\t${r.emotion}\t${fmtScores(r.scores)}\n`);
}
