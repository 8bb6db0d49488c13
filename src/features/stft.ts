/**
 * Short-time Fourier transform with librosa 0.10 semantics: framing, centring/padding, the
 * power spectrogram used by the mel pipeline, the complex STFT and its inverse (overlap-add
 * with window-sum-square normalisation, as `librosa.istft`).
 *
 * Layout: every matrix is frame-major, value of bin `k` at frame `t` is `data[t * bins + k]`
 * with `bins = 1 + nFft / 2`.
 */
import { EmptyAudioError, InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';
import type { FeatureMatrix, Logger } from '../types.js';
import { RealFft, WindowedPowerFft, assertFftSize } from './fft.js';
import { assertBoolean, assertKnownKeys, assertNumberAbove, assertSignal, DEFAULT_LOGGER } from './shared.js';
import { WINDOW_NAMES, stftWindow, type WindowName } from './window.js';

/** Signal extension used by `center: true` (numpy.pad modes). librosa ≥ 0.10 defaults to `'constant'` (zeros). */
export type PadMode = 'constant' | 'reflect' | 'edge';

/** Supported pad modes. */
export const PAD_MODES = Object.freeze(['constant', 'reflect', 'edge'] as const);

/** Options shared by {@link stft}, {@link powerSpectrogram} (librosa names, camelCased). */
export interface StftOptions {
  /** FFT length in samples, a power of two. @defaultValue 2048 */
  readonly nFft?: number;
  /** Hop between frames in samples. `null` → `floor(winLength / 4)`, librosa's default. @defaultValue null */
  readonly hopLength?: number | null;
  /** Window length in samples, ≤ nFft; the window is zero-padded (centred) to nFft. `null` → nFft. @defaultValue null */
  readonly winLength?: number | null;
  /** Analysis window (periodic). @defaultValue 'hann' */
  readonly window?: WindowName;
  /** Pad `nFft/2` samples on both sides so that frame `t` is centred on sample `t·hop`. @defaultValue true */
  readonly center?: boolean;
  /** How the padding is filled when `center` is true. @defaultValue 'constant' */
  readonly padMode?: PadMode;
  /** Receives librosa's warnings (e.g. nFft longer than the signal). @defaultValue console.warn */
  readonly logger?: Logger;
}

/** Options of {@link powerSpectrogram}. */
export interface PowerSpectrogramOptions extends StftOptions {
  /** Exponent of the magnitude: 1 = magnitude, 2 = power. Any finite value > 0. @defaultValue 2 */
  readonly power?: number;
}

/** Librosa's STFT defaults. */
export const STFT_DEFAULTS = Object.freeze({
  nFft: 2048,
  hopLength: null,
  winLength: null,
  window: 'hann',
  center: true,
  padMode: 'constant',
} as const);

/** Resolved STFT parameters (all numbers concrete). */
export interface StftConfig {
  readonly nFft: number;
  readonly hopLength: number;
  readonly winLength: number;
  readonly window: WindowName;
  readonly center: boolean;
  readonly padMode: PadMode;
}

/** A complex spectrogram, frame-major `[frames, bins]` (`bins = 1 + nFft/2`), like librosa's complex64 STFT. */
export interface ComplexSpectrogram {
  /** Real parts, `re[t * bins + k]`. */
  readonly re: Float32Array;
  /** Imaginary parts, `im[t * bins + k]`. */
  readonly im: Float32Array;
  readonly frames: number;
  readonly bins: number;
}

const STFT_KEYS = ['nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode', 'logger'];

/**
 * Merge `options` with {@link STFT_DEFAULTS}, derive `winLength`/`hopLength` and validate.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT naming the bad parameter.
 */
export function resolveStftConfig(
  options: StftOptions = {},
  component = 'stft',
  sampleRate?: number,
  extraKeys: readonly string[] = [],
): StftConfig {
  assertKnownKeys(component, options, [...STFT_KEYS, ...extraKeys]);
  const nFft = options.nFft ?? STFT_DEFAULTS.nFft;
  const winLengthOpt = options.winLength ?? null;
  assertFftSize(component, nFft, sampleRate, winLengthOpt);
  let winLength = nFft;
  if (winLengthOpt !== null) {
    assertPositiveInt(component, 'winLength', winLengthOpt);
    if (winLengthOpt > nFft) {
      throw new InvalidArgumentError(
        'winLength',
        winLengthOpt,
        `integer in [1, ${nFft}]`,
        `${component}: winLength must be <= nFft (got winLength=${winLengthOpt}, nFft=${nFft}). Raise nFft to the next power of two or shorten the window.`,
      );
    }
    winLength = winLengthOpt;
  }
  const hopLength = options.hopLength ?? Math.floor(winLength / 4);
  assertPositiveInt(component, 'hopLength', hopLength);
  const window = options.window ?? STFT_DEFAULTS.window;
  assertOneOf(component, 'window', window, WINDOW_NAMES);
  const center = options.center ?? STFT_DEFAULTS.center;
  assertBoolean(component, 'center', center);
  const padMode = options.padMode ?? STFT_DEFAULTS.padMode;
  assertOneOf(component, 'padMode', padMode, PAD_MODES);
  return Object.freeze({ nFft, hopLength, winLength, window, center, padMode });
}

/**
 * Number of STFT frames for a signal of `length` samples: `1 + floor(length / hop)` when
 * centred (librosa pads nFft/2 on both sides), `1 + floor((length - nFft) / hop)` otherwise
 * (0 when the signal is shorter than nFft).
 */
export function frameCount(length: number, config: Pick<StftConfig, 'nFft' | 'hopLength' | 'center'>): number {
  if (config.center) {
    const half = Math.floor(config.nFft / 2);
    return 1 + Math.floor((length + 2 * half - config.nFft) / config.hopLength);
  }
  return length < config.nFft ? 0 : 1 + Math.floor((length - config.nFft) / config.hopLength);
}

/** Sample `i` of the padded signal (any integer `i`), numpy.pad semantics ('reflect' is the period-2(n-1) mirror). @internal */
export function paddedSample(signal: ArrayLike<number>, i: number, mode: PadMode): number {
  const n = signal.length;
  if (i >= 0 && i < n) return signal[i]!;
  if (mode === 'constant') return 0;
  if (mode === 'edge' || n === 1) return signal[i < 0 ? 0 : n - 1]!;
  const period = 2 * (n - 1);
  let j = i % period;
  if (j < 0) j += period;
  if (j >= n) j = period - j;
  return signal[j]!;
}

/**
 * A precomputed STFT (window, FFT plan, scratch frame) for one configuration; the engine
 * behind {@link stft}, {@link powerSpectrogram} and `Mfcc`. Reuse one plan for many signals.
 * Inputs are trusted (validated by the public functions).
 */
export class StftPlan {
  readonly config: StftConfig;
  readonly bins: number;
  /** The nFft-long window actually applied (periodic window centred in nFft). */
  readonly window: Float64Array;
  readonly fft: RealFft;
  /** Fused window + power-spectrum kernel (the fast path of {@link StftPlan.framePower}). */
  readonly powerKernel: WindowedPowerFft;
  private readonly frame: Float64Array;
  private readonly raw: Float64Array;
  private readonly offset: number;

  constructor(config: StftConfig) {
    this.config = config;
    this.bins = 1 + config.nFft / 2;
    this.window = stftWindow(config.window, config.nFft, config.winLength);
    this.fft = new RealFft(config.nFft);
    this.powerKernel = new WindowedPowerFft(this.window);
    this.frame = new Float64Array(config.nFft);
    this.raw = new Float64Array(config.nFft);
    this.offset = config.center ? Math.floor(config.nFft / 2) : 0;
  }

  /** Number of frames for a signal of `length` samples. */
  frameCount(length: number): number {
    return frameCount(length, this.config);
  }

  /** Fill the scratch frame with the windowed frame `t` of `signal` and return it. */
  windowedFrame(signal: ArrayLike<number>, t: number): Float64Array {
    const n = this.config.nFft;
    const w = this.window;
    const f = this.frame;
    const start = t * this.config.hopLength - this.offset;
    if (start >= 0 && start + n <= signal.length) {
      for (let i = 0; i < n; i++) f[i] = signal[start + i]! * w[i]!;
    } else {
      const mode = this.config.padMode;
      for (let i = 0; i < n; i++) f[i] = paddedSample(signal, start + i, mode) * w[i]!;
    }
    return f;
  }

  /** `|X_t[k]|^power` of frame `t` into `out[outOffset … outOffset + bins)`. */
  framePower(signal: Float32Array | Float64Array, t: number, out: Float32Array | Float64Array, outOffset: number, power = 2): void {
    const n = this.config.nFft;
    const start = t * this.config.hopLength - this.offset;
    if (start >= 0 && start + n <= signal.length) {
      this.powerKernel.power(signal, start, out, outOffset);
    } else {
      const raw = this.raw;
      const mode = this.config.padMode;
      for (let i = 0; i < n; i++) raw[i] = paddedSample(signal, start + i, mode);
      this.powerKernel.power(raw, 0, out, outOffset);
    }
    if (power !== 2) {
      const bins = this.bins;
      if (power === 1) for (let k = 0; k < bins; k++) out[outOffset + k] = Math.sqrt(out[outOffset + k]!);
      else for (let k = 0; k < bins; k++) out[outOffset + k] = Math.pow(out[outOffset + k]!, power / 2);
    }
  }

  /** Power spectrogram `[frames, bins]` of a (validated) signal. */
  power(signal: Float32Array | Float64Array, power = 2): FeatureMatrix {
    const frames = this.frameCount(signal.length);
    const bins = this.bins;
    const data = new Float32Array(frames * bins);
    for (let t = 0; t < frames; t++) this.framePower(signal, t, data, t * bins, power);
    return { data, frames, bins };
  }

  /** Complex STFT `[frames, bins]` of a (validated) signal. */
  complex(signal: ArrayLike<number>): ComplexSpectrogram {
    const frames = this.frameCount(signal.length);
    const bins = this.bins;
    const re = new Float32Array(frames * bins);
    const im = new Float32Array(frames * bins);
    for (let t = 0; t < frames; t++) {
      const s = this.fft.forward(this.windowedFrame(signal, t));
      const o = t * bins;
      for (let k = 0; k < bins; k++) {
        re[o + k] = s[2 * k]!;
        im[o + k] = s[2 * k + 1]!;
      }
    }
    return { re, im, frames, bins };
  }
}

/**
 * Validate the signal against the resolved config the way librosa does: warn (centred) or
 * throw (not centred) when the signal is shorter than the FFT.
 * @internal
 */
export function checkSignalLength(component: string, signal: ArrayLike<number>, config: StftConfig, logger: Logger): void {
  if (signal.length >= config.nFft) return;
  if (config.center) {
    logger.warn(`${component}: nFft=${config.nFft} is too large for input signal of length=${signal.length}`);
    return;
  }
  throw new EmptyAudioError(
    `${component}: samples must be at least nFft=${config.nFft} long when center is false (got ${signal.length}). Use center: true or a smaller nFft.`,
  );
}

/**
 * Power spectrogram `|STFT|^power`, as librosa's `_spectrogram` (the first stage of
 * `melspectrogram` / `mfcc`).
 *
 * @param signal - mono samples (float32, nominally in [-1, 1]).
 * @returns `[frames, 1 + nFft/2]` frame-major, `frames = 1 + floor(len / hop)` when centred;
 *   values ≥ 0, in (amplitude units)^power, unscaled FFT (a full-scale sine of length-N Hann
 *   window peaks near `(N/4)^2`).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO on an empty signal (or shorter than nFft without centring).
 * @example
 * ```ts
 * const S = powerSpectrogram(samples, { nFft: 512, hopLength: 160 }); // S.bins === 257
 * ```
 */
export function powerSpectrogram(signal: Float32Array | Float64Array, options: PowerSpectrogramOptions = {}): FeatureMatrix {
  const config = resolveStftConfig(options, 'powerSpectrogram', undefined, ['power']);
  const power = options.power ?? 2;
  assertNumberAbove('powerSpectrogram', 'power', power, 0, false, 'Use 2 for power or 1 for magnitude.');
  assertSignal('powerSpectrogram', signal);
  checkSignalLength('powerSpectrogram', signal, config, options.logger ?? DEFAULT_LOGGER);
  return new StftPlan(config).power(signal, power);
}

/**
 * Complex STFT, as `librosa.stft` (unscaled FFT of windowed frames).
 *
 * @returns `{ re, im, frames, bins }`, frame-major `[frames, 1 + nFft/2]` float32.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options or NaN/Inf samples.
 * @throws {EmptyAudioError} SER_EMPTY_AUDIO on an empty signal (or shorter than nFft without centring).
 */
export function stft(signal: Float32Array | Float64Array, options: StftOptions = {}): ComplexSpectrogram {
  const config = resolveStftConfig(options, 'stft');
  assertSignal('stft', signal);
  checkSignalLength('stft', signal, config, options.logger ?? DEFAULT_LOGGER);
  return new StftPlan(config).complex(signal);
}

/** Options of {@link istft}. */
export interface IstftOptions extends Omit<StftOptions, 'padMode' | 'logger'> {
  /** Exact output length in samples (zero-padded or trimmed), as librosa's `length`. */
  readonly length?: number | null;
}

/**
 * Inverse STFT by weighted overlap-add, as `librosa.istft`: each frame is inverse-FFT'd,
 * multiplied by the synthesis window, overlap-added, and the sum is divided by the
 * overlap-added squared window wherever that exceeds float32's tiny; with `center` the first
 * and last `nFft/2` samples are dropped.
 *
 * @param spec - complex spectrogram `[frames, bins]`; `nFft` defaults to `2 * (bins - 1)`.
 * @returns float32 signal of `length` samples, or `nFft + hop·(frames-1)` (minus `nFft` when centred).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on bad options.
 * @throws {ShapeMismatchError} SER_SHAPE_MISMATCH when `bins` does not match `nFft`.
 */
export function istft(spec: ComplexSpectrogram, options: IstftOptions = {}): Float32Array {
  const { frames, bins } = spec;
  if (!Number.isInteger(frames) || frames < 0 || !Number.isInteger(bins) || bins < 2 || spec.re.length !== frames * bins || spec.im.length !== frames * bins) {
    throw new ShapeMismatchError(
      [null, bins],
      [spec.re.length, spec.im.length],
      `istft: spec.re and spec.im must both hold frames*bins = ${frames * bins} values (got ${spec.re.length} and ${spec.im.length}). Pass the output of stft() unchanged.`,
    );
  }
  const nFft = options.nFft ?? 2 * (bins - 1);
  const config = resolveStftConfig({ ...options, nFft }, 'istft', undefined, ['length']);
  if (bins !== 1 + nFft / 2) {
    throw new ShapeMismatchError(
      [null, 1 + nFft / 2],
      [frames, bins],
      `istft: spec has ${bins} bins but nFft=${nFft} needs ${1 + nFft / 2}. Pass the nFft used by stft().`,
    );
  }
  const length = options.length ?? null;
  if (length !== null) assertPositiveInt('istft', 'length', length, 0);
  const hop = config.hopLength;
  const half = Math.floor(nFft / 2);
  let nFrames = frames;
  if (length !== null) {
    const padded = config.center ? length + 2 * half : length;
    nFrames = Math.min(frames, Math.ceil(padded / hop));
  }
  const fullLen = nFrames > 0 ? nFft + hop * (nFrames - 1) : 0;
  const y = new Float64Array(fullLen);
  const wss = new Float64Array(fullLen);
  const win = stftWindow(config.window, nFft, config.winLength);
  const fft = new RealFft(nFft, 'istft');
  const buf = new Float64Array(nFft);
  for (let t = 0; t < nFrames; t++) {
    fft.inverse(spec.re, spec.im, buf, t * bins);
    const o = t * hop;
    for (let i = 0; i < nFft; i++) {
      const w = win[i]!;
      y[o + i]! += buf[i]! * w;
      wss[o + i]! += w * w;
    }
  }
  const start = config.center ? half : 0;
  let outLen: number;
  if (length !== null) outLen = length;
  else outLen = config.center ? Math.max(0, fullLen - 2 * half) : fullLen;
  const out = new Float32Array(outLen);
  const tiny = 1.1754943508222875e-38; // np.finfo(np.float32).tiny
  for (let i = 0; i < outLen; i++) {
    const j = start + i;
    if (j >= fullLen) break;
    const s = wss[j]!;
    out[i] = s > tiny ? y[j]! / s : y[j]!;
  }
  return out;
}

