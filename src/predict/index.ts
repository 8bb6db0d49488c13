/** Prediction layer (layer 5): Predictor runs a trained bundle on signals or features. @module */
export * from './predictor.js';
