/** The facade (layer 6): EmotionRecognizer and the full training recipe. @module */
export * from './emotion-recognizer.js';
export * from './train-recognizer.js';
export * from './multi-corpus.js';
export { frontEndFolder, type AttachedFrontEnd, type FrontEndLoader } from './bundle-front-end.js';
