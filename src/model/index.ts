/**
 * Model layer (layer 4): the CNN-LSTM family as a tfjs LayersModel, its fast WebAssembly
 * engine, tfjs setup fixes, the model bundle (save/load with validation) and statistics heads
 * (logistic regression on utterance statistics, fused with the CNN-LSTM).
 * @module
 */
export * from './cnn-lstm.js';
export { pooledFrames } from './cnn-lstm-config.js';
export { ensureTfSetup } from './tf-setup.js';
export * from './model-bundle.js';
export * from './ensemble-bundle.js';
export * from './logistic-regression.js';
export * from './stats-head.js';
export { CnnLstmEngine, initCnnLstmWeights, cnnLstmWeightShapes } from './engine/cnn-lstm-engine.js';
export type { CnnLstmEngineOptions, EngineOptimizerState } from './engine/cnn-lstm-engine.js';
