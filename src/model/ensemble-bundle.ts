/**
 * Ensembles on disk: a folder (or URL) holding `ensemble.json` and one bundle folder per member,
 * e.g. models/default/{ensemble.json, member-0/, member-1/, member-2/}. A plain bundle folder is a
 * one-member ensemble, so `loadBundles` reads both layouts.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ModelFormatError } from '../errors.js';
import { isNode, nodeBuiltin } from './io/node-builtins.js';
import { loadBundle, saveBundle, type BundleMetadata, type BundleMetadataInput, type ModelBundle } from './model-bundle.js';

/** File that marks an ensemble folder. */
export const ENSEMBLE_FILE = 'ensemble.json';

/** Contents of ensemble.json. */
export interface EnsembleManifest {
  readonly format: 'emotion-recog-ensemble';
  readonly formatVersion: 1;
  /** Member folder names, relative to the ensemble folder. */
  readonly members: readonly string[];
}

const MEMBER_NAME = /^[A-Za-z0-9_.-]+$/;

function parseManifest(raw: unknown, where: string): EnsembleManifest {
  const m = raw as Partial<EnsembleManifest> | null;
  if (!m || m.format !== 'emotion-recog-ensemble' || m.formatVersion !== 1 || !Array.isArray(m.members) || m.members.length === 0)
    throw new ModelFormatError('ensemble', `loadBundles: ${where} is not an emotion-recog ensemble manifest (format, formatVersion 1 and a non-empty members list). Re-save the ensemble.`);
  for (const name of m.members)
    if (typeof name !== 'string' || !MEMBER_NAME.test(name) || name === '.' || name === '..')
      throw new ModelFormatError('ensemble.members', `loadBundles: member ${JSON.stringify(name)} in ${where} must be a plain folder name. Re-save the ensemble.`);
  return m as EnsembleManifest;
}

/** Read ensemble.json beside a bundle location, or null when it is a single bundle. */
async function readManifest(source: string): Promise<EnsembleManifest | null> {
  if (/\.json$/i.test(source) || /^(indexeddb|localstorage):\/\//i.test(source)) return null;
  if (/^https?:\/\//i.test(source)) {
    const url = new URL(ENSEMBLE_FILE, source.endsWith('/') ? source : `${source}/`).href;
    const res = await fetch(url).catch(() => null);
    if (!res || !res.ok) return null;
    let json: unknown;
    try {
      json = await res.json();
    } catch (e) {
      throw new ModelFormatError('ensemble', `loadBundles: ${url} is not valid JSON. Re-download the model.`, { cause: e });
    }
    return parseManifest(json, url);
  }
  if (!isNode()) return null;
  const fs = await nodeBuiltin<typeof import('node:fs/promises')>('fs/promises');
  const path = await nodeBuiltin<typeof import('node:path')>('path');
  const file = path.join(source.startsWith('file://') ? new URL(source).pathname : source, ENSEMBLE_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseManifest(JSON.parse(text), file);
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError('ensemble', `loadBundles: ${file} is not valid JSON. Re-download or re-save the model.`, { cause: e });
  }
}

function memberSource(source: string, name: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? new URL(`${name}/`, source.endsWith('/') ? source : `${source}/`).href : `${source.replace(/[\\/]+$/, '')}/${name}`;
}

/**
 * Load a bundle or an ensemble of bundles from a folder (Node) or an http(s) URL.
 * @returns one ModelBundle per member (one for a plain bundle).
 * @throws {ModelFormatError} SER_MODEL_FORMAT for a bad manifest or member bundle.
 */
export async function loadBundles(source: string | tf.io.IOHandler): Promise<ModelBundle[]> {
  if (typeof source !== 'string') return [await loadBundle(source)];
  if (BROWSER_STORE.test(source)) return loadStoreMembers(source);
  const manifest = await readManifest(source);
  if (!manifest) return [await loadBundle(source)];
  const out: ModelBundle[] = [];
  try {
    for (const name of manifest.members) out.push(await loadBundle(memberSource(source, name)));
  } catch (e) {
    for (const b of out) b.model.dispose();
    throw e;
  }
  return out;
}

/** Browser model stores (tf.io): an ensemble saved there is stored as `<url>-0`, `<url>-1`, …. */
const BROWSER_STORE = /^(indexeddb|localstorage):\/\//i;

async function loadStoreMembers(source: string): Promise<ModelBundle[]> {
  try {
    return [await loadBundle(source)];
  } catch (first) {
    const out: ModelBundle[] = [];
    for (let i = 0; ; i++) {
      try {
        out.push(await loadBundle(`${source}-${i}`));
      } catch {
        break;
      }
    }
    if (out.length === 0) throw first;
    return out;
  }
}

/**
 * Save one bundle (plain layout) or several: ensemble layout (ensemble.json + member-i/ folders)
 * for a Node folder, or `<url>-0`, `<url>-1`, … for a browser store (indexeddb://, localstorage://).
 */
export async function saveBundles(target: string, bundles: readonly { readonly model: tfl.LayersModel; readonly metadata: BundleMetadataInput | BundleMetadata }[]): Promise<void> {
  if (bundles.length === 1) {
    await saveBundle(target, bundles[0]!);
    return;
  }
  if (bundles.length > 1 && BROWSER_STORE.test(target)) {
    for (const [i, b] of bundles.entries()) await saveBundle(`${target}-${i}`, b);
    return;
  }
  if (bundles.length === 0 || !isNode() || /^[a-z][a-z0-9+.-]*:\/\//i.test(target))
    throw new InvalidArgumentError('target', target, 'a folder in Node', `saveBundles: an ensemble of ${bundles.length} models is saved to a folder in Node or to an indexeddb:// or localstorage:// URL (got ${JSON.stringify(target)}).`);
  const fs = await nodeBuiltin<typeof import('node:fs/promises')>('fs/promises');
  const path = await nodeBuiltin<typeof import('node:path')>('path');
  const members = bundles.map((_, i) => `member-${i}`);
  for (const [i, b] of bundles.entries()) await saveBundle(path.join(target, members[i]!), b);
  const manifest: EnsembleManifest = { format: 'emotion-recog-ensemble', formatVersion: 1, members };
  await fs.writeFile(path.join(target, ENSEMBLE_FILE), JSON.stringify(manifest, null, 2) + '\n');
}
