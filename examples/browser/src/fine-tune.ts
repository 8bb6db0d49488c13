/**
 * Fine-tuning the loaded recognizer in the page on a handful of labelled clips, with the same
 * Trainer as in Node (the WASM engine trains single-threaded in the browser). Features go
 * through the bundle's own pipeline and scaler, so the model sees what it saw in training.
 */
import { Trainer, type EmotionRecognizer, type EpochLog, type TrainingHistory } from 'emotion-recog/browser';

/** A clip and the emotion the user says it carries. */
export interface LabelledClip {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly label: string;
}

/** Train the recognizer's model in place for a few epochs; predictions use the new weights. */
export async function fineTune(
  recognizer: EmotionRecognizer,
  clips: readonly LabelledClip[],
  options: { epochs?: number; learningRate?: number; onEpochEnd?: (log: EpochLog) => void } = {},
): Promise<TrainingHistory> {
  const { pipeline, members } = recognizer.predictor;
  const features = clips.map((c) => pipeline.extract(c.samples, c.sampleRate));
  const y = clips.map((c) => recognizer.labels.indexOf(c.label));
  if (y.some((k) => k < 0)) throw new Error(`labels must be among ${recognizer.labels.join(', ')}`);
  const trainer = new Trainer({
    epochs: options.epochs ?? 5,
    batchSize: 8,
    learningRate: options.learningRate ?? 3e-4,
    classWeight: 'none',
    earlyStopping: false,
    reduceLrOnPlateau: false,
  });
  // Every member of an ensemble learns from the same clips, behind its own scaler.
  let history: TrainingHistory | undefined;
  for (const { model, scaler } of members) {
    const x = features.map((m) => scaler.transform(m));
    const h = await trainer.fit(model, { x, y }, { onEpochEnd: (log) => options.onEpochEnd?.(log) });
    history ??= h;
  }
  // The Trainer wrote the new weights into the tfjs models; the prediction engines keep their own copies.
  recognizer.predictor.syncEngine();
  return history!;
}
