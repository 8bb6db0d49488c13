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
export { loadOnnxFrontEnd, type OnnxFrontEndOptions } from './front-ends/onnx-front-end.js';
export { loadOnnxRuntime, onnxRuntimePackage, type OnnxRuntimeOptions, type OrtModule } from './front-ends/onnx-runtime.js';
export type { ModelSource } from './front-ends/onnx-source.js';
export { loadSpeechEmbedding, SPEECH_EMBEDDING, SPEECH_EMBEDDING_FILES, type SpeechEmbeddingFrontEnd, type SpeechEmbeddingMel, type SpeechEmbeddingOptions, type SpeechEmbeddingSource } from './front-ends/speech-embedding.js';
export { loadFrontEnd, loadFrontEndFiles, type FrontEndManifest, type LoadedFrontEnd } from './front-ends/load.js';
export { frontEndFrames, type FrontEnd, type FrontEndInfo, type FrontEndFile, type Embeddings } from './features/front-end.js';
export { FRONT_END_DIR, FRONT_END_MANIFEST, verifyFrontEndFiles, copyFrontEndFiles, fileSha256 } from './model/front-end-files.js';
