/** Feature pipeline (layer 3): audio → fixed-size model inputs, shared by training and prediction. @module */
export * from './feature-pipeline.js';
export * from './dataset-features.js';
export * from './utterance-stats.js';
export * from './front-end-features.js';
