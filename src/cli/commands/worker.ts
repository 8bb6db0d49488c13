/**
 * `emotion-recog worker`: label files from a queue until stopped. SIGTERM or SIGINT: stop taking
 * jobs, finish the one in hand, close, exit 0. One progress line per job on stderr.
 */
import { parseArgs } from 'node:util';
import { FleetWorker, type FleetWorkerEvent } from '../../fleet/worker.js';
import type { BackendName } from '../../types.js';
import { numArg, requireRedis } from '../args.js';
import { UsageError } from '../usage-error.js';

function describe(e: FleetWorkerEvent): string {
  switch (e.type) {
    case 'ready':
      return `worker ${e.worker}: ready on queue ${e.queue}`;
    case 'start':
      return `start ${e.jobId} ${e.file}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'done': {
      const what = 'error' in e.result ? `error ${e.result.error.code}` : e.result.emotion;
      return `done ${e.jobId} ${what} ${e.ms} ms${e.recorded ? '' : ' (result was recorded before; not written again)'}`;
    }
    case 'retry':
      return `retry ${e.jobId} after attempt ${e.attempt}/${e.attempts}: ${e.code}: ${e.message}`;
    case 'error':
      return `worker error: ${e.message}`;
    case 'closing':
      return 'stopping: finishing the jobs in hand';
    case 'closed':
      return `stopped after ${e.processed} jobs`;
  }
}

export async function worker(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      redis: { type: 'string' },
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      model: { type: 'string' },
      backend: { type: 'string' },
      results: { type: 'string' },
      'lock-sec': { type: 'string' },
      'max-mb': { type: 'string' },
      'download-timeout': { type: 'string' },
    },
  });
  const redis = requireRedis(values.redis, 'worker');
  if (positionals.length > 0) throw new UsageError(`worker takes no files (got '${positionals[0]}'); add them with 'emotion-recog enqueue'.`, 'worker');
  const lockSec = numArg(values['lock-sec']);
  const maxMb = numArg(values['max-mb']);
  const dlSec = numArg(values['download-timeout']);
  // Handlers first: a SIGTERM while the model loads stops the worker as soon as it is up (a second
  // signal ends the process at once).
  let stopRequested = false;
  let w: FleetWorker | undefined;
  const stop = () => {
    stopRequested = true;
    void w?.close();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  w = await FleetWorker.start({
    redis,
    ...(values.queue ? { queue: values.queue } : {}),
    ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(values.backend ? { backend: values.backend as BackendName | 'auto' } : {}),
    ...(values.results ? { results: values.results } : {}),
    ...(lockSec !== undefined ? { lockMs: lockSec * 1000 } : {}),
    download: { ...(maxMb !== undefined ? { maxBytes: Math.round(maxMb * 1024 * 1024) } : {}), ...(dlSec !== undefined ? { timeoutMs: dlSec * 1000 } : {}) },
    onEvent: (e) => process.stderr.write(describe(e) + '\n'),
  });
  if (stopRequested) void w.close();
  await w.closed;
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  return 0;
}
