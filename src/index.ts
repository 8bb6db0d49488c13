/**
 * emotion-recog: speech emotion recognition in TypeScript.
 * Public barrel: re-exports only, no logic, no side effects.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './types.js';
export { LIBRARY_VERSION } from './version.js';
export * from './audio/index.js';
export * from './features/index.js';
export * from './augment/index.js';
export * from './preprocess/index.js';
export * from './data/index.js';
export * from './pipeline/index.js';
export {
  detectSpeech,
  resolveSpeechDetectorConfig,
  SPEECH_DETECTOR_DEFAULTS,
  SPEECH_REASON_TEXT,
  type SpeechDetection,
  type SpeechDetectionReason,
  type SpeechDetectorOptions,
  type SpeechDetectorConfig,
  type SpeechMeasures,
} from './pipeline/speech-detector.js';
export * from './model/index.js';
export { initBackend, AUTO_BACKEND_ORDER, BACKEND_NAMES, type InitBackendOptions, type ActiveBackend } from './backends/select.js';
export type { Backend } from './backends/backend.js';
export * from './train/index.js';
export * from './predict/index.js';
export * from './recognizer/index.js';
export { loadTfjsFrontEnd, TFJS_FRONT_END_DEFAULTS, type TfjsFrontEndOptions, type TfjsModelSource } from './front-ends/tfjs-front-end.js';
export { loadCrepe, decodeCrepeActivations, crepeBinCents, CREPE, CREPE_DEFAULTS, type CrepeFrontEnd, type CrepeOptions, type CrepePitch, type CrepePitchOptions } from './front-ends/crepe.js';
