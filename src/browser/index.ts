/**
 * Browser layer: loading from static files, live recognition on Web Audio, decoding with the
 * browser. Imports the recognizer and lower layers only; no Node built-ins, no tfjs imports.
 * @module
 */
export { loadRecognizer, type BrowserLoadOptions, type BrowserRecognizer } from './load.js';
export { listen, openMicrophone, LISTEN_DEFAULTS, type ListenOptions, type Listener, type LiveRecognition } from './listen.js';
export { decodeWithBrowser, decodeBlob, recognizeBlob, DECODE_WITH_BROWSER_DEFAULTS, type DecodeWithBrowserOptions, type DecodedBlob, type BlobDecoder } from './decode.js';
export { liveInputSamples, liveWindowFeatures, liveWindowInput, LIVE_RESAMPLE_MARGIN_SEC } from './live-window.js';
export { RingBuffer } from './ring-buffer.js';
export { CAPTURE_WORKLET_SOURCE, CAPTURE_PROCESSOR_NAME } from './worklet-source.js';
