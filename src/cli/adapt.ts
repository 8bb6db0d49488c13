import { AudioDecoder } from '../audio/audio-decoder.js';
import { ADAPT_MIN_CLIPS, type EmotionRecognizer } from '../recognizer/emotion-recognizer.js';
import { UsageError } from './usage-error.js';

/**
 * `--adapt`: re-estimate the recognizer's normalisation statistics from the files themselves
 * (unlabelled; unreadable files and files without speech are left out of the estimate).
 */
export async function adaptTo(r: EmotionRecognizer, files: readonly string[]): Promise<void> {
  const decoder = new AudioDecoder({ sampleRate: r.predictor.pipeline.config.sampleRate });
  const signals: { samples: Float32Array; sampleRate: number }[] = [];
  for (const f of files) {
    try {
      signals.push(await decoder.decodeFile(f));
    } catch {
      // reported when the file is predicted
    }
  }
  if (signals.length < ADAPT_MIN_CLIPS) throw new UsageError(`--adapt needs at least ${ADAPT_MIN_CLIPS} readable clips of the same microphone, room or speaker group (got ${signals.length}). Pass more files, or leave out --adapt.`);
  const res = await r.adapt(signals);
  process.stderr.write(`adapted to ${res.clips} clips (${res.skipped.length} without speech left out)\n`);
}
