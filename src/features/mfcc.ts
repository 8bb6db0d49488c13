/**
 * MFCC extraction equal to `librosa.feature.mfcc` (librosa 0.10.2): power STFT → Slaney mel
 * filter bank → `power_to_db` (top-dB floor over the whole utterance) → orthonormal DCT-II.
 *
 * `Mfcc` resolves and validates its configuration once, precomputes the window, FFT plan,
 * sparse mel weights and DCT basis, and reuses its scratch buffers across frames and calls.
 * Every intermediate product is available (`powerSpectrogram`, `melSpectrogram`, `logMel`) and
 * every stage can start from the upstream product (`fromPowerSpectrogram`, `fromLogMel`),
 * like librosa's `S=` argument.
 */
import { BackendUnavailableError, InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';
import type { FeatureMatrix, Logger } from '../types.js';
import { dctMatrix, FastDct, type DctNorm } from './dct.js';
import { assertFftSize } from './fft.js';
import { melFilterBank, projectMel, type MelFilterBank } from './mel.js';
import { DB_PER_NEPER, floorDb } from './power-to-db.js';
import { assertBoolean, assertFiniteSignal, assertKnownKeys, assertNumberAbove, assertSignal, assertSignalShape, DEFAULT_LOGGER } from './shared.js';
import { checkSignalLength, PAD_MODES, paddedSample, StftPlan, type PadMode, type StftConfig } from './stft.js';
import { createMfccWasmEngine, type MfccWasmEngine } from './wasm/mfcc-wasm.js';
import { WINDOW_NAMES, type WindowName } from './window.js';

/** Options of {@link Mfcc}: librosa's `mfcc`/`melspectrogram`/`stft` parameters, camelCased. All optional. */
export interface MfccOptions {
  /** Sample rate of the input in Hz. @defaultValue 22050 */
  readonly sampleRate?: number;
  /** FFT length in samples; a power of two (fft.js). @defaultValue 2048 */
  readonly nFft?: number;
  /** Hop between frames in samples. @defaultValue 512 */
  readonly hopLength?: number;
  /** Window length (≤ nFft), zero-padded to nFft; `null` → nFft. @defaultValue null */
  readonly winLength?: number | null;
  /** Analysis window (periodic). @defaultValue 'hann' */
  readonly window?: WindowName;
  /** Centre frames on `t · hopLength` by padding nFft/2 on both sides. @defaultValue true */
  readonly center?: boolean;
  /** Padding used when centring (librosa ≥ 0.10: zeros). @defaultValue 'constant' */
  readonly padMode?: PadMode;
  /** Spectrogram exponent: 2 = power, 1 = magnitude. @defaultValue 2 */
  readonly power?: number;
  /** Number of mel bands. @defaultValue 128 */
  readonly nMels?: number;
  /** Lowest mel edge in Hz. @defaultValue 0 */
  readonly fMin?: number;
  /** Highest mel edge in Hz; `null` → sampleRate / 2. @defaultValue null */
  readonly fMax?: number | null;
  /** HTK mel scale instead of Slaney's. @defaultValue false */
  readonly htk?: boolean;
  /** Mel filter normalisation (`'slaney'` = unit area) or `null` (peak 1). @defaultValue 'slaney' */
  readonly melNorm?: 'slaney' | null;
  /** Number of cepstral coefficients kept, ≤ nMels. @defaultValue 20 */
  readonly nMfcc?: number;
  /** DCT-II normalisation. @defaultValue 'ortho' */
  readonly dctNorm?: DctNorm;
  /** Cepstral liftering coefficient (0 = none), librosa's `lifter`. @defaultValue 0 */
  readonly lifter?: number;
  /** Dynamic range in dB kept below the utterance maximum; `null` = no floor. @defaultValue 80 */
  readonly topDb?: number | null;
  /** Receives warnings (empty mel filters, fMax above Nyquist, input shorter than nFft). Not serialised. @defaultValue console.warn */
  readonly logger?: Logger;
  /**
   * Implementation of `compute`: `'wasm'` (WebAssembly SIMD, ~2–3× faster), `'js'` (TypeScript),
   * or `'auto'` (wasm when the runtime supports it, else js). Both give the same numbers
   * (float64, ~1e-12 apart). Not serialised. @defaultValue 'auto'
   */
  readonly engine?: MfccEngine;
}

/** Implementation choice for `Mfcc.compute`. */
export type MfccEngine = 'auto' | 'js' | 'wasm';

/** Accepted values of `MfccOptions.engine`. */
export const MFCC_ENGINES = Object.freeze(['auto', 'js', 'wasm'] as const);

/** librosa 0.10's defaults for `librosa.feature.mfcc` (and the stages it calls). */
export const MFCC_DEFAULTS = Object.freeze({
  sampleRate: 22_050,
  nFft: 2048,
  hopLength: 512,
  winLength: null,
  window: 'hann',
  center: true,
  padMode: 'constant',
  power: 2,
  nMels: 128,
  fMin: 0,
  fMax: null,
  htk: false,
  melNorm: 'slaney',
  nMfcc: 20,
  dctNorm: 'ortho',
  lifter: 0,
  topDb: 80,
} as const satisfies Required<Omit<MfccOptions, 'logger' | 'engine'>>);

/** Resolved, validated, frozen MFCC configuration (`winLength` and `fMax` made concrete). JSON-serialisable. */
export interface MfccConfig extends StftConfig {
  readonly sampleRate: number;
  readonly power: number;
  readonly nMels: number;
  readonly fMin: number;
  readonly fMax: number;
  readonly htk: boolean;
  readonly melNorm: 'slaney' | null;
  readonly nMfcc: number;
  readonly dctNorm: DctNorm;
  readonly lifter: number;
  readonly topDb: number | null;
}

/** Speech-emotion preset: 16 kHz, 32 ms FFT (512), 10 ms hop (160), 64 mels, 40 MFCCs (`librosa_ser16k.json`). */
export const SER16K_MFCC: MfccOptions = Object.freeze({ sampleRate: 16_000, nFft: 512, hopLength: 160, nMels: 64, nMfcc: 40 });

/** Named presets matching the librosa reference files in shared/ref (`meta.params`). */
export const MFCC_PRESETS = Object.freeze({
  /** 16 kHz, nFft 512, hop 160, 64 mels, 40 MFCCs. */
  ser16k: SER16K_MFCC,
  /** librosa defaults at 16 kHz with 40 MFCCs: nFft 2048, hop 512, 128 mels. */
  default16k: Object.freeze({ sampleRate: 16_000, nFft: 2048, hopLength: 512, nMels: 128, nMfcc: 40 }) as MfccOptions,
  /** librosa defaults (22.05 kHz) with 40 MFCCs. */
  classic22k: Object.freeze({ sampleRate: 22_050, nFft: 2048, hopLength: 512, nMels: 128, nMfcc: 40 }) as MfccOptions,
});

/** Names of {@link MFCC_PRESETS}. */
export type MfccPresetName = keyof typeof MFCC_PRESETS;

const MFCC_KEYS = [...Object.keys(MFCC_DEFAULTS), 'logger', 'engine'];
const C = 'Mfcc';

/**
 * Merge `options` over {@link MFCC_DEFAULTS}, derive `winLength` (→ nFft) and `fMax`
 * (→ sampleRate/2), validate everything, and freeze. Warnings go to `logger`.
 *
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT naming the offending parameter, e.g.
 *   `Mfcc: nFft must be a power of two for fft.js (got 400). Use nFft=512 with winLength=400 to keep a 25 ms window.`
 */
export function resolveMfccConfig(options: MfccOptions = {}, logger: Logger = options.logger ?? DEFAULT_LOGGER): MfccConfig {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', options, 'object', `${C}: options must be an object (got ${String(options)}). Pass e.g. { sampleRate: 16000 }.`);
  }
  assertKnownKeys(C, options, MFCC_KEYS);
  const o = { ...MFCC_DEFAULTS, ...stripUndefined(options) };
  assertNumberAbove(C, 'sampleRate', o.sampleRate, 0, false, 'Pass the rate of the samples in Hz, e.g. 16000.');
  assertFftSize(C, o.nFft, o.sampleRate, o.winLength);
  assertPositiveInt(C, 'hopLength', o.hopLength);
  let winLength = o.nFft;
  if (o.winLength !== null) {
    assertPositiveInt(C, 'winLength', o.winLength);
    if (o.winLength > o.nFft) {
      throw new InvalidArgumentError('winLength', o.winLength, `integer in [1, ${o.nFft}]`, `${C}: winLength must be <= nFft (got winLength=${o.winLength}, nFft=${o.nFft}). Use nFft=${nextPow2(o.winLength)}.`);
    }
    winLength = o.winLength;
  }
  assertOneOf(C, 'window', o.window, WINDOW_NAMES);
  assertBoolean(C, 'center', o.center);
  assertOneOf(C, 'padMode', o.padMode, PAD_MODES);
  assertNumberAbove(C, 'power', o.power, 0, false, 'Use 2 (power) or 1 (magnitude).');
  assertPositiveInt(C, 'nMels', o.nMels);
  assertNumberAbove(C, 'fMin', o.fMin, 0, true);
  const nyquist = o.sampleRate / 2;
  const fMax = o.fMax ?? nyquist;
  assertNumberAbove(C, 'fMax', fMax, o.fMin, false, `fMax must exceed fMin (${o.fMin} Hz); use null for sampleRate/2.`);
  if (fMax > nyquist) logger.warn(`${C}: fMax (${fMax} Hz) is above the Nyquist frequency (${nyquist} Hz); the top mel bands will be empty or truncated.`);
  assertBoolean(C, 'htk', o.htk);
  if (o.melNorm !== null) assertOneOf(C, 'melNorm', o.melNorm, ['slaney'] as const);
  assertPositiveInt(C, 'nMfcc', o.nMfcc);
  if (o.nMfcc > o.nMels) {
    throw new InvalidArgumentError('nMfcc', o.nMfcc, `integer in [1, ${o.nMels}]`, `${C}: nMfcc must be <= nMels (got nMfcc=${o.nMfcc}, nMels=${o.nMels}). Lower nMfcc or raise nMels.`);
  }
  if (o.dctNorm !== null) assertOneOf(C, 'dctNorm', o.dctNorm, ['ortho'] as const);
  assertNumberAbove(C, 'lifter', o.lifter, 0, true, 'Use 0 for no liftering (librosa default) or e.g. 22.');
  if (o.topDb !== null) assertNumberAbove(C, 'topDb', o.topDb, 0, true, 'Use 80 (librosa) or null for no floor.');
  if (options.engine !== undefined) assertOneOf(C, 'engine', options.engine, MFCC_ENGINES);
  return Object.freeze({
    sampleRate: o.sampleRate,
    nFft: o.nFft,
    hopLength: o.hopLength,
    winLength,
    window: o.window,
    center: o.center,
    padMode: o.padMode,
    power: o.power,
    nMels: o.nMels,
    fMin: o.fMin,
    fMax,
    htk: o.htk,
    melNorm: o.melNorm,
    nMfcc: o.nMfcc,
    dctNorm: o.dctNorm,
    lifter: o.lifter,
    topDb: o.topDb,
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== 'logger' && k !== 'engine') (out as Record<string, unknown>)[k] = v;
  return out;
}

function nextPow2(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/** Input of the stages that accept either a signal or an upstream power spectrogram (librosa `S=`). */
export type SignalOrSpectrogram = Float32Array | Float64Array | { readonly S: FeatureMatrix };

/**
 * MFCC extractor (librosa-exact). Construct once per configuration; `compute` is cheap to call
 * repeatedly (no allocation besides the output). Not re-entrant: one instance must not be used
 * from two workers at once.
 *
 * @example
 * ```ts
 * const mfcc = new Mfcc(SER16K_MFCC);
 * const m = mfcc.compute(samples);  // [frames, 40], m.data[t * 40 + k]
 * ```
 */
export class Mfcc {
  /** The resolved, frozen configuration (serialise it with the model). */
  readonly config: MfccConfig;
  /** The mel filter bank (dense `[nMels, 1 + nFft/2]` in `.data`, plus the sparse form). */
  readonly filterBank: MelFilterBank;
  /** DCT-II basis `[nMfcc, nMels]` row-major (with liftering folded in when `lifter > 0`). */
  readonly dctBasis: Float64Array;
  private readonly logger: Logger;
  private readonly stft: StftPlan;
  private readonly spectrum: Float64Array;
  private melDb: Float64Array = new Float64Array(0);
  private readonly dctEven: Float64Array;
  private readonly dctOdd: Float64Array;
  private readonly sym: Float64Array;
  private readonly symDiff: Float64Array;
  /** Fast DCT plan when nMels is a power of two, with per-coefficient output scales. */
  private readonly fastDct: FastDct | null;
  private readonly fastScale: Float64Array;
  private readonly fastOut: Float64Array;
  private readonly wasm: MfccWasmEngine | null;

  /**
   * @param options - {@link MfccOptions}; omitted fields take {@link MFCC_DEFAULTS}.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for any invalid option.
   */
  constructor(options: MfccOptions = {}) {
    this.logger = options.logger ?? DEFAULT_LOGGER;
    const c = resolveMfccConfig(options, this.logger);
    this.config = c;
    const stftConfig: StftConfig = Object.freeze({
      nFft: c.nFft,
      hopLength: c.hopLength,
      winLength: c.winLength,
      window: c.window,
      center: c.center,
      padMode: c.padMode,
    });
    this.stft = new StftPlan(stftConfig);
    this.spectrum = new Float64Array(this.stft.bins);
    this.filterBank = melFilterBank({
      sampleRate: c.sampleRate,
      nFft: c.nFft,
      nMels: c.nMels,
      fMin: c.fMin,
      fMax: c.fMax,
      htk: c.htk,
      norm: c.melNorm,
      logger: this.logger,
    });
    const dct = dctMatrix(c.nMfcc, c.nMels, { norm: c.dctNorm });
    if (c.lifter > 0) {
      // librosa: M *= 1 + (lifter / 2) * sin(pi * (k + 1) / lifter), k = 0 … nMfcc-1.
      for (let k = 0; k < c.nMfcc; k++) {
        const li = 1 + (c.lifter / 2) * Math.sin((Math.PI * (k + 1)) / c.lifter);
        for (let n = 0; n < c.nMels; n++) dct[k * c.nMels + n]! *= li;
      }
    }
    this.dctBasis = dct;
    // Even/odd split of the DCT-II basis: D[k][N-1-n] = (-1)^k D[k][n], so coefficient k needs
    // only the half-length sums (k even) or differences (k odd) of the band vector.
    const N = c.nMels;
    const half = Math.ceil(N / 2);
    this.dctEven = new Float64Array(c.nMfcc * half);
    this.dctOdd = new Float64Array(c.nMfcc * half);
    for (let k = 0; k < c.nMfcc; k++) {
      for (let n = 0; n < half; n++) (k % 2 === 0 ? this.dctEven : this.dctOdd)[k * half + n] = dct[k * N + n]!;
    }
    this.sym = new Float64Array(half);
    this.symDiff = new Float64Array(half);
    // Power-of-two nMels (64, 128, …): Lee's fast DCT, then scale coefficient k by
    // 2·f_k (scipy's factor 2 and the ortho normalisation) times the lifter.
    this.fastDct = (N & (N - 1)) === 0 ? new FastDct(N) : null;
    this.fastOut = new Float64Array(N);
    this.fastScale = new Float64Array(c.nMfcc);
    for (let k = 0; k < c.nMfcc; k++) {
      const f = c.dctNorm === 'ortho' ? Math.sqrt(1 / ((k === 0 ? 4 : 2) * N)) : 1;
      const li = c.lifter > 0 ? 1 + (c.lifter / 2) * Math.sin((Math.PI * (k + 1)) / c.lifter) : 1;
      this.fastScale[k] = 2 * f * li;
    }
    const engine = options.engine ?? 'auto';
    this.wasm =
      engine === 'js' || c.power !== 2
        ? null
        : createMfccWasmEngine({
            fft: this.stft.powerKernel,
            bank: this.filterBank.sparse,
            nMfcc: c.nMfcc,
            dctEven: this.dctEven,
            dctOdd: this.dctOdd,
            amin: 1e-10,
            dbPerNeper: DB_PER_NEPER,
          });
    if (engine === 'wasm' && !this.wasm) {
      throw new BackendUnavailableError(
        'wasm',
        `${C}: engine 'wasm' needs WebAssembly SIMD and power = 2 (got ${typeof WebAssembly === 'undefined' ? 'no WebAssembly' : `power=${c.power}`}). Use engine: 'auto' or 'js'.`,
      );
    }
  }

  /** Dense mel basis `[nMels, 1 + nFft/2]` row-major (librosa's `filters.mel(...)`, float32). */
  get melBasis(): Float32Array {
    return this.filterBank.data;
  }

  /** Number of frames `compute` returns for a signal of `length` samples. */
  frameCount(length: number): number {
    return this.stft.frameCount(length);
  }

  /** The configuration as plain JSON (feed it back to `new Mfcc(json)`). */
  toJSON(): MfccConfig {
    return { ...this.config };
  }

  private checkSignal(samples: unknown): asserts samples is Float32Array | Float64Array {
    assertSignal(C, samples);
    checkSignalLength(C, samples, this.stft.config, this.logger);
  }

  private checkSpectrogram(S: FeatureMatrix, name = 'S'): void {
    const bins = this.stft.bins;
    if (typeof S !== 'object' || S === null || !(S.data instanceof Float32Array || (S.data as unknown) instanceof Float64Array) || S.bins !== bins || S.data.length !== S.frames * S.bins) {
      throw new ShapeMismatchError(
        [null, bins],
        [S?.frames ?? -1, S?.bins ?? -1],
        `${C}: ${name} must be a power spectrogram of shape [frames, ${bins}] (1 + nFft/2 for nFft=${this.config.nFft}) (got [${S?.frames}, ${S?.bins}]). Compute it with the same nFft.`,
      );
    }
  }

  /**
   * Power spectrogram `|STFT|^power`.
   * @returns `[frames, 1 + nFft/2]` float32, frame-major.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on NaN/Inf samples.
   * @throws {EmptyAudioError} SER_EMPTY_AUDIO on an empty signal.
   */
  powerSpectrogram(samples: Float32Array | Float64Array): FeatureMatrix {
    this.checkSignal(samples);
    return this.stft.power(samples, this.config.power);
  }

  /**
   * Mel spectrogram (librosa `melspectrogram`), from samples or from a power spectrogram `{ S }`.
   * @returns `[frames, nMels]` float32, in power units (not dB).
   */
  melSpectrogram(input: SignalOrSpectrogram): FeatureMatrix {
    const { nMels } = this.config;
    const bank = this.filterBank.sparse;
    if (isSpectrogramInput(input)) {
      this.checkSpectrogram(input.S);
      const { frames, bins } = input.S;
      const out = new Float32Array(frames * nMels);
      for (let t = 0; t < frames; t++) projectMel(bank, input.S.data, t * bins, out, t * nMels);
      return { data: out, frames, bins: nMels };
    }
    this.checkSignal(input);
    const frames = this.stft.frameCount(input.length);
    const out = new Float32Array(frames * nMels);
    for (let t = 0; t < frames; t++) {
      this.stft.framePower(input, t, this.spectrum, 0, this.config.power);
      projectMel(bank, this.spectrum, 0, out, t * nMels);
    }
    return { data: out, frames, bins: nMels };
  }

  /**
   * Log-mel spectrogram: `powerToDb(melSpectrogram, { ref: 1, amin: 1e-10, topDb })`, the input
   * of the DCT.
   * @returns `[frames, nMels]` float32 in dB; with topDb, within `[max − topDb, max]`.
   */
  logMel(input: SignalOrSpectrogram): FeatureMatrix {
    if (this.wasm && !isSpectrogramInput(input)) return { data: this.runWasm(input, 'logMel'), frames: this.stft.frameCount(input.length), bins: this.config.nMels };
    const { frames, floor } = this.fillMelDb(input);
    const n = frames * this.config.nMels;
    const data = Float32Array.from(this.melDb.subarray(0, n));
    floorDb(data, floor);
    return { data, frames, bins: this.config.nMels };
  }

  /**
   * MFCCs of a mono signal at `config.sampleRate`.
   * @param samples - mono float samples (nominally [-1, 1]); shorter than nFft is zero-padded
   *   with a warning (centred mode), as librosa does.
   * @returns `[frames, nMfcc]` float32 frame-major, `frames = 1 + floor(len / hopLength)` when centred.
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT on NaN/Inf samples.
   * @throws {EmptyAudioError} SER_EMPTY_AUDIO on an empty signal (or shorter than nFft with center false).
   */
  compute(samples: Float32Array | Float64Array): FeatureMatrix {
    if (this.wasm) return this.computeWasm(samples);
    const { frames, floor } = this.fillMelDb(samples);
    return this.dct(this.melDb, frames, floor);
  }

  /**
   * The log-mel spectrogram and the MFCCs of one signal from a single STFT/mel pass (what
   * `logMel(x)` and `compute(x)` return, at the cost of one).
   */
  logMelAndMfcc(samples: Float32Array | Float64Array): { logMel: FeatureMatrix; mfcc: FeatureMatrix } {
    if (this.wasm) {
      const r = this.runWasm(samples, 'logMelAndMfcc');
      const frames = this.stft.frameCount(samples.length);
      return { logMel: { data: r.logMel, frames, bins: this.config.nMels }, mfcc: { data: r.mfcc, frames, bins: this.config.nMfcc } };
    }
    const logMel = this.logMel(samples);
    return { logMel, mfcc: this.fromLogMel(logMel) };
  }

  /** Which implementation `compute` uses. */
  get engine(): 'js' | 'wasm' {
    return this.wasm ? 'wasm' : 'js';
  }

  private computeWasm(samples: Float32Array | Float64Array): FeatureMatrix {
    return { data: this.runWasm(samples, 'compute'), frames: this.stft.frameCount(samples.length), bins: this.config.nMfcc };
  }

  /** Run the WASM kernel on a signal: MFCCs (`compute`), the floored log-mel (`logMel`) or both. */
  private runWasm(samples: Float32Array | Float64Array, what: 'compute' | 'logMel'): Float32Array;
  private runWasm(samples: Float32Array | Float64Array, what: 'logMelAndMfcc'): { logMel: Float32Array; mfcc: Float32Array };
  private runWasm(samples: Float32Array | Float64Array, what: 'compute' | 'logMel' | 'logMelAndMfcc'): Float32Array | { logMel: Float32Array; mfcc: Float32Array } {
    // Type and emptiness here; NaN/Inf are detected by the kernel while it reads the copy
    // (samples past the last frame, which no frame reads, are checked here).
    assertSignalShape(C, samples);
    checkSignalLength(C, samples, this.stft.config, this.logger);
    const { nFft, hopLength, center, padMode, topDb } = this.config;
    const frames = this.stft.frameCount(samples.length);
    const padLeft = center ? Math.floor(nFft / 2) : 0;
    const paddedLength = (frames - 1) * hopLength + nFft;
    const covered = paddedLength - padLeft;
    if (covered < samples.length) assertFiniteSignal(C, samples, 'samples', covered);
    return this.wasm![what](
      paddedLength,
      (view, offset) => {
        const n = samples.length;
        const body = Math.min(n, paddedLength - padLeft);
        for (let i = 0; i < padLeft; i++) view[offset + i] = paddedSample(samples, i - padLeft, padMode);
        view.set(body === n ? samples : samples.subarray(0, body), offset + padLeft);
        for (let i = padLeft + body; i < paddedLength; i++) view[offset + i] = paddedSample(samples, i - padLeft, padMode);
      },
      frames,
      hopLength,
      topDb,
      () => {
        assertFiniteSignal(C, samples);
        throw new Error('unreachable: kernel reported a non-finite sample'); // assertFiniteSignal threw
      },
    );
  }

  /** MFCCs from a power spectrogram `[frames, 1 + nFft/2]` (librosa `melspectrogram(S=…)` then `mfcc`). */
  fromPowerSpectrogram(S: FeatureMatrix): FeatureMatrix {
    const { frames, floor } = this.fillMelDb({ S });
    return this.dct(this.melDb, frames, floor);
  }

  /**
   * MFCCs from a log-mel spectrogram in dB `[frames, nMels]` (librosa `mfcc(S=…)`): only the
   * DCT (and lifter) is applied — no top-dB floor, as in librosa.
   */
  fromLogMel(S: FeatureMatrix): FeatureMatrix {
    const nMels = this.config.nMels;
    if (typeof S !== 'object' || S === null || S.bins !== nMels || S.data.length !== S.frames * nMels) {
      throw new ShapeMismatchError([null, nMels], [S?.frames ?? -1, S?.bins ?? -1], `${C}: S must be a log-mel matrix of shape [frames, ${nMels}] (got [${S?.frames}, ${S?.bins}]). Use logMel() with the same nMels.`);
    }
    return this.dct(S.data, S.frames);
  }

  /**
   * Fill `this.melDb` with the dB mel spectrogram (not yet floored); returns the frame count and
   * the top-dB floor (`max − topDb` over the whole utterance, `-Infinity` without topDb).
   */
  private fillMelDb(input: SignalOrSpectrogram): { frames: number; floor: number } {
    const { nMels, topDb, power } = this.config;
    const bank = this.filterBank.sparse;
    let frames: number;
    let fromS: FeatureMatrix | null = null;
    if (isSpectrogramInput(input)) {
      this.checkSpectrogram(input.S);
      fromS = input.S;
      frames = fromS.frames;
    } else {
      this.checkSignal(input);
      frames = this.stft.frameCount(input.length);
    }
    const need = frames * nMels;
    if (this.melDb.length < need) this.melDb = new Float64Array(Math.max(need, 2 * this.melDb.length));
    const db = this.melDb;
    const spec = this.spectrum;
    const bins = this.stft.bins;
    const { start, length, offset, weights } = bank;
    // amin = 1e-10 → 10·log10(amin) = -100 dB; ref = 1 → 0 dB offset.
    const AMIN = 1e-10;
    let max = -Infinity;
    for (let t = 0; t < frames; t++) {
      let src: ArrayLike<number>;
      let base0: number;
      if (fromS) {
        src = fromS.data;
        base0 = t * bins;
      } else {
        this.stft.framePower(input as Float32Array, t, spec, 0, power);
        src = spec;
        base0 = 0;
      }
      const o = t * nMels;
      for (let m = 0; m < nMels; m++) {
        const base = base0 + start[m]!;
        const wo = offset[m]!;
        const len = length[m]!;
        let acc = 0;
        for (let j = 0; j < len; j++) acc += weights[wo + j]! * src[base + j]!;
        const v = DB_PER_NEPER * Math.log(acc > AMIN ? acc : AMIN);
        db[o + m] = v;
        if (v > max) max = v;
      }
    }
    return { frames, floor: topDb !== null && frames > 0 ? max - topDb : -Infinity };
  }

  /**
   * DCT (+ lifter) of `x` `[frames, nMels]` → `[frames, nMfcc]` float32, after flooring every
   * value at `floor` (the top-dB floor; `-Infinity` for none).
   *
   * Power-of-two nMels: Lee's fast DCT ({@link FastDct}). Otherwise the matrix, using the
   * even/odd symmetry of the DCT-II basis (half the multiply-adds) and four independent
   * accumulators (rows k … k+3) so the adds are not latency-bound.
   */
  private dct(x: ArrayLike<number>, frames: number, floor = -Infinity): FeatureMatrix {
    const { nMels: N, nMfcc } = this.config;
    const out = new Float32Array(frames * nMfcc);
    const fast = this.fastDct;
    if (fast) {
      const X = this.fastOut;
      const scale = this.fastScale;
      for (let t = 0; t < frames; t++) {
        fast.transform(x, t * N, X, floor);
        const oo = t * nMfcc;
        for (let k = 0; k < nMfcc; k++) out[oo + k] = X[k]! * scale[k]!;
      }
      return { data: out, frames, bins: nMfcc };
    }
    const half = Math.ceil(N / 2);
    const lo = Math.floor(N / 2);
    const even = this.dctEven;
    const odd = this.dctOdd;
    const sum = this.sym;
    const dif = this.symDiff;
    for (let t = 0; t < frames; t++) {
      const o = t * N;
      for (let n = 0; n < lo; n++) {
        let a = x[o + n]!;
        let b = x[o + N - 1 - n]!;
        if (a < floor) a = floor;
        if (b < floor) b = floor;
        sum[n] = a + b;
        dif[n] = a - b;
      }
      if (half > lo) {
        const a = x[o + lo]!;
        sum[lo] = a < floor ? floor : a;
        dif[lo] = 0;
      }
      const oo = t * nMfcc;
      let k = 0;
      for (; k + 3 < nMfcc; k += 4) {
        const b0 = k * half;
        const b1 = b0 + half;
        const b2 = b1 + half;
        const b3 = b2 + half;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let n = 0; n < half; n++) {
          const sv = sum[n]!;
          const dv = dif[n]!;
          a0 += even[b0 + n]! * sv;
          a1 += odd[b1 + n]! * dv;
          a2 += even[b2 + n]! * sv;
          a3 += odd[b3 + n]! * dv;
        }
        out[oo + k] = a0;
        out[oo + k + 1] = a1;
        out[oo + k + 2] = a2;
        out[oo + k + 3] = a3;
      }
      for (; k < nMfcc; k++) {
        const basis = k % 2 === 0 ? even : odd;
        const v = k % 2 === 0 ? sum : dif;
        const b = k * half;
        let acc = 0;
        for (let n = 0; n < half; n++) acc += basis[b + n]! * v[n]!;
        out[oo + k] = acc;
      }
    }
    return { data: out, frames, bins: nMfcc };
  }
}

function isSpectrogramInput(input: SignalOrSpectrogram): input is { readonly S: FeatureMatrix } {
  return typeof input === 'object' && input !== null && !(input instanceof Float32Array) && !(input instanceof Float64Array) && 'S' in input;
}
