/**
 * EmotionRecognizer: the facade. Load a model bundle (the shipped one by default), then ask
 * "which emotion is in this voice" of a file, WAV bytes, a signal or a Web Audio AudioBuffer.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { AudioDecoder } from '../audio/audio-decoder.js';
import { toMono } from '../audio/mix.js';
import type { Backend } from '../backends/backend.js';
import { initBackend, type ActiveBackend } from '../backends/select.js';
import type { DatasetItem } from '../data/dataset-item.js';
import { InvalidArgumentError, IoError, NoSpeechError } from '../errors.js';
import type { FrontEnd } from '../features/front-end.js';
import { copyFrontEndFiles } from '../model/front-end-files.js';
import { loadBundles, saveBundles } from '../model/ensemble-bundle.js';
import type { BundleMetadata } from '../model/model-bundle.js';
import { StatsHead } from '../model/stats-head.js';
import { isNode, nodeBuiltin } from '../model/io/node-builtins.js';
import { buildFeatureSetAsync, prepareClips } from '../pipeline/dataset-features.js';
import type { FrontEndSpec } from '../pipeline/front-end-features.js';
import { detectSpeech, SPEECH_REASON_TEXT, type SpeechDetection, type SpeechDetectionReason } from '../pipeline/speech-detector.js';
import { Predictor, type PredictEngine, type PredictorMember, type ScoredPrediction, type SegmentPrediction } from '../predict/predictor.js';
import type { Evaluation } from '../train/evaluate.js';
import { argMaxRows, classificationReport, crossEntropy } from '../train/metrics.js';
import type { BackendName, FeatureMatrix, Logger } from '../types.js';
import { Trainer, type TrainerOptions, type TrainingHistory } from '../train/trainer.js';
import { prepareTrainingData, trainRecognizerModel, type TrainingDataOptions, type TrainRecognizerOptions, type TrainedModel } from './train-recognizer.js';
import { resolveBundleFrontEnd, type AttachedFrontEnd, type FrontEndLoader } from './bundle-front-end.js';

/** A mono or multi-channel signal with its rate. */
export interface SignalInput {
  readonly samples: Float32Array | readonly Float32Array[];
  /** Sample rate in Hz. */
  readonly sampleRate: number;
}

/** The parts of a Web Audio AudioBuffer the recognizer reads. */
export interface AudioBufferLike {
  readonly sampleRate: number;
  readonly numberOfChannels: number;
  getChannelData(channel: number): Float32Array;
}

/** What `recognize` accepts: a file path (Node), encoded bytes, a signal, or an AudioBuffer. */
export type RecognizerInput = string | Uint8Array | ArrayBuffer | SignalInput | AudioBufferLike;

/** The answer for one clip. */
export interface Recognition {
  /** The most likely emotion. */
  readonly emotion: string;
  /** Its probability. */
  readonly confidence: number;
  /** Probability of every class, in the model's label order; they sum to 1. */
  readonly scores: Readonly<Record<string, number>>;
}

/** The answer for one window of a longer recording. */
export interface SegmentRecognition extends Recognition {
  readonly startSec: number;
  readonly endSec: number;
  /** Absent or false: the window holds speech (see {@link NoSpeechSegment}). */
  readonly noSpeech?: false;
}

/**
 * A window of a longer recording in which the speech gate found no speech: it gets no emotion
 * and no scores. Tell the two apart with `segment.noSpeech` (or `segment.emotion === null`).
 */
export interface NoSpeechSegment {
  readonly startSec: number;
  readonly endSec: number;
  readonly emotion: null;
  readonly noSpeech: true;
  /** What the window holds instead: 'silence', 'noise', 'steady-tone' or 'music' (see `detectSpeech`). */
  readonly reason: Exclude<SpeechDetectionReason, 'speech'>;
}

/** One window of {@link EmotionRecognizer.recognizeSegments}: recognised, or marked as holding no speech. */
export type SegmentResult = SegmentRecognition | NoSpeechSegment;

/** Options of {@link EmotionRecognizer.recognize}. */
export interface RecognizeOptions {
  /**
   * Check that the clip holds speech before recognising it (`detectSpeech`, ~1 ms), and throw
   * NoSpeechError (SER_NO_SPEECH) for silence, noise, tones and music. `false` recognises any
   * input (for research on non-speech or synthetic audio). @defaultValue true
   */
  readonly speechGate?: boolean;
}

/** Options of {@link EmotionRecognizer.recognizeSegments}. */
export interface RecognizeSegmentsOptions extends RecognizeOptions {
  /** Seconds between window starts. @defaultValue half a window */
  readonly hopSec?: number;
}

/** Options of {@link EmotionRecognizer.load}. */
export interface LoadOptions {
  /** tfjs backend; 'auto' picks the fastest installed. @defaultValue 'auto' */
  readonly backend?: BackendName | 'auto' | Backend;
  /** Compute path for prediction. @defaultValue 'auto' (WASM engine when the model allows) */
  readonly engine?: PredictEngine;
  readonly logger?: Logger;
  /**
   * For a model trained on a pretrained front end: a loaded {@link FrontEnd} (its declared files
   * and shape must equal the recorded ones), or the folder (or model file) holding its files,
   * each checked by SHA-256 before loading. @defaultValue the `front-end/` folder of the bundle
   */
  readonly frontEnd?: FrontEnd | string;
  /** Loads front-end files the built-in adapters do not know (your own runtime). @defaultValue the built-in adapters */
  readonly frontEndLoader?: FrontEndLoader;
}

/** Options of {@link EmotionRecognizer.train} (static): the training recipe plus the backend and the front end. */
export type RecognizerTrainOptions = Omit<TrainRecognizerOptions, 'frontEnd'> & {
  readonly backend?: BackendName | 'auto';
  /**
   * A pretrained front end: a loaded {@link FrontEnd}, or the path of one (a folder, an .onnx file
   * or a model.json; see docs/front-ends.md), which `save()` then copies into the bundle.
   */
  readonly frontEnd?: FrontEnd | string;
  /** With a loaded `frontEnd`: the folder holding its files, which `save()` then copies into the bundle (verified by SHA-256). */
  readonly frontEndFiles?: string;
};

/**
 * Where the shipped model lives: `models/default` at the package root, found by walking up
 * from this module (the same code runs from src/ in tests and from dist/ when installed).
 */
async function defaultModelDir(): Promise<string> {
  // Via nodeBuiltin (not literal import('node:…')) so browser bundlers never try to resolve them.
  const { fileURLToPath } = await nodeBuiltin<typeof import('node:url')>('url');
  const { dirname, join } = await nodeBuiltin<typeof import('node:path')>('path');
  const { existsSync } = await nodeBuiltin<typeof import('node:fs')>('fs');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'models', 'default');
    if (existsSync(join(candidate, 'metadata.json')) || existsSync(join(candidate, 'ensemble.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new IoError('models/default', 'EmotionRecognizer: the bundled model (models/default) was not found beside the package. Reinstall emotion-recog, or pass a model directory or URL to load().');
}

/** Fewest clips with speech that {@link EmotionRecognizer.adapt} re-estimates statistics from. */
export const ADAPT_MIN_CLIPS = 5;

/** Recognises emotion in speech with a trained model bundle. */
export class EmotionRecognizer {
  readonly predictor: Predictor;
  #memberMetadata: readonly BundleMetadata[];
  readonly backend: ActiveBackend | null;
  readonly #decoder: AudioDecoder;
  #disposed = false;
  /** Members and metadata before {@link adapt}, to undo it. */
  #unadapted: { readonly members: readonly PredictorMember[]; readonly metadata: readonly BundleMetadata[] } | null = null;
  readonly #frontEnd: AttachedFrontEnd | null;

  private constructor(predictor: Predictor, memberMetadata: readonly BundleMetadata[], backend: ActiveBackend | null, frontEnd: AttachedFrontEnd | null = null) {
    this.predictor = predictor;
    this.#memberMetadata = Object.freeze([...memberMetadata]);
    this.backend = backend;
    this.#frontEnd = frontEnd;
    this.#decoder = new AudioDecoder({ sampleRate: predictor.pipeline.config.sampleRate });
  }

  /** Metadata of every member model (one unless the bundle is an ensemble). */
  get memberMetadata(): readonly BundleMetadata[] {
    return this.#memberMetadata;
  }

  /** The pretrained front end the model runs on (see docs/front-ends.md), or null. */
  get frontEnd(): FrontEnd | null {
    return this.#frontEnd?.model ?? null;
  }

  /** The (first) member's bundle metadata: labels, feature pipeline, scaler, training record. */
  get metadata(): BundleMetadata {
    return this.memberMetadata[0]!;
  }

  /**
   * Load a bundle or an ensemble of bundles (a folder with ensemble.json; probabilities are
   * averaged): no argument = the model shipped in the package (Node), a directory, or a
   * URL (`http(s)://…/`, `indexeddb://name`).
   * @throws {ModelFormatError} SER_MODEL_FORMAT for a missing, truncated or tampered bundle.
   * @example
   * const r = await EmotionRecognizer.load();
   * const { emotion, scores } = await r.recognize('clip.wav'); // => { emotion: 'angry', scores: { angry: 0.91, … } }
   */
  static async load(source?: string | URL, options: LoadOptions = {}): Promise<EmotionRecognizer> {
    const backend = await initBackend(options.backend ?? 'auto', options.logger ? { logger: options.logger } : {});
    let where: string;
    if (source === undefined) {
      if (!isNode())
        throw new InvalidArgumentError('source', source, 'a model URL in the browser', "EmotionRecognizer.load: in the browser pass the URL of the model folder (e.g. '/models/default/').");
      where = await defaultModelDir();
    } else where = source instanceof URL ? source.href : source;
    const bundles = await loadBundles(where);
    let predictor: Predictor;
    let frontEnd: AttachedFrontEnd | null = null;
    try {
      const spec = (bundles[0]!.metadata.features as { frontEnd?: FrontEndSpec }).frontEnd;
      const bundleDir = /^(indexeddb|localstorage):\/\//i.test(where) || /\.json$/i.test(where) ? null : where;
      frontEnd = await resolveBundleFrontEnd(spec, bundleDir, options.frontEnd, options.frontEndLoader);
      predictor = await Predictor.fromBundles(bundles, { engine: options.engine ?? 'auto', ...(options.logger ? { logger: options.logger } : {}), ...(frontEnd ? { frontEnd: frontEnd.model } : {}) });
    } catch (e) {
      for (const b of bundles) b.model.dispose();
      if (frontEnd?.owned) await frontEnd.model.dispose();
      throw e;
    }
    return new EmotionRecognizer(predictor, bundles.map((b) => b.metadata), backend, frontEnd);
  }

  /** Wrap already-built models and their metadata as one recognizer (several = an ensemble). */
  static async fromBundles(bundles: readonly { readonly model: tfl.LayersModel; readonly metadata: BundleMetadata }[], options: { engine?: PredictEngine; frontEnd?: FrontEnd } = {}): Promise<EmotionRecognizer> {
    const predictor = await Predictor.fromBundles(bundles, options);
    return new EmotionRecognizer(predictor, bundles.map((b) => b.metadata), null, options.frontEnd ? { model: options.frontEnd, owned: false, dir: null } : null);
  }

  /** Wrap an already-built model and metadata (e.g. straight after training); `frontEnd` for a model trained on one. */
  static async fromModel(model: tfl.LayersModel, metadata: BundleMetadata, options: { engine?: PredictEngine; frontEnd?: FrontEnd } = {}): Promise<EmotionRecognizer> {
    const predictor = await Predictor.fromBundle({ model, metadata }, options);
    return new EmotionRecognizer(predictor, [metadata], null, options.frontEnd ? { model: options.frontEnd, owned: false, dir: null } : null);
  }

  /**
   * Train a new recognizer on your own dataset items (see loadDataset), with speaker-grouped
   * validation and training-only augmentation. Returns the recognizer and the training record.
   */
  static async train(items: readonly DatasetItem[], options: RecognizerTrainOptions = {}): Promise<{ recognizer: EmotionRecognizer; trained: TrainedModel }> {
    const backend = await initBackend(options.backend ?? 'auto');
    let frontEnd: AttachedFrontEnd | null = null;
    if (typeof options.frontEnd === 'string') {
      const { loadFrontEnd } = await import('../front-ends/load.js');
      const loaded = await loadFrontEnd(options.frontEnd);
      frontEnd = { model: loaded.frontEnd, owned: true, dir: loaded.dir };
    } else if (options.frontEnd) frontEnd = { model: options.frontEnd, owned: false, dir: options.frontEndFiles ?? null };
    try {
      const { frontEnd: _given, frontEndFiles: _files, ...rest } = options;
      const trained = await trainRecognizerModel(items, { ...rest, ...(frontEnd ? { frontEnd: frontEnd.model } : {}) });
      const metadata = trained.metadata;
      const predictor = await Predictor.fromBundle({ model: trained.model, metadata }, frontEnd ? { frontEnd: frontEnd.model } : {});
      return { recognizer: new EmotionRecognizer(predictor, [metadata], backend, frontEnd), trained };
    } catch (e) {
      if (frontEnd?.owned) await frontEnd.model.dispose();
      throw e;
    }
  }

  /** Class labels in score order. */
  get labels(): readonly string[] {
    return this.predictor.labels;
  }

  /**
   * The emotion of one clip (the centred window after trimming silence; short clips are padded).
   * @throws {NoSpeechError} SER_NO_SPEECH when the clip holds no speech (silence, noise, a tone,
   *   music), unless `speechGate: false`.
   */
  async recognize(input: RecognizerInput, options: RecognizeOptions = {}): Promise<Recognition> {
    const { samples, sampleRate } = await this.#signal(input);
    if (options.speechGate ?? true) {
      const found = detectSpeech(samples, { sampleRate });
      if (!found.speech) throw noSpeechError(found);
    }
    return toRecognition(await this.predictor.predictSignalAsync(samples, sampleRate));
  }

  /**
   * Per-window emotions over a long recording, `hopSec` apart (default half a window). Windows
   * without speech are marked `{ emotion: null, noSpeech: true, reason }` (see
   * {@link NoSpeechSegment}) unless `speechGate: false`.
   */
  async recognizeSegments(input: RecognizerInput, options: RecognizeSegmentsOptions & { readonly speechGate: false }): Promise<SegmentRecognition[]>;
  async recognizeSegments(input: RecognizerInput, options?: RecognizeSegmentsOptions): Promise<SegmentResult[]>;
  async recognizeSegments(input: RecognizerInput, options: RecognizeSegmentsOptions = {}): Promise<SegmentResult[]> {
    const { samples, sampleRate } = await this.#signal(input);
    const gate = options.speechGate ?? true;
    const segs = await this.predictor.predictSegmentsAsync(samples, sampleRate, options.hopSec === undefined ? {} : { hopSec: options.hopSec });
    return segs.map((s: SegmentPrediction): SegmentResult => {
      if (gate) {
        // The window's own audio, at the input rate (not the levelled model input).
        const from = Math.max(0, Math.round(s.startSec * sampleRate));
        const found = detectSpeech(samples.subarray(from, Math.max(from + 1, Math.min(samples.length, Math.round(s.endSec * sampleRate)))), { sampleRate });
        if (!found.speech) return { startSec: s.startSec, endSec: s.endSec, emotion: null, noSpeech: true, reason: found.reason as NoSpeechSegment['reason'] };
      }
      return { ...toRecognition(s), startSec: s.startSec, endSec: s.endSec };
    });
  }

  /**
   * Fine-tune this recognizer's model on your own labelled items (Node): same feature pipeline and
   * scaler, speaker-grouped validation, augmentation of the training split only. The recognizer
   * predicts with the new weights afterwards; `save()` keeps them. Labels must be this model's labels.
   * @example
   * const { items } = await loadDataset('csv', 'my-clips.csv');
   * const history = await recognizer.train(items, { trainer: { epochs: 10, learningRate: 3e-4 } });
   */
  async train(items: readonly DatasetItem[], options: Omit<TrainingDataOptions, 'labels'> & { trainer?: TrainerOptions } = {}): Promise<TrainingHistory> {
    this.#assertAlive();
    const heads = this.predictor.members.map((m) => m.head);
    const stats = heads.find((h) => h)?.stats;
    const { trainSet, valSet } = await prepareTrainingData(items, this.predictor.pipeline, { ...options, labels: this.labels, ...(stats ? { stats } : {}) });
    // Fine-tuning defaults: a smaller learning rate and fewer epochs than training from scratch.
    const trainer = new Trainer({ learningRate: 3e-4, epochs: 10, ...(options.trainer ?? {}) });
    const epochs = trainer.config.epochs;
    let history: TrainingHistory | undefined;
    // Every member of an ensemble is fine-tuned on the same data behind its own scaler.
    for (const { model, scaler } of this.predictor.members) {
      const scale = (x: readonly FeatureMatrix[]) => x.map((m) => scaler.transform(m));
      const h = await trainer.fit(
        model,
        { x: scale(trainSet.x), y: trainSet.y },
        {
          ...(valSet ? { validation: { x: scale(valSet.x), y: valSet.y } } : {}),
          onEpochEnd: (epoch) => options.onProgress?.({ phase: 'epoch', epoch, epochs }),
        },
      );
      history ??= h;
    }
    this.predictor.syncEngine();
    // Statistics heads are refitted on the statistics of the same training windows (a linear model:
    // seconds). Members whose head uses other statistics settings than the first keep their head.
    this.#memberMetadata = Object.freeze(
      this.#memberMetadata.map((meta, i) => {
        const old = heads[i];
        if (!old || old.stats.key !== stats!.key) return meta;
        const head = StatsHead.fit(old.stats, trainSet.stats!, trainSet.y, this.labels.length, { weight: old.weight });
        this.predictor.setHead(i, head);
        return { ...meta, statsHead: head.toJSON() };
      }),
    );
    return history!;
  }

  /**
   * Adapt to a new domain from UNLABELLED audio: a few dozen clips of one microphone, room or
   * speaker group. The feature scaler and statistics-head standardisation of every member are
   * re-measured on these clips (the model weights do not change), so that domain's feature
   * statistics line up with the training corpora's; in leave-one-corpus-out tests this is worth
   * several points of UAR on most unseen corpora (docs/model-card.md). Clips without speech are
   * skipped. Off until called; `save()` keeps it; `adapt(null)` undoes it.
   * @param clips - at least {@link ADAPT_MIN_CLIPS} clips with speech (paths, bytes, signals or AudioBuffers).
   * @returns how many clips were used and which were skipped (no speech).
   * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT with fewer usable clips than that.
   * @example
   * await recognizer.adapt(myMicrophoneClips);   // 20–50 clips, any emotions, no labels
   * await recognizer.save('./my-adapted-model');
   */
  async adapt(clips: readonly RecognizerInput[] | null): Promise<{ readonly clips: number; readonly skipped: readonly number[] }> {
    this.#assertAlive();
    if (clips === null) {
      if (this.#unadapted) {
        this.predictor.setMembers(this.#unadapted.members);
        this.#memberMetadata = this.#unadapted.metadata;
        this.#unadapted = null;
      }
      return { clips: 0, skipped: [] };
    }
    const pipeline = this.predictor.pipeline;
    const mats: FeatureMatrix[] = [];
    const speech: Float32Array[] = [];
    const skipped: number[] = [];
    for (const [i, clip] of clips.entries()) {
      const { samples, sampleRate } = await this.#signal(clip);
      if (!detectSpeech(samples, { sampleRate }).speech) {
        skipped.push(i);
        continue;
      }
      const prepared = pipeline.prepare(samples, sampleRate);
      mats.push(await pipeline.windowFeaturesAsync(prepared));
      speech.push(pipeline.windowSpeech(prepared));
    }
    await this.adaptWindowsAsync(mats, speech);
    return { clips: mats.length, skipped };
  }

  /**
   * {@link adapt} from windows already turned into features (what `listen()` does with running
   * statistics): `matrices[i]` and `speech[i]` as `pipeline.windowFeatures` / `windowSpeech` give them.
   */
  adaptWindows(matrices: readonly FeatureMatrix[], speech: readonly Float32Array[]): void {
    const original = this.#beginAdapt(matrices.length);
    this.predictor.adapt(matrices, speech);
    this.#endAdapt(original, matrices.length);
  }

  /** {@link adaptWindows} for every model, also with a statistics head that pools a front end's embeddings. */
  async adaptWindowsAsync(matrices: readonly FeatureMatrix[], speech: readonly Float32Array[]): Promise<void> {
    const original = this.#beginAdapt(matrices.length);
    await this.predictor.adaptAsync(matrices, speech);
    this.#endAdapt(original, matrices.length);
  }

  #beginAdapt(windows: number): { readonly members: readonly PredictorMember[]; readonly metadata: readonly BundleMetadata[] } {
    this.#assertAlive();
    if (windows < ADAPT_MIN_CLIPS)
      throw new InvalidArgumentError('clips', windows, `at least ${ADAPT_MIN_CLIPS} clips with speech`, `EmotionRecognizer: adapt needs at least ${ADAPT_MIN_CLIPS} clips with speech of the new domain (got ${windows}). Pass a few dozen clips; their emotions need not be known.`);
    const original = this.#unadapted ?? { members: this.predictor.members, metadata: this.#memberMetadata };
    this.predictor.setMembers(original.members);
    return original;
  }

  #endAdapt(original: { readonly members: readonly PredictorMember[]; readonly metadata: readonly BundleMetadata[] }, windows: number): void {
    this.#unadapted = original;
    this.#memberMetadata = Object.freeze(
      original.metadata.map((meta, i) => {
        const m = this.predictor.members[i]!;
        return { ...meta, scaler: { ...m.scaler.toJSON() }, ...(m.head ? { statsHead: m.head.toJSON() } : {}), adaptation: { clips: windows, windows } };
      }),
    );
  }

  /** True after {@link adapt} (or when the loaded bundle was saved adapted). */
  get adapted(): boolean {
    // adaptWindows records it in every member's metadata; a bundle saved adapted carries it too
    return this.#memberMetadata.some((m) => m.adaptation !== undefined);
  }

  /** Accuracy, UAR, macro-F1, per-class metrics and the confusion matrix on labelled items (Node). */
  async evaluate(items: readonly DatasetItem[], options: { onProgress?: (done: number, total: number) => void } = {}): Promise<Evaluation> {
    const pipeline = this.predictor.pipeline;
    const clips = await prepareClips(items, this.#decoder, pipeline, options.onProgress ? { onProgress: options.onProgress } : {});
    const set = await buildFeatureSetAsync(clips, pipeline, { labels: this.labels });
    // Through the Predictor (WASM engine when available; ensemble members averaged).
    const k = this.labels.length;
    const preds = await this.predictor.predictFeaturesAsync(
      set.x,
      clips.map((c) => pipeline.windowSpeech(c.signal)),
    );
    const probabilities = new Float32Array(preds.length * k);
    preds.forEach((p, i) => this.labels.forEach((l, j) => (probabilities[i * k + j] = p.scores[l]!)));
    const predictions = argMaxRows(probabilities, k);
    return { report: classificationReport(set.y, predictions, this.labels), loss: crossEntropy(probabilities, set.y, k), predictions, probabilities };
  }

  /**
   * Save the model bundle to a directory (Node) or a tf.io URL. A model on a pretrained front end
   * gets the front end's files (verified by SHA-256) copied into `<target>/front-end/` when they
   * were loaded from a path; otherwise the bundle names them and `load` needs `{ frontEnd }`.
   */
  async save(target: string): Promise<void> {
    await saveBundles(target, this.predictor.members.map((m, i) => ({ model: m.model, metadata: this.memberMetadata[i]! })));
    const spec = this.predictor.pipeline.config.frontEnd;
    const dir = this.#frontEnd?.dir;
    if (spec && dir && isNode() && (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || target.startsWith('file://')) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(dir))
      await copyFrontEndFiles(spec.info, dir, target.startsWith('file://') ? decodeURIComponent(new URL(target).pathname) : target);
  }

  /** Free every tensor and worker. The recognizer cannot be used afterwards. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.predictor.dispose();
    for (const m of this.predictor.members) m.model.dispose();
    if (this.#frontEnd?.owned) await this.#frontEnd.model.dispose();
  }

  #assertAlive(): void {
    if (this.#disposed) throw new InvalidArgumentError('this', 'disposed', 'a live recognizer', 'EmotionRecognizer: used after dispose(). Load a new recognizer.');
  }

  async #signal(input: RecognizerInput): Promise<{ samples: Float32Array; sampleRate: number }> {
    this.#assertAlive();
    if (typeof input === 'string') return this.#decoder.decodeFile(input);
    if (input instanceof Uint8Array || input instanceof ArrayBuffer) return this.#decoder.decode(input);
    if (input && typeof (input as AudioBufferLike).getChannelData === 'function') {
      const b = input as AudioBufferLike;
      const channels = Array.from({ length: b.numberOfChannels }, (_, c) => b.getChannelData(c));
      return { samples: channels.length === 1 ? channels[0]! : toMono(channels), sampleRate: b.sampleRate };
    }
    if (input && typeof input === 'object' && 'samples' in input) {
      const s = input.samples;
      const samples = s instanceof Float32Array ? s : Array.isArray(s) ? toMono(s as Float32Array[]) : undefined;
      if (samples) return { samples, sampleRate: input.sampleRate };
    }
    throw new InvalidArgumentError(
      'input',
      input,
      'a file path, WAV bytes, { samples, sampleRate } or an AudioBuffer',
      'EmotionRecognizer: input must be a file path (Node), encoded audio bytes (Uint8Array/ArrayBuffer), { samples: Float32Array, sampleRate } or an AudioBuffer.',
    );
  }
}

/** The NoSpeechError for a clip the speech detector rejected: what was found and what to do. */
function noSpeechError(found: SpeechDetection): NoSpeechError {
  const m = found.measures;
  const what = found.reason === 'silence' ? `silence (peak ${Number.isFinite(m.peakDb) ? `${m.peakDb.toFixed(0)} dBFS` : 'all zeros'}, ${m.activeSec.toFixed(2)} s above the noise floor)` : SPEECH_REASON_TEXT[found.reason];
  return new NoSpeechError(
    found.reason,
    `EmotionRecognizer: no speech found — the clip holds ${what}. Pass a recording of someone speaking (check the microphone and the input level), or recognize(input, { speechGate: false }) to classify it anyway.`,
    { ...m },
  );
}

function toRecognition(p: ScoredPrediction): Recognition {
  return { emotion: p.label, confidence: p.confidence, scores: p.scores };
}
