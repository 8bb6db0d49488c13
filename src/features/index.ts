/**
 * @module features
 * Pure-TypeScript audio features over `Float32Array`s, numerically equal to librosa 0.10:
 * analysis windows, real FFT (fft.js), STFT / inverse STFT, mel filter banks, power→dB, DCT-II,
 * delta features and the `Mfcc` extractor. No TensorFlow; usable in Node and browsers.
 */
export { getWindow, padCenter, stftWindow, WINDOW_NAMES, type WindowName, type WindowOptions } from './window.js';
export { RealFft, WindowedPowerFft, assertFftSize, isPowerOfTwo, nextPowerOfTwo } from './fft.js';
export { mfccWasmModule } from './wasm/mfcc-wasm.js';
export {
  stft,
  istft,
  powerSpectrogram,
  frameCount,
  resolveStftConfig,
  StftPlan,
  STFT_DEFAULTS,
  PAD_MODES,
  type PadMode,
  type StftOptions,
  type StftConfig,
  type PowerSpectrogramOptions,
  type IstftOptions,
  type ComplexSpectrogram,
} from './stft.js';
export {
  hzToMel,
  melToHz,
  melFrequencies,
  fftFrequencies,
  melFilterBank,
  applyMelFilterBank,
  type MelScaleOptions,
  type MelFilterBankOptions,
  type MelFilterBank,
  type SparseMelFilterBank,
} from './mel.js';
export { powerToDb, POWER_TO_DB_DEFAULTS, type PowerToDbOptions } from './power-to-db.js';
export { dctMatrix, FastDct, type DctNorm } from './dct.js';
export { delta, savgolCoeffs, DELTA_DEFAULTS, DELTA_MODES, type DeltaOptions, type DeltaMode } from './delta.js';
export {
  Mfcc,
  MFCC_DEFAULTS,
  MFCC_PRESETS,
  SER16K_MFCC,
  resolveMfccConfig,
  MFCC_ENGINES,
  type MfccEngine,
  type MfccOptions,
  type MfccConfig,
  type MfccPresetName,
  type SignalOrSpectrogram,
} from './mfcc.js';
