/**
 * Adding files and URLs to a fleet queue. Each source becomes one BullMQ job whose id is derived
 * from the source (job.ts), so enqueuing a file twice, or a whole folder again after adding files
 * to it, queues only what is not queued or labelled yet.
 */
import { InvalidArgumentError } from '../errors.js';
import { bullmqClient, loadBullmq } from './bullmq.js';
import { assertQueueName, DEFAULT_QUEUE, JOB_NAME, jobIdOf, normaliseSource, type FleetJobData } from './job.js';
import { parseRedisUrl, RespConnection } from './resp-connection.js';
import { ResultStore } from './results.js';

/** Options of {@link enqueueSources}. */
export interface EnqueueOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly redis: string;
  /** Queue name. @defaultValue 'emotion-recog' */
  readonly queue?: string;
  /** Tries per job for transient failures (downloads, timeouts) before its error is recorded. @defaultValue 3 */
  readonly attempts?: number;
  /** First retry delay in milliseconds; doubles on each further retry (exponential backoff). @defaultValue 1000 */
  readonly backoffMs?: number;
}

export const ENQUEUE_DEFAULTS = Object.freeze({ queue: DEFAULT_QUEUE, attempts: 3, backoffMs: 1000 });

/** What happened to one source. */
export interface EnqueuedSource {
  readonly jobId: string;
  /** Absolute path or URL, as the job carries it. */
  readonly source: string;
  /** 'added': a new job; 'queued': a job for it exists already; 'done': its result is recorded. */
  readonly status: 'added' | 'queued' | 'done';
}

/**
 * Queue one job per source (file paths or http(s) URLs; expand folders first).
 * @throws {InvalidArgumentError} SER_INVALID_ARGUMENT for bad options.
 * @throws {MissingDependencyError} SER_MISSING_DEPENDENCY without the bullmq package.
 */
export async function enqueueSources(sources: readonly string[], options: EnqueueOptions): Promise<EnqueuedSource[]> {
  const queueName = assertQueueName(options.queue ?? ENQUEUE_DEFAULTS.queue);
  const attempts = options.attempts ?? ENQUEUE_DEFAULTS.attempts;
  const backoffMs = options.backoffMs ?? ENQUEUE_DEFAULTS.backoffMs;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) throw new InvalidArgumentError('attempts', attempts, 'an integer in [1, 100]', `attempts must be an integer from 1 to 100 (got ${attempts}).`);
  if (!(backoffMs >= 0 && backoffMs <= 86_400_000)) throw new InvalidArgumentError('backoffMs', backoffMs, 'milliseconds in [0, 86400000]', `backoff must be 0 to 86400000 ms (got ${backoffMs}).`);
  const address = parseRedisUrl(options.redis);
  const { Queue } = await loadBullmq();
  const conn = new RespConnection(address);
  await conn.connect();
  const bull = await bullmqClient(address);
  const queue = new Queue<FleetJobData>(queueName, { connection: bull.client });
  try {
    const store = new ResultStore(conn, queueName);
    const out: EnqueuedSource[] = [];
    for (const s of sources) {
      const source = normaliseSource(s);
      const jobId = jobIdOf(source);
      if (await store.has(jobId)) out.push({ jobId, source, status: 'done' });
      else if (await queue.getJob(jobId)) out.push({ jobId, source, status: 'queued' });
      else {
        await queue.add(JOB_NAME, { source }, { jobId, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: { count: 1000 } });
        out.push({ jobId, source, status: 'added' });
      }
    }
    return out;
  } finally {
    await queue.close();
    await bull.close();
    conn.close();
  }
}

/** Jobs of a queue by state (BullMQ's counts: waiting, active, delayed, completed, failed …). */
export async function queueCounts(options: { readonly redis: string; readonly queue?: string }): Promise<Record<string, number>> {
  const queueName = assertQueueName(options.queue ?? DEFAULT_QUEUE);
  const { Queue } = await loadBullmq();
  const bull = await bullmqClient(parseRedisUrl(options.redis));
  const queue = new Queue(queueName, { connection: bull.client });
  try {
    return await queue.getJobCounts();
  } finally {
    await queue.close();
    await bull.close();
  }
}
