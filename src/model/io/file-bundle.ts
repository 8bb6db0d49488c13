/**
 * A bundle as a folder in Node: `model.json` (tfjs topology + weightsManifest), `weights.bin`
 * and `metadata.json`. Plain files, loadable by stock `tf.loadLayersModel('file://…/model.json')`
 * under tfjs-node too. `node:fs` is loaded at run time so browser bundles never see it.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { IoError, ModelFormatError } from '../../errors.js';
import { nodeBuiltin } from './node-builtins.js';
import { weightBytes } from './weights.js';

/** File names inside a bundle folder. */
export const BUNDLE_FILES = Object.freeze({ model: 'model.json', weights: 'weights.bin', metadata: 'metadata.json' });

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

/** What a bundle folder holds, parsed but not yet validated against each other. */
export interface RawBundleFiles {
  readonly artifacts: tf.io.ModelArtifacts;
  readonly metadata: unknown;
}

/** Write `artifacts` and `metadata` to `dir` (created if needed). */
export async function writeBundleDir(dir: string, artifacts: tf.io.ModelArtifacts, metadata: object): Promise<void> {
  const fs = await nodeBuiltin<Fs>('fs/promises');
  const path = await nodeBuiltin<Path>('path');
  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    weightsManifest: [{ paths: [BUNDLE_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
  };
  const step = async (file: string, data: string | Uint8Array) => {
    const p = path.join(dir, file);
    try {
      await fs.writeFile(p, data);
    } catch (e) {
      throw new IoError(p, `saveBundle: could not write ${p} (${(e as Error).message}). Check that the folder is writable.`, { cause: e });
    }
  };
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    throw new IoError(dir, `saveBundle: could not create folder ${dir} (${(e as Error).message}). Check the path and permissions.`, { cause: e });
  }
  await step(BUNDLE_FILES.weights, weightBytes(artifacts.weightData));
  await step(BUNDLE_FILES.model, JSON.stringify(modelJson));
  await step(BUNDLE_FILES.metadata, JSON.stringify(metadata, null, 2) + '\n');
}

const REMEDY = 'Re-download the bundle or save it again with saveBundle().';

/** Read and JSON-parse the files of a bundle folder; every problem is a ModelFormatError. */
export async function readBundleDir(dir: string): Promise<RawBundleFiles> {
  const fs = await nodeBuiltin<Fs>('fs/promises');
  const path = await nodeBuiltin<Path>('path');
  const read = async (file: string): Promise<Uint8Array> => {
    const p = path.join(dir, file);
    try {
      return new Uint8Array(await fs.readFile(p));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new ModelFormatError(file, `loadBundle: ${file} must exist in the bundle folder (not found: ${p}). ${REMEDY}`, { cause: e });
      }
      throw new IoError(p, `loadBundle: could not read ${p} (${(e as Error).message}). Check the path and permissions.`, { cause: e });
    }
  };
  const parse = (file: string, bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (e) {
      throw new ModelFormatError(file, `loadBundle: ${file} must be valid UTF-8 JSON (got a parse error: ${(e as Error).message}). ${REMEDY}`, { cause: e });
    }
  };
  const modelJson = parse(BUNDLE_FILES.model, await read(BUNDLE_FILES.model));
  const metadata = parse(BUNDLE_FILES.metadata, await read(BUNDLE_FILES.metadata));
  if (typeof modelJson !== 'object' || modelJson === null || !('modelTopology' in modelJson) || !('weightsManifest' in modelJson)) {
    throw new ModelFormatError(
      BUNDLE_FILES.model,
      `loadBundle: model.json must hold a tfjs layers model (modelTopology and weightsManifest) (got keys: ${modelJson && typeof modelJson === 'object' ? Object.keys(modelJson).join(', ') || 'none' : typeof modelJson}). ${REMEDY}`,
    );
  }
  const mj = modelJson as tf.io.ModelJSON;
  if (!Array.isArray(mj.weightsManifest)) {
    throw new ModelFormatError('weightsManifest', `loadBundle: model.json weightsManifest must be an array (got ${typeof mj.weightsManifest}). ${REMEDY}`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: ArrayBuffer[] = [];
  for (const group of mj.weightsManifest) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights)) {
      throw new ModelFormatError('weightsManifest', `loadBundle: every weightsManifest group must list paths and weights. ${REMEDY}`);
    }
    weightSpecs.push(...group.weights);
    for (const file of group.paths) {
      // Shards are plain file names inside the folder: never follow a path out of it.
      if (typeof file !== 'string' || file !== path.basename(file) || file === '..' || file === '.') {
        throw new ModelFormatError('weightsManifest', `loadBundle: weight file names must be plain names inside the bundle folder (got ${JSON.stringify(file)}). ${REMEDY}`);
      }
      const bytes = await read(file);
      shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: mj.modelTopology,
    ...(mj.format != null ? { format: mj.format } : {}),
    ...(mj.generatedBy != null ? { generatedBy: mj.generatedBy } : {}),
    ...(mj.convertedBy != null ? { convertedBy: mj.convertedBy } : {}),
    weightSpecs,
    weightData: shards.length === 1 ? shards[0]! : shards,
    ...(mj.trainingConfig ? { trainingConfig: mj.trainingConfig } : {}),
  };
  return { artifacts, metadata };
}
