/**
 * Training layer (layer 5, tf): the Trainer and its compute backends, metrics, evaluation,
 * cross-validation, checkpoints and the HTML report. Imports `@tensorflow/tfjs-core`,
 * `@tensorflow/tfjs-layers`, `model/` and lower layers only; `node:fs` is loaded lazily, and only
 * when a checkpoint directory is used.
 * @module
 */
export {
  Trainer,
  TRAINER_DEFAULTS,
  resolveTrainerConfig,
  setModelWeights,
  getModelWeights,
  type TrainerOptions,
  type TrainerConfig,
  type TrainerEngine,
  type EarlyStoppingOptions,
  type ReduceLrOnPlateauOptions,
  type Monitor,
  type EpochLog,
  type BatchLog,
  type StopReason,
  type TrainingHistory,
  type FitOptions,
  type TrainerCheckpointMeta,
} from './trainer.js';
export type { TrainingData } from './data.js';
export { computeClassWeights, type ClassWeightOption } from './class-weights.js';
export type { TrainingBackend, TrainStepOptions, TrainBatchResult, OptimizerState } from './training-backend.js';
export { TfjsTrainingBackend, type AdamOptions } from './tfjs-training-backend.js';
export { EngineTrainingBackend, type CnnLstmEngineLike } from './engine-training-backend.js';
export { CHECKPOINT_FILE, saveCheckpoint, loadCheckpoint, type CheckpointContents } from './checkpoint.js';
export {
  confusionMatrix,
  classificationReport,
  reportFromConfusion,
  type ClassificationReport,
  type ClassMetrics,
} from './metrics.js';
export {
  expectedCalibrationError,
  fitTemperature,
  applyTemperature,
  CALIBRATION_DEFAULTS,
  type CalibrationReport,
  type CalibrationBin,
  type EceOptions,
  type FitTemperatureOptions,
  type ApplyTemperatureOptions,
  type ProbabilityRows,
} from './calibration.js';
export { evaluate, predictProbabilities, type EvaluateOptions, type Evaluation } from './evaluate.js';
export {
  crossValidate,
  type CrossValidateOptions,
  type CrossValidationFold,
  type CrossValidationResult,
  type FoldResult,
  type FoldRole,
  type MeanStd,
} from './cross-validate.js';
export { renderReportHtml, type ReportHtmlInput } from './report-html.js';
