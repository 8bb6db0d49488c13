/** Collecting a queue's results: read them all, or wait until the queue has no pending jobs first. */
import { InvalidArgumentError, TimeoutError } from '../errors.js';
import { bullmqClient, loadBullmq } from './bullmq.js';
import { assertQueueName, DEFAULT_QUEUE } from './job.js';
import { parseRedisUrl, RespConnection } from './resp-connection.js';
import { ResultStore, type FleetResult } from './results.js';

/** Which queue's results. */
export interface CollectOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly redis: string;
  /** Queue name. @defaultValue 'emotion-recog' */
  readonly queue?: string;
}

/** Every result recorded for the queue, oldest first. */
export async function readResults(options: CollectOptions): Promise<FleetResult[]> {
  const queue = assertQueueName(options.queue ?? DEFAULT_QUEUE);
  const conn = new RespConnection(parseRedisUrl(options.redis));
  await conn.connect();
  try {
    return await new ResultStore(conn, queue).readAll();
  } finally {
    conn.close();
  }
}

/** Options of {@link waitForDrain}. */
export interface DrainOptions extends CollectOptions {
  /** Give up after this many milliseconds. @defaultValue Infinity (wait as long as it takes) */
  readonly timeoutMs?: number;
  /** Milliseconds between checks. @defaultValue 1000 */
  readonly pollMs?: number;
  /** Called after each check that found pending jobs. */
  readonly onProgress?: (state: { readonly pending: number; readonly results: number }) => void;
}

/**
 * Wait until the queue holds no waiting, active, delayed or prioritised jobs (every job has
 * completed or failed).
 * @throws {TimeoutError} SER_TIMEOUT when jobs are still pending after `timeoutMs`.
 */
export async function waitForDrain(options: DrainOptions): Promise<void> {
  const queueName = assertQueueName(options.queue ?? DEFAULT_QUEUE);
  const timeoutMs = options.timeoutMs ?? Infinity;
  const pollMs = options.pollMs ?? 1000;
  if (!(timeoutMs >= 0)) throw new InvalidArgumentError('timeoutMs', timeoutMs, 'milliseconds ≥ 0', `the wait timeout must be ≥ 0 (got ${timeoutMs}).`);
  const address = parseRedisUrl(options.redis);
  const { Queue } = await loadBullmq();
  const conn = new RespConnection(address);
  await conn.connect();
  const bull = await bullmqClient(address);
  const queue = new Queue(queueName, { connection: bull.client });
  const store = new ResultStore(conn, queueName);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      const pending = Object.values(c).reduce((a, b) => a + b, 0);
      if (pending === 0) return;
      options.onProgress?.({ pending, results: await store.count() });
      if (Date.now() + pollMs > deadline)
        throw new TimeoutError(timeoutMs, 'ms', `Queue ${queueName} still has ${pending} pending jobs after ${timeoutMs} ms. Check that workers are running ('emotion-recog worker --redis …'), or wait longer.`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    await queue.close();
    await bull.close();
    conn.close();
  }
}
