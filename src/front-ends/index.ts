/**
 * Pretrained front ends (layer 4): adapters that run embedding models (TensorFlow.js, ONNX) behind
 * the FrontEnd contract (features/front-end.ts), the known small models (CREPE, Google's
 * speech_embedding), and `loadFrontEnd`, which picks the adapter from what a path holds.
 * Runtimes (onnxruntime, tfjs-converter) are imported on demand. See docs/front-ends.md.
 * @module
 */
export { loadTfjsFrontEnd, TFJS_FRONT_END_DEFAULTS, type TfjsFrontEndOptions, type TfjsModelSource } from './tfjs-front-end.js';
export { loadCrepe, decodeCrepeActivations, crepeBinCents, CREPE, CREPE_DEFAULTS, type CrepeFrontEnd, type CrepeOptions, type CrepePitch, type CrepePitchOptions } from './crepe.js';
export { loadOnnxFrontEnd, type OnnxFrontEndOptions } from './onnx-front-end.js';
export { loadOnnxRuntime, onnxRuntimePackage, type OnnxRuntimeOptions, type OrtModule } from './onnx-runtime.js';
export type { ModelSource } from './onnx-source.js';
export { loadSpeechEmbedding, SPEECH_EMBEDDING, SPEECH_EMBEDDING_FILES, type SpeechEmbeddingFrontEnd, type SpeechEmbeddingMel, type SpeechEmbeddingOptions, type SpeechEmbeddingSource } from './speech-embedding.js';
export { loadFrontEnd, loadFrontEndFiles, type FrontEndManifest, type LoadedFrontEnd } from './load.js';
