/**
 * The CLI's usage texts: one per command (`emotion-recog <command> --help`) and the overview
 * (`emotion-recog --help`). Every example names a file that ships with the package.
 */
import { DATASET_NAMES } from '../data/dataset-item.js';
import { LIBRARY_VERSION } from '../version.js';

/** Usage of each command, keyed by command name; a command file registers nothing else. */
export const COMMAND_USAGE: Readonly<Record<string, string>> = Object.freeze({
  predict: `Usage: emotion-recog predict <files or folders…> [options]

Label the emotion of each audio file (WAV, AIFF, FLAC, Ogg Vorbis, MP3; folders are searched
recursively) on every core. One line per file on stdout, in input order; errors per file on
stderr (exit code 1 if any failed).

Options:
  --json              one JSON object per line: { file, emotion, scores } or { file, error: { code, message } }
  --model DIR         a model folder saved by 'train' (default: the bundled model)
  --segments          label every window of a long recording (--hop SEC between windows, default 1)
  --adapt             re-estimate the model's normalisation statistics from the given clips
                      first (unlabelled; one microphone, room or speaker group; at least 5 clips)
  --backend NAME      wasm | cpu | tensorflow (default: the fastest installed)
  --threads N         worker threads, each with its own model (default: every core)
  --unordered         print each file as soon as it is done instead of in input order
  --deadline SEC      per-file limit: a file still running after SEC seconds is reported with
                      SER_TIMEOUT and its worker replaced (default 60)
  --out FILE          write JSON lines to FILE instead (one per file; --segments: { file, segments });
                      '{shard}' in FILE becomes the shard index
  --resume            continue FILE: skip the files already in it (a line cut by a kill is redone)
  --shard I/N         label only shard I (0-based) of N: every N-th file of the sorted list;
                      --shard env/N or env reads I from JOB_COMPLETION_INDEX (Kubernetes Indexed
                      Job) and N from EMOTION_RECOG_SHARDS when not given

Examples:
  npx emotion-recog predict samples/angry.wav
  npx emotion-recog predict samples/ --json > results.jsonl
  npx emotion-recog predict samples/ --out results.jsonl --resume --threads 2
`,
  train: `Usage: emotion-recog train --dataset NAME --data DIR [options]

Train a model on a labelled corpus (split by speaker for validation) and save it as a folder.

Options:
  --dataset NAME      ${DATASET_NAMES.join(' | ')}
  --data DIR          the corpus folder (for --dataset csv: a CSV file path,label[,speaker])
  --out DIR           where the model is saved (default: emotion-model)
  --epochs N          training epochs
  --batch-size N      mini-batch size
  --augment-copies N  augmented copies per training clip; --no-augment for none
  --val-fraction F    share of speakers held out for validation (0 = none)
  --frames N          model input length in 10 ms frames
  --seed N            random seed (splits, initialisation, augmentation)
  --checkpoint DIR    save a checkpoint every epoch; --resume continues from it
  --stats-head W      fuse an utterance-statistics head with weight W in [0, 1]
  --front-end PATH    a pretrained front end: a folder with front-end.json, an .onnx
                      file or a model.json (docs/front-ends.md); copied into the model
  --front-end-use U   concat (beside MFCC, default) | replace (embeddings alone) |
                      stats (mean and std pooled into the --stats-head vector)
  --report FILE       write an HTML report (confusion matrix, curves)
  --backend NAME      wasm | cpu | tensorflow

Example:
  npx emotion-recog train --dataset csv --data samples/labels.csv --out ./my-model --epochs 2 --val-fraction 0
`,
  evaluate: `Usage: emotion-recog evaluate --dataset NAME[,NAME…] --data DIR[,DIR…] [options]

Score a model on labelled corpora: accuracy, UAR (unweighted average recall), macro-F1 and the
confusion matrix, per dataset and over all of them.

Options:
  --model DIR         a model folder (default: the bundled model)
  --adapt             adapt to each dataset's own clips first (unlabelled)
  --front-end PATH    where the model's front-end files are (default: DIR/front-end)
  --report FILE       write an HTML report
  --json              one JSON object per dataset
  --backend NAME      wasm | cpu | tensorflow

Example:
  npx emotion-recog evaluate --dataset csv --data samples/labels.csv
`,
  enqueue: `Usage: emotion-recog enqueue --redis URL <files, folders or URLs…> [options]

Queue audio files (folders are searched recursively) and http(s) URLs for a worker fleet
(BullMQ on Redis; needs 'npm install bullmq'). The job id is derived from the absolute path or
URL, so queuing a file again adds nothing while it is queued or labelled. One line per source
on stdout: job id, added | queued | done, source.

Options:
  --redis URL         the Redis server, e.g. redis://127.0.0.1:6379 (redis://user:pass@host:port/db)
  --queue NAME        queue name (default: emotion-recog)
  --attempts N        tries per file for transient failures (downloads, timeouts) (default: 3)
  --backoff SEC       first retry delay, doubled on each further retry (default: 1)
  --json              one JSON object per source: { jobId, source, status }

Examples:
  npx emotion-recog enqueue --redis redis://127.0.0.1:6379 samples/
  npx emotion-recog enqueue --redis redis://127.0.0.1:6379 samples/angry.wav https://example.org/clip.wav
`,
  worker: `Usage: emotion-recog worker --redis URL [options]

Label queued files until stopped (docs/scale.md). Each file's result is recorded exactly once in
a Redis stream (read it with 'emotion-recog results'), even when a worker dies mid-job and the job
is run again elsewhere. Files that cannot be labelled (corrupt, no speech, missing, HTTP 404) are
results with their error code; downloads that fail transiently are retried with backoff.
SIGTERM or Ctrl-C: stop taking jobs, finish the one in hand, exit 0. Progress on stderr.

Options:
  --redis URL         the Redis server, e.g. redis://127.0.0.1:6379
  --queue NAME        queue name (default: emotion-recog)
  --concurrency N     jobs at once in this process (default: 1; run one worker per core instead)
  --model DIR         a model folder saved by 'train' (default: the bundled model)
  --results FILE      also append the results this worker records to a JSONL file
  --lock-sec S        a job whose worker stops renewing its lock is run again after S s (default: 30)
  --max-mb N          largest download for URL jobs, in MiB (default: 50)
  --download-timeout S  give up a download after S s and retry later (default: 30)
  --backend NAME      wasm | cpu | tensorflow

Example:
  npx emotion-recog worker --redis redis://127.0.0.1:6379 --results worker-1.jsonl
`,
  results: `Usage: emotion-recog results --redis URL [options]

Print a queue's results, one JSON object per file in the order they were recorded:
{ jobId, file, emotion, scores, worker } or { jobId, file, error: { code, message }, worker }.

Options:
  --redis URL         the Redis server, e.g. redis://127.0.0.1:6379
  --queue NAME        queue name (default: emotion-recog)
  --out FILE          write them to FILE instead of stdout
  --wait              first wait until no job is waiting, delayed or running
  --timeout SEC       with --wait: give up after SEC s (SER_TIMEOUT, exit 1; default: no limit)

Example:
  npx emotion-recog results --redis redis://127.0.0.1:6379 --wait --out results.jsonl
`,
});

/** The overview: every command's first line. */
export const USAGE = `emotion-recog ${LIBRARY_VERSION} — speech emotion recognition (angry, disgust, fear, happy, neutral, sad)

Usage:
${Object.values(COMMAND_USAGE)
  .map((u) => '  ' + u.split('\n')[0]!.replace(/^Usage: /, ''))
  .join('\n')}
  emotion-recog --version

Run 'emotion-recog <command> --help' for a command's options and examples.

Examples:
  npx emotion-recog predict samples/angry.wav
  npx emotion-recog predict samples/ --json > results.jsonl
`;

/** A command's usage, or the overview for an unknown command. */
export function usageOf(command: string | undefined): string {
  return (command !== undefined && COMMAND_USAGE[command]) || USAGE;
}
