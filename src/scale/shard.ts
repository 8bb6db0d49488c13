/**
 * Shards: split one file list across N machines or pods deterministically. Shard I of N takes
 * every N-th file of the list sorted by code points, starting at file I (0-based, as a
 * Kubernetes Indexed Job numbers its pods), so every shard sees the same order on every host and
 * the shards are disjoint and together cover every file.
 */
import { InvalidArgumentError } from '../errors.js';

/** One shard of a run: `index` in [0, count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Environment variable holding the shard index in a Kubernetes Indexed Job (set by Kubernetes). */
export const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** Environment variable holding the number of shards for `--shard env` (set it to the Job's `completions`). */
export const SHARD_COUNT_ENV = 'EMOTION_RECOG_SHARDS';

const C = 'shard';
const int = (s: string | undefined): number => (s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);

/**
 * Parse a shard spec: `I/N` (e.g. `0/4`), `env/N` (index from {@link SHARD_INDEX_ENV}) or `env`
 * (index from {@link SHARD_INDEX_ENV}, count from {@link SHARD_COUNT_ENV}).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for a malformed spec, a missing variable or I ≥ N.
 */
export function parseShard(spec: string, env: Readonly<Record<string, string | undefined>> = {}): Shard {
  const [a, b, ...rest] = spec.trim().split('/');
  const fromEnv = a === 'env';
  if (rest.length > 0 || a === undefined || (!fromEnv && b === undefined))
    throw new InvalidArgumentError('shard', spec, "'I/N', 'env/N' or 'env'", `${C}: --shard must be I/N (0-based index I of N shards, e.g. 0/4), env/N or env (got ${JSON.stringify(spec)}).`);
  const index = fromEnv ? int(env[SHARD_INDEX_ENV]) : int(a);
  const count = b === undefined ? int(env[SHARD_COUNT_ENV]) : int(b);
  if (fromEnv && Number.isNaN(index))
    throw new InvalidArgumentError('shard', env[SHARD_INDEX_ENV], `${SHARD_INDEX_ENV} set to an integer`, `${C}: --shard env reads the shard index from ${SHARD_INDEX_ENV} (set by a Kubernetes Indexed Job), which is ${env[SHARD_INDEX_ENV] === undefined ? 'not set' : JSON.stringify(env[SHARD_INDEX_ENV])}. Run it in an Indexed Job or pass --shard I/N.`);
  if (b === undefined && Number.isNaN(count))
    throw new InvalidArgumentError('shard', env[SHARD_COUNT_ENV], `${SHARD_COUNT_ENV} set to an integer`, `${C}: --shard env reads the number of shards from ${SHARD_COUNT_ENV}, which is ${env[SHARD_COUNT_ENV] === undefined ? 'not set' : JSON.stringify(env[SHARD_COUNT_ENV])}. Set it to the Job's completions, or pass --shard env/N.`);
  if (!(count >= 1) || !(index >= 0) || index >= count)
    throw new InvalidArgumentError('shard', spec, 'an index in [0, N) and N ≥ 1', `${C}: the shard index must be in [0, N) with N ≥ 1 (got index ${index} of ${count}). Shards are numbered from 0, like JOB_COMPLETION_INDEX.`);
  return { index, count };
}

/** Code-point order (not locale order), so every host sorts the same list the same way. */
const byCodePoint = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The files of one shard: the list sorted by code points, then every `count`-th file starting
 * at `index`. The union over all shards is the whole list (duplicates included), and no two
 * shards share a position.
 */
export function shardFiles(files: readonly string[], shard: Shard): string[] {
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count)
    throw new InvalidArgumentError('shard', `${shard.index}/${shard.count}`, 'an index in [0, count)', `${C}: shard index must be an integer in [0, count) (got ${shard.index} of ${shard.count}).`);
  return [...files].sort(byCodePoint).filter((_, i) => i % shard.count === shard.index);
}
