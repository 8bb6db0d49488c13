/**
 * emotion-recog for browsers: everything of the main entry plus the browser layer
 * (`loadRecognizer`, `listen`, `openMicrophone`, `decodeWithBrowser`, `recognizeBlob`).
 * Bundlers pick it through the package's `browser` condition or `emotion-recog/browser`.
 * Re-exports only, no logic, no side effects.
 * @packageDocumentation
 */
export * from './index.js';
export * from './browser/index.js';
