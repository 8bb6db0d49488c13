/** The run shared by the kill-and-resume test and its child process. */
import type { TrainerOptions } from '../../src/train/trainer.js';
import { synthetic, tinyModel } from './tiny.js';

export const KILL_RUN: TrainerOptions = {
  epochs: 4,
  batchSize: 6,
  learningRate: 0.02,
  seed: 3,
  earlyStopping: { patience: 10 },
  reduceLrOnPlateau: { patience: 1 },
};
export const killModel = () => tinyModel({ dropout: 0 });
export const killData = () => ({ train: synthetic(24, { seed: 21 }), validation: synthetic(9, { seed: 22 }) });
