/**
 * Finding, verifying and loading the pretrained front end a model bundle needs. A bundle whose
 * features name a front end (`metadata.features.frontEnd`) is refused unless the exact files it
 * was trained with are at hand: every file's SHA-256 is checked before the front end is loaded.
 */
import { FrontEndMismatchError, InvalidArgumentError } from '../errors.js';
import type { FrontEnd, FrontEndInfo } from '../features/front-end.js';
import { FRONT_END_DIR, frontEndFilePath, frontEndFolder, verifyFrontEndFiles } from '../model/front-end-files.js';
import { checkFrontEndInfo, type FrontEndSpec } from '../pipeline/front-end-features.js';

export { frontEndFolder };

/**
 * Loads a front end from a folder (path or URL) holding the files `info` lists; used for
 * front ends the built-in adapters do not know (your own runtime or model family).
 */
export type FrontEndLoader = (dir: string, info: FrontEndInfo) => Promise<FrontEnd>;

/** A front end in use by a recognizer. */
export interface AttachedFrontEnd {
  readonly model: FrontEnd;
  /** True when the recognizer loaded it (and so disposes it). */
  readonly owned: boolean;
  /** The folder holding its files (verified), when known: `save()` copies them from there. */
  readonly dir: string | null;
}

/** The built-in adapters, loaded on demand so a model without a front end never imports a runtime. */
export const defaultFrontEndLoader: FrontEndLoader = async (dir, info) => (await import('../front-ends/load.js')).loadFrontEndFiles(dir, info);

/**
 * The front end for a bundle's feature spec.
 * @param spec - `metadata.features.frontEnd` (undefined: the model needs none).
 * @param bundleDir - the bundle (or ensemble) folder or URL, whose `front-end/` folder is looked in by default.
 * @param given - a loaded FrontEnd (its declared files and shape are checked), or the folder or
 *   file holding its files (verified by SHA-256, then loaded).
 * @throws {FrontEndMismatchError} SER_FRONT_END_MISMATCH for a missing or different file.
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT when a front end is given for a model that uses none.
 */
export async function resolveBundleFrontEnd(
  spec: FrontEndSpec | undefined,
  bundleDir: string | null,
  given: FrontEnd | string | undefined,
  loader: FrontEndLoader = defaultFrontEndLoader,
): Promise<AttachedFrontEnd | null> {
  const C = 'EmotionRecognizer.load';
  if (!spec) {
    if (given !== undefined)
      throw new InvalidArgumentError('frontEnd', typeof given === 'string' ? given : given?.info?.name, 'no front end', `${C}: this model uses no pretrained front end, so none can be given. Drop the frontEnd option, or load a model trained with one.`);
    return null;
  }
  if (given !== undefined && typeof given !== 'string') {
    checkFrontEndInfo(spec.info, given.info, C);
    return { model: given, owned: false, dir: null };
  }
  const dir = given !== undefined ? frontEndFolder(given) : bundleDir !== null ? frontEndFilePath(bundleDir, FRONT_END_DIR) : null;
  if (dir === null) {
    const f = spec.info.files[0];
    throw new FrontEndMismatchError(
      f?.name ?? spec.info.name,
      f?.sha256 ?? '',
      null,
      `${C}: this model needs the front end '${spec.info.name}' (${spec.info.files.map((x) => `${x.name} SHA-256 ${x.sha256}`).join(', ')}), and a model loaded from a store has no front-end folder. Pass { frontEnd: '<folder with the files>' } or a loaded FrontEnd.`,
    );
  }
  await verifyFrontEndFiles(spec.info, dir);
  const model = await loader(dir, spec.info);
  try {
    checkFrontEndInfo(spec.info, model.info, C);
  } catch (e) {
    await model.dispose();
    throw e;
  }
  return { model, owned: true, dir };
}
