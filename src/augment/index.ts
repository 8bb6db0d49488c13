/**
 * Data augmentation for speech (layer 3): pure functions over Float32Array waveforms and
 * FeatureMatrix features, plus the seeded `Augmenter` pipeline. May import `audio/`,
 * `features/`, `internal/`, `errors` and `types`; never tfjs.
 * @module
 */
export {
  Augmenter,
  AUGMENTER_DEFAULTS,
  AUGMENT_STEP_TYPES,
  CHANNEL_ROBUSTNESS_RECIPE,
  CODEC_LAWS,
  DEFAULT_SPEECH_EMOTION_RECIPE,
  resolveAugmenterConfig,
} from './augmenter.js';
export type {
  AugmentRange,
  AugmentStep,
  AugmenterConfig,
  AugmenterOptions,
  BabbleStep,
  ClipStep,
  CodecLaw,
  CodecStep,
  EqTiltStep,
  GainStep,
  LowpassStep,
  NoiseColour,
  NoiseStep,
  PitchShiftStep,
  ResolvedAugmentStep,
  ReverbStep,
  ShiftStep,
  SpecAugmentStep,
  SpeedStep,
  TelephoneStep,
  TimeStretchStep,
} from './augmenter.js';
export { yin, YIN_DEFAULTS } from './f0.js';
export type { YinOptions, YinResult } from './f0.js';
export { gain, GAIN_DEFAULTS, headroomDb } from './gain.js';
export type { GainOptions } from './gain.js';
export { addNoise, ADD_NOISE_DEFAULTS } from './noise.js';
export type { AddNoiseOptions, NoiseType } from './noise.js';
export { pitchShift, PITCH_SHIFT_DEFAULTS } from './pitch-shift.js';
export type { PitchShiftOptions } from './pitch-shift.js';
export { cropOrPad, CROP_OR_PAD_DEFAULTS, SHIFT_MODES, timeShift, TIME_SHIFT_DEFAULTS } from './shift.js';
export type { CropOrPadOptions, ShiftMode, TimeShiftOptions } from './shift.js';
export type { RngLike } from './signal.js';
export { resolveSpecAugmentConfig, specAugment, SPEC_AUGMENT_DEFAULTS } from './spec-augment.js';
export type { SpecAugmentConfig, SpecAugmentOptions } from './spec-augment.js';
export { speedPerturb, SPEED_PERTURB_DEFAULTS } from './speed.js';
export type { SpeedPerturbOptions } from './speed.js';
export { timeStretch, TIME_STRETCH_DEFAULTS, TIME_STRETCH_METHODS } from './time-stretch.js';
export type { TimeStretchMethod, TimeStretchOptions } from './time-stretch.js';
export { telephoneBand, TELEPHONE_BAND_DEFAULTS, telephoneTransitionHz } from './telephone.js';
export type { TelephoneBandOptions } from './telephone.js';
export { aLaw, A_LAW_DEFAULTS, muLaw, MU_LAW_DEFAULTS } from './companding.js';
export type { ALawOptions, MuLawOptions } from './companding.js';
export { lossyLowpass, lossyLowpassStopHz } from './lowpass.js';
export type { LossyLowpassOptions } from './lowpass.js';
export { reverberate, REVERBERATE_DEFAULTS, syntheticImpulseResponse, SYNTHETIC_IMPULSE_RESPONSE_DEFAULTS } from './reverb.js';
export type { ReverberateOptions, SyntheticImpulseResponseOptions } from './reverb.js';
export { babbleNoise, BABBLE_NOISE_DEFAULTS } from './babble.js';
export type { BabbleNoiseOptions } from './babble.js';
export { eqTilt, EQ_TILT_DEFAULTS } from './eq-tilt.js';
export type { EqTiltOptions } from './eq-tilt.js';
export { clip, clipThreshold } from './clipping.js';
export type { ClipOptions } from './clipping.js';
