/**
 * Training layer (layer 5): the Trainer (WASM engine or tfjs), metrics, speaker-grouped
 * cross-validation, evaluation and HTML reports.
 * @module
 */
export * from './trainer.js';
export * from './metrics.js';
export * from './evaluate.js';
export * from './cross-validate.js';
export { renderReportHtml, type ReportHtmlInput } from './report-html.js';
export { computeClassWeights } from './class-weights.js';
export type { TrainingBackend, OptimizerState } from './training-backend.js';
