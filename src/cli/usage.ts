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
recursively). One line per file on stdout; errors per file on stderr (exit code 1 if any failed).

Options:
  --json              one JSON object per line: { file, emotion, scores } or { file, error: { code, message } }
  --model DIR         a model folder saved by 'train' (default: the bundled model)
  --segments          label every window of a long recording (--hop SEC between windows, default 1)
  --adapt             re-estimate the model's normalisation statistics from the given clips
                      first (unlabelled; one microphone, room or speaker group; at least 5 clips)
  --backend NAME      wasm | cpu | tensorflow (default: the fastest installed)

Examples:
  npx emotion-recog predict samples/angry.wav
  npx emotion-recog predict samples/ --json > results.jsonl
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
  --report FILE       write an HTML report
  --json              one JSON object per dataset
  --backend NAME      wasm | cpu | tensorflow

Example:
  npx emotion-recog evaluate --dataset csv --data samples/labels.csv
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
