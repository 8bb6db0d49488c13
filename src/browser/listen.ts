/**
 * Live emotion recognition on Web Audio: {@link listen} taps a microphone MediaStream (or any
 * AudioNode) with an AudioWorklet, keeps the newest audio in a ring buffer and, every `hopSec`,
 * runs the recognizer on the newest window and reports `{ emotion, scores, startSec, endSec }`.
 * Browser only (needs `AudioContext` and `AudioWorkletNode`).
 */
import { BackendUnavailableError, InvalidArgumentError } from '../errors.js';
import { assertInRange } from '../internal/validate.js';
import { detectSpeech, type SpeechDetectionReason } from '../pipeline/speech-detector.js';
import { ADAPT_MIN_CLIPS, type EmotionRecognizer, type SegmentRecognition } from '../recognizer/emotion-recognizer.js';
import type { FeatureMatrix } from '../types.js';
import { LIVE_WINDOW_DEFAULTS, liveInputSamples, liveWindow, liveWindowInput, speechSeconds, type LiveWindowOptions } from './live-window.js';
import { RingBuffer } from './ring-buffer.js';
import { CAPTURE_PROCESSOR_NAME, CAPTURE_STOP_MESSAGE, CAPTURE_WORKLET_SOURCE } from './worklet-source.js';

const C = 'listen';

/** One live result: a window of the stream, times in seconds since listening began. */
export interface LiveRecognition extends SegmentRecognition {
  /** Milliseconds of main-thread compute for this hop (resampling, features, model). */
  readonly computeMs: number;
  /** The part of `computeMs` spent on resampling and features. */
  readonly featuresMs: number;
  /** Seconds of speech (frames above `silenceDb`) in the window. */
  readonly speechSec: number;
}

/** A hop whose window held too little speech to recognise (see `minSpeechSec`), or no speech at all (see `speechGate`). */
export interface LiveSilence {
  readonly startSec: number;
  readonly endSec: number;
  readonly speechSec: number;
  /**
   * Why the window was skipped: 'silence' for too little sound above `silenceDb`, otherwise what
   * the speech gate found instead of speech ('silence', 'noise', 'steady-tone', 'music').
   */
  readonly reason: Exclude<SpeechDetectionReason, 'speech'>;
}

/** Options of {@link listen}. */
export interface ListenOptions extends LiveWindowOptions {
  /** Seconds between results. @defaultValue 0.5 */
  readonly hopSec?: number;
  /** Seconds of audio per result. @defaultValue the model window (`pipeline.windowSec`, ~3 s) */
  readonly windowSec?: number;
  /** Receives every result whose confidence reaches `minConfidence`. */
  readonly onResult?: (result: LiveRecognition) => void;
  /** Results below this confidence are not reported. @defaultValue 0 */
  readonly minConfidence?: number;
  /**
   * Run the speech gate (`detectSpeech`, ~1 ms) on windows with enough sound, and skip those
   * holding no speech (noise, tones, music) like silent ones. @defaultValue true
   */
  readonly speechGate?: boolean;
  /**
   * Adapt to this microphone, room and speaker as the session goes on (off by default): the
   * windows with speech are kept (the newest `maxWindows`, every other hop so they overlap
   * less), and from `minWindows` on the recognizer's normalisation statistics are re-estimated
   * from them every `everyWindows` windows (see `EmotionRecognizer.adapt`; no labels needed).
   * `true` takes the defaults `{ minWindows: 10, maxWindows: 60, everyWindows: 5 }`.
   * @defaultValue false
   */
  readonly adapt?: boolean | { readonly minWindows?: number; readonly maxWindows?: number; readonly everyWindows?: number };
  /** Called instead of `onResult` for windows with less than `minSpeechSec` of speech, or none (see `speechGate`). */
  readonly onSilence?: (silence: LiveSilence) => void;
  /** Receives errors thrown while recognising (listening goes on). */
  readonly onError?: (error: unknown) => void;
  /**
   * Context to run in when `source` is a MediaStream. @defaultValue a new AudioContext, closed
   * by `stop()` (a context passed here, or the one of an AudioNode source, is left open).
   */
  readonly audioContext?: AudioContext;
  /** Stop the MediaStream's tracks on `stop()` (releases the microphone). @defaultValue true */
  readonly stopTracks?: boolean;
  /**
   * Frames per worklet message; results fall on chunk boundaries.
   * @defaultValue 2048, or the power of two nearest below a quarter hop when that is smaller (min 128)
   */
  readonly chunkSize?: number;
}

/** Frozen defaults of {@link ListenOptions}. */
export const LISTEN_DEFAULTS = Object.freeze({ hopSec: 0.5, minConfidence: 0, stopTracks: true, chunkSize: 2048, speechGate: true });

/** A running listener. */
export interface Listener {
  /** The AudioContext the capture runs in. */
  readonly audioContext: BaseAudioContext;
  /** Input sample rate in Hz (the context's rate; resampled to the model rate per hop). */
  readonly sampleRate: number;
  /** Seconds of audio analysed per result and between results. */
  readonly windowSec: number;
  readonly hopSec: number;
  /** Seconds of audio received so far. */
  readonly receivedSec: number;
  /** Windows analysed so far (including results below `minConfidence`, which are not reported). */
  readonly hops: number;
  /**
   * Stop listening: disconnects the nodes, ends the worklet, stops the stream's tracks (unless
   * `stopTracks: false`) and closes the AudioContext when `listen` created it. Idempotent.
   */
  stop(): Promise<void>;
}

const workletLoads = new WeakMap<BaseAudioContext, Promise<void>>();

/** Register the capture processor in `ctx` once (Blob URL of the inlined source). */
function loadWorklet(ctx: BaseAudioContext): Promise<void> {
  let p = workletLoads.get(ctx);
  if (!p) {
    const url = URL.createObjectURL(new Blob([CAPTURE_WORKLET_SOURCE], { type: 'text/javascript' }));
    p = ctx.audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
    workletLoads.set(ctx, p);
    p.catch(() => workletLoads.delete(ctx));
  }
  return p;
}

function isMediaStream(x: unknown): x is MediaStream {
  return typeof MediaStream !== 'undefined' && x instanceof MediaStream;
}

function isAudioNode(x: unknown): x is AudioNode {
  return typeof AudioNode !== 'undefined' && x instanceof AudioNode;
}

/**
 * Open the microphone for emotion recognition: echo cancellation, noise suppression and
 * automatic gain control off, because they reshape the voice the model listens to.
 * @throws the browser's DOMException when permission is denied or no microphone exists.
 */
export async function openMicrophone(constraints: MediaTrackConstraints = {}): Promise<MediaStream> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new BackendUnavailableError('microphone', 'openMicrophone: navigator.mediaDevices.getUserMedia is not available. Serve the page over https:// or http://localhost in a browser.');
  }
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1, ...constraints },
    video: false,
  });
}

/**
 * Recognise emotion continuously in live audio.
 *
 * Every `hopSec` the newest `windowSec` of audio is resampled from the context rate to the
 * model rate (the library's `resample`). A window with less than `minSpeechSec` of speech
 * (25 ms frames above `silenceDb` dBFS), or without speech at all (`speechGate`: noise, tones,
 * music), goes to `onSilence`; otherwise it is recognised like
 * `recognize()` does a clip (silence trimmed, speech centred; `trim: false` for the raw window)
 * and `onResult` gets the emotion, the scores and the window's place in the stream. The
 * first result comes once a full window has been heard. Compute runs on the main thread (a few
 * ms per hop with the WASM engine); when it falls behind, hops are skipped, never queued. Call it
 * from a user gesture (a click): browsers keep a new AudioContext suspended until one.
 *
 * @param recognizer - a loaded recognizer (see `loadRecognizer`).
 * @param source - a MediaStream (e.g. from {@link openMicrophone}) or an AudioNode to tap.
 * @returns a {@link Listener}; call `stop()` to release the microphone.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a bad source or option.
 * @throws {BackendUnavailableError} SER_BACKEND_UNAVAILABLE without Web Audio / AudioWorklet.
 * @example
 * const recognizer = await loadRecognizer('/models/default/', { wasmPaths: '/tfjs-wasm/' });
 * const listener = await listen(recognizer, await openMicrophone(), { onResult: (r) => show(r.emotion, r.scores) });
 * // later
 * await listener.stop();
 */
export async function listen(recognizer: EmotionRecognizer, source: MediaStream | AudioNode, options: ListenOptions = {}): Promise<Listener> {
  if (typeof AudioWorkletNode === 'undefined' || typeof AudioContext === 'undefined') {
    throw new BackendUnavailableError('web-audio', `${C}: this environment has no AudioContext/AudioWorkletNode. Run it in a browser page served over https:// or http://localhost.`);
  }
  if (!isMediaStream(source) && !isAudioNode(source)) {
    throw new InvalidArgumentError('source', source, 'a MediaStream or an AudioNode', `${C}: source must be a MediaStream (e.g. await openMicrophone()) or an AudioNode (got ${Object.prototype.toString.call(source)}).`);
  }
  const pipeline = recognizer.predictor.pipeline;
  const hopSec = options.hopSec ?? LISTEN_DEFAULTS.hopSec;
  const windowSec = options.windowSec ?? pipeline.windowSec;
  const minConfidence = options.minConfidence ?? LISTEN_DEFAULTS.minConfidence;
  assertInRange(C, 'hopSec', hopSec, 0.01, 60, 'Use a hop of 0.01–60 s.');
  assertInRange(C, 'windowSec', windowSec, 0.05, 60, 'Use a window of 0.05–60 s; the default is the model window.');
  assertInRange(C, 'minConfidence', minConfidence, 0, 1);
  if (options.silenceDb !== undefined) assertInRange(C, 'silenceDb', options.silenceDb, -200, 0, 'Pass a level in dBFS, e.g. -50.');
  if (options.minSpeechSec !== undefined) assertInRange(C, 'minSpeechSec', options.minSpeechSec, 0, 60, 'Pass 0 to recognise every window.');
  if (options.chunkSize !== undefined) assertInRange(C, 'chunkSize', options.chunkSize, 128, 65536, 'Use 128–65536 frames per chunk.');

  const ownsContext = isMediaStream(source) && !options.audioContext;
  const ctx: BaseAudioContext = isAudioNode(source) ? source.context : (options.audioContext ?? new AudioContext({ latencyHint: 'interactive' }));
  const rate = ctx.sampleRate;
  const need = liveInputSamples(pipeline, windowSec, rate);
  const ring = new RingBuffer(need);
  const hopSamples = Math.max(1, Math.round(hopSec * rate));
  const chunkSize = Math.round(options.chunkSize ?? Math.max(128, Math.min(LISTEN_DEFAULTS.chunkSize, 2 ** Math.floor(Math.log2(hopSamples / 4)))));
  const scratch = new Float32Array(need);

  let input: AudioNode | undefined;
  let node: AudioWorkletNode | undefined;
  let sink: GainNode | undefined;
  let stopped = false;
  let hops = 0;
  // The first result once a full window (plus the resampling margin) has arrived.
  let nextAt = need;

  const releaseAll = async (): Promise<void> => {
    stopped = true;
    try {
      node?.port.postMessage(CAPTURE_STOP_MESSAGE);
      if (node) node.port.onmessage = null;
      node?.port.close();
    } catch {
      /* already closed */
    }
    // A caller's AudioNode loses only the connection listen made; our own nodes lose all.
    const disconnect = (n: AudioNode | undefined, to?: AudioNode) => {
      try {
        if (to) n?.disconnect(to);
        else n?.disconnect();
      } catch {
        /* not connected */
      }
    };
    if (isMediaStream(source)) disconnect(input);
    else if (node) disconnect(input, node);
    disconnect(node);
    disconnect(sink);
    if (isMediaStream(source) && (options.stopTracks ?? LISTEN_DEFAULTS.stopTracks)) for (const t of source.getTracks()) t.stop();
    if (ownsContext && ctx instanceof AudioContext && ctx.state !== 'closed') await ctx.close();
  };

  const sr = pipeline.config.sampleRate;
  const trim = options.trim ?? LIVE_WINDOW_DEFAULTS.trim;
  const silenceDb = options.silenceDb ?? LIVE_WINDOW_DEFAULTS.silenceDb;
  const minSpeechSec = options.minSpeechSec ?? LIVE_WINDOW_DEFAULTS.minSpeechSec;
  const speechGate = options.speechGate ?? LISTEN_DEFAULTS.speechGate;
  const adaptCfg = options.adapt ? { minWindows: 10, maxWindows: 60, everyWindows: 5, ...(options.adapt === true ? {} : options.adapt) } : null;
  if (adaptCfg && !(adaptCfg.minWindows >= ADAPT_MIN_CLIPS && adaptCfg.maxWindows >= adaptCfg.minWindows && adaptCfg.everyWindows >= 1))
    throw new InvalidArgumentError('adapt', options.adapt, `minWindows ≥ ${ADAPT_MIN_CLIPS}, maxWindows ≥ minWindows, everyWindows ≥ 1`, `listen: adapt must have minWindows ≥ ${ADAPT_MIN_CLIPS}, maxWindows ≥ minWindows and everyWindows ≥ 1 (got ${JSON.stringify(options.adapt)}).`);
  const kept: { features: FeatureMatrix; speech: Float32Array }[] = [];
  let sinceAdapt = 0;
  // A model on a pretrained front end featurises asynchronously: one analysis at a time, and the
  // hops that come due meanwhile are skipped (never queued), as when compute falls behind.
  let busy = false;
  const analyse = (): void | Promise<void> => {
    const t0 = performance.now();
    const total = ring.totalSamples;
    const endSec = total / rate;
    const startSec = Math.max(0, endSec - windowSec);
    const window = liveWindow(pipeline, ring.latest(need, scratch), rate, windowSec);
    const speechSec = speechSeconds(window, sr, silenceDb);
    hops++;
    if (speechSec < minSpeechSec) {
      options.onSilence?.({ startSec, endSec, speechSec, reason: 'silence' });
      return;
    }
    if (speechGate) {
      const found = detectSpeech(window, { sampleRate: sr });
      if (!found.speech) {
        options.onSilence?.({ startSec, endSec, speechSec, reason: found.reason as LiveSilence['reason'] });
        return;
      }
    }
    const hop = hops;
    const keep = (features: FeatureMatrix, speech: Float32Array): boolean => {
      if (!adaptCfg || hop % 2 !== 0) return false;
      kept.push({ features, speech });
      if (kept.length > adaptCfg.maxWindows) kept.shift();
      if (kept.length < adaptCfg.minWindows || ++sinceAdapt < adaptCfg.everyWindows) return false;
      sinceAdapt = 0;
      return true;
    };
    const report = (p: { label: string; confidence: number; scores: Readonly<Record<string, number>> }, t1: number, t2: number): void => {
      if (stopped || p.confidence < minConfidence) return;
      options.onResult?.({ emotion: p.label, confidence: p.confidence, scores: p.scores, startSec, endSec, computeMs: t2 - t0, featuresMs: t1 - t0, speechSec });
    };
    if (recognizer.predictor.needsAsync) {
      // A model on a pretrained front end (frames or statistics head): the same window as
      // liveWindowInput, through the front end, one analysis at a time.
      const prepared = trim ? pipeline.prepare(window, sr) : pipeline.normalizeLevel(window);
      const speech = pipeline.windowSpeech(prepared);
      busy = true;
      return (async () => {
        const features = await pipeline.windowFeaturesAsync(prepared);
        if (stopped) return;
        if (keep(features, speech)) await recognizer.adaptWindowsAsync(kept.map((k) => k.features), kept.map((k) => k.speech));
        const t1 = performance.now();
        const p = (await recognizer.predictor.predictFeaturesAsync([features], [speech]))[0]!;
        report(p, t1, performance.now());
      })().finally(() => {
        busy = false;
      });
    }
    const { features, speech } = liveWindowInput(pipeline, window, { trim });
    if (keep(features, speech)) recognizer.adaptWindows(kept.map((k) => k.features), kept.map((k) => k.speech));
    const t1 = performance.now();
    const p = recognizer.predictor.predictFeatures([features], [speech])[0]!;
    report(p, t1, performance.now());
  };

  try {
    await loadWorklet(ctx);
    input = isMediaStream(source) ? (ctx as AudioContext).createMediaStreamSource(source) : source;
    node = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: 2,
      channelCountMode: 'clamped-max',
      processorOptions: { chunkSize },
    });
    // A muted path to the destination keeps the graph pulling the worklet in every browser.
    sink = ctx.createGain();
    sink.gain.value = 0;
    // Analysis runs in the message handler (not a timer: timers are throttled in background
    // tabs). When compute falls behind real time, the chunks that queued up meanwhile are only
    // stored, and the next analysis takes the newest audio: hops are skipped, never queued.
    const maxLag = Math.max(hopSamples, 2 * chunkSize);
    let t0: number | null = null;
    node.port.onmessage = (e: MessageEvent<Float32Array>) => {
      if (stopped) return;
      ring.push(e.data);
      const total = ring.totalSamples;
      t0 ??= ctx.currentTime - total / rate;
      if (busy || total < nextAt || (ctx.currentTime - t0) * rate - total > maxLag) return;
      try {
        analyse()?.catch((err: unknown) => options.onError?.(err));
      } catch (err) {
        options.onError?.(err);
      }
      nextAt += hopSamples;
      if (nextAt <= total) nextAt = total + hopSamples;
    };
    input.connect(node);
    node.connect(sink);
    sink.connect(ctx.destination);
    // Not awaited: without a user gesture the browser keeps the context suspended until one.
    if (ctx instanceof AudioContext && ctx.state === 'suspended') ctx.resume().catch((e: unknown) => options.onError?.(e));
  } catch (e) {
    await releaseAll();
    throw e;
  }

  return {
    audioContext: ctx,
    sampleRate: rate,
    windowSec,
    hopSec,
    get receivedSec() {
      return ring.totalSamples / rate;
    },
    get hops() {
      return hops;
    },
    async stop() {
      if (stopped) return;
      await releaseAll();
    },
  };
}
