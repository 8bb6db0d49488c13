/**
 * CREPE tiny (Kim, Salamon, Li & Bello, ICASSP 2018; marl/crepe, MIT) as a {@link FrontEnd}: a
 * 256-d pitch embedding (its penultimate layer, `crepe_flatten`) or its 360 pitch-bin activations
 * per 1024-sample window at 16 kHz, plus the f0 track CREPE decodes from them.
 *
 * The published TensorFlow.js export (tfjs 0.x, Keras 2.1.5 topology) loads unchanged in tfjs 4:
 * its `model_config` wrapper, class names and `layer/param` weight names are all ones tfjs-layers
 * still reads, so no conversion is done; {@link loadCrepe} checks the layers it relies on instead.
 */
import { InvalidArgumentError, ModelFormatError } from '../errors.js';
import type { Embeddings, FrontEnd, FrontEndFile, FrontEndInfo } from '../features/front-end.js';
import { assertOneOf, assertPositiveInt } from '../internal/validate.js';
import { assertWindowOptions, readTfjsModel, runWindows, TfjsWindowRunner, type TfjsModelSource } from './tfjs-front-end.js';

/** Fixed facts of CREPE (all model capacities share them). */
export const CREPE = Object.freeze({
  sampleRate: 16000,
  windowSamples: 1024,
  /** Pitch bins of the classifier. */
  bins: 360,
  /** Cents (re 10 Hz) of bin 0: 1997.38 cents = 31.70 Hz (bin 359: 9177.38 cents = 2005.5 Hz). */
  centsOfBin0: 1997.3794084376191,
  /** Cents between bins. */
  centsPerBin: 20,
  /** Layer names: the embedding (Flatten of the last conv block) and the sigmoid classifier. */
  embeddingLayer: 'crepe_flatten',
  activationLayer: 'crepe_classifier',
} as const);

/** Options of {@link loadCrepe}. */
export interface CrepeOptions {
  /** Samples between frames at 16 kHz (160 = 10 ms, CREPE's default step). @defaultValue 160 */
  readonly hopSamples?: number;
  /** What `embed` returns: the 256-d penultimate layer or the 360 bin activations. @defaultValue 'embedding' */
  readonly output?: 'embedding' | 'activation';
  /** Windows per model call. @defaultValue 64 */
  readonly batchSize?: number;
  /** Name recorded in `info.name`. @defaultValue 'crepe-tiny' */
  readonly name?: string;
  /** When given, the files must have these SHA-256 (FrontEndMismatchError otherwise). */
  readonly expectedFiles?: readonly FrontEndFile[];
  /** fetch used for URLs. @defaultValue globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
}

/** Defaults of {@link CrepeOptions}. */
export const CREPE_DEFAULTS = Object.freeze({ hopSamples: 160, output: 'embedding', batchSize: 64, name: 'crepe-tiny' } as const);

/** Options of {@link CrepeFrontEnd.pitch}. */
export interface CrepePitchOptions {
  /**
   * Centre frame i on sample i·hop by zero-padding 512 samples on both sides, as
   * `crepe.predict(center=True)` and the library's `yin` (then frames = 1 + floor(n / hop)).
   * With false, frame i covers samples [i·hop, i·hop + 1024) as `embed`. @defaultValue true
   */
  readonly center?: boolean;
}

/** An f0 track: one value per frame. */
export interface CrepePitch {
  /** F0 in Hz per frame (10 · 2^(cents/1200)); never NaN: gate with `confidence`. */
  readonly f0: Float32Array;
  /** Pitch in cents re 10 Hz per frame. */
  readonly cents: Float32Array;
  /** Peak activation per frame in [0, 1]; CREPE's voicing confidence. */
  readonly confidence: Float32Array;
  /** Samples between frames. */
  readonly hopSamples: number;
  /** 16000. */
  readonly sampleRate: number;
  /** Whether frame i is centred on sample i·hop (else it starts there). */
  readonly center: boolean;
}

/** CREPE as a front end, with its pitch decoder. */
export interface CrepeFrontEnd extends FrontEnd {
  /** F0 and confidence per frame (one forward pass; both outputs come from it). */
  pitch(samples: Float32Array, options?: CrepePitchOptions): Promise<CrepePitch>;
}

/** Cents (re 10 Hz) of pitch bin `bin` (0–359). */
export function crepeBinCents(bin: number): number {
  return CREPE.centsOfBin0 + CREPE.centsPerBin * bin;
}

/**
 * Decode CREPE activations (`frames × 360`) to pitch: for each frame, the activation-weighted mean
 * of the cents of the 9 bins around the argmax (crepe.core.to_local_average_cents), and the peak
 * activation as confidence.
 */
export function decodeCrepeActivations(activations: Float32Array, frames: number): { cents: Float32Array; f0: Float32Array; confidence: Float32Array } {
  const B = CREPE.bins;
  assertPositiveInt('decodeCrepeActivations', 'frames', frames, 0);
  if (!(activations instanceof Float32Array) || activations.length !== frames * B) {
    throw new InvalidArgumentError('activations', activations?.length, `${frames * B} values`, `decodeCrepeActivations: activations must be a Float32Array of frames × ${B} = ${frames * B} values (got ${activations?.length}).`);
  }
  const cents = new Float32Array(frames);
  const f0 = new Float32Array(frames);
  const confidence = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    const row = activations.subarray(t * B, (t + 1) * B);
    let c = 0;
    for (let k = 1; k < B; k++) if (row[k]! > row[c]!) c = k;
    let num = 0;
    let den = 0;
    for (let k = Math.max(0, c - 4); k < Math.min(B, c + 5); k++) {
      num += row[k]! * crepeBinCents(k);
      den += row[k]!;
    }
    // den ≥ the peak > 0 for a sigmoid output; the guard keeps an all-zero row finite.
    cents[t] = den > 0 ? num / den : crepeBinCents(c);
    f0[t] = 10 * 2 ** (cents[t]! / 1200);
    confidence[t] = row[c]!;
  }
  return { cents, f0, confidence };
}

const C = 'loadCrepe';

/**
 * Load CREPE (the tiny model's tfjs files, or any capacity with the same layer names) as a
 * {@link CrepeFrontEnd}.
 *
 * @param source - folder with model.json + shards (Node), URL, `indexeddb://name` or IOHandler.
 * @param options - see {@link CrepeOptions}.
 * @throws {ModelFormatError} SER_MODEL_FORMAT when the model is not CREPE (no crepe_flatten /
 *   crepe_classifier layer, or another input size).
 * @example
 * const crepe = await loadCrepe('models/crepe-tiny-tfjs', { hopSamples: 160 });
 * const { f0, confidence } = await crepe.pitch(signal16k);
 * const emb = await crepe.embed(signal16k); // frames × 256
 * await crepe.dispose();
 */
export async function loadCrepe(source: TfjsModelSource, options: CrepeOptions = {}): Promise<CrepeFrontEnd> {
  const o = { ...CREPE_DEFAULTS, ...options };
  assertOneOf(C, 'output', o.output, ['embedding', 'activation'] as const);
  assertWindowOptions(C, { windowSamples: CREPE.windowSamples, hopSamples: o.hopSamples, batchSize: o.batchSize, inputNormalization: 'per-frame' });
  const files = await readTfjsModel(source, {
    component: C,
    runtime: 'tfjs-layers',
    ...(o.expectedFiles ? { expectedFiles: o.expectedFiles } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const layers = layerNames(files.artifacts.modelTopology);
  for (const l of [CREPE.embeddingLayer, CREPE.activationLayer]) {
    if (!layers.includes(l)) {
      throw new ModelFormatError('modelTopology', `${C}: a CREPE model must have a layer named ${l} (layers: ${layers.join(', ') || 'none'}). Load CREPE's own tfjs export (marl/crepe, gh-pages).`);
    }
  }
  let runner: TfjsWindowRunner;
  try {
    runner = await TfjsWindowRunner.create(C, files, [CREPE.embeddingLayer, CREPE.activationLayer], CREPE.windowSamples);
  } catch (e) {
    if ((e as { code?: string }).code === 'SER_SHAPE_MISMATCH') {
      throw new ModelFormatError('modelTopology', `${C}: a CREPE model must take ${CREPE.windowSamples}-sample windows (${(e as Error).message}).`, { cause: e });
    }
    throw e;
  }
  const [embDim, actDim] = runner.outputSizes as [number, number];
  if (actDim !== CREPE.bins) {
    runner.dispose();
    throw new ModelFormatError('modelTopology', `${C}: ${CREPE.activationLayer} must have ${CREPE.bins} units (got ${actDim}). Load a CREPE model.`);
  }
  const loop = { windowSamples: CREPE.windowSamples, hopSamples: o.hopSamples, inputNormalization: 'per-frame', batchSize: o.batchSize } as const;
  const which = o.output === 'embedding' ? 0 : 1;
  const info: FrontEndInfo = Object.freeze({
    name: o.name,
    runtime: 'tfjs-layers',
    sampleRate: CREPE.sampleRate,
    windowSamples: CREPE.windowSamples,
    hopSamples: o.hopSamples,
    dim: which === 0 ? embDim : actDim,
    inputNormalization: 'per-frame',
    files: Object.freeze(files.files.map((f) => Object.freeze({ ...f }))),
  });
  return {
    info,
    async embed(samples: Float32Array): Promise<Embeddings> {
      const { frames, outputs } = await runWindows(C, runner, samples, loop);
      return { frames, dim: info.dim, data: outputs[which]! };
    },
    async pitch(samples: Float32Array, options: CrepePitchOptions = {}): Promise<CrepePitch> {
      const center = options.center ?? true;
      const { frames, outputs } = await runWindows('crepe.pitch', runner, samples, { ...loop, center });
      return { ...decodeCrepeActivations(outputs[1]!, frames), hopSamples: o.hopSamples, sampleRate: CREPE.sampleRate, center };
    },
    async dispose(): Promise<void> {
      runner.dispose();
    },
  };
}

/** Layer names of a Keras/tfjs layers topology (with or without the `model_config` wrapper). */
function layerNames(topology: unknown): string[] {
  const t = topology as { model_config?: unknown; config?: { layers?: unknown } } | null;
  const cfg = (t?.model_config ?? t) as { config?: { layers?: unknown } } | null;
  const layers = cfg?.config?.layers;
  return Array.isArray(layers) ? layers.map((l: { name?: unknown; config?: { name?: unknown } }) => String(l?.name ?? l?.config?.name ?? '')) : [];
}
