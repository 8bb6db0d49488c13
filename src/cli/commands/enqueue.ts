/** `emotion-recog enqueue`: queue files, folders (searched recursively) and http(s) URLs for a worker fleet. */
import { parseArgs } from 'node:util';
import { isUrl } from '../../fleet/job.js';
import { ENQUEUE_DEFAULTS, enqueueSources } from '../../fleet/queue.js';
import { collectFiles } from '../files.js';
import { numArg, requireRedis } from '../args.js';
import { UsageError } from '../usage-error.js';

export async function enqueue(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { redis: { type: 'string' }, queue: { type: 'string' }, attempts: { type: 'string' }, backoff: { type: 'string' }, json: { type: 'boolean' } },
  });
  const redis = requireRedis(values.redis, 'enqueue');
  if (positionals.length === 0) throw new UsageError('enqueue needs at least one file, folder or URL.', 'enqueue');
  const urls = positionals.filter(isUrl);
  const files = await collectFiles(positionals.filter((p) => !isUrl(p)));
  const out = await enqueueSources([...files, ...urls], {
    redis,
    ...(values.queue ? { queue: values.queue } : {}),
    attempts: numArg(values.attempts) ?? ENQUEUE_DEFAULTS.attempts,
    backoffMs: values.backoff === undefined ? ENQUEUE_DEFAULTS.backoffMs : Number(values.backoff) * 1000,
  });
  // One line per source on stdout: job id, status, source.
  for (const s of out) process.stdout.write(values.json ? JSON.stringify(s) + '\n' : `${s.jobId}\t${s.status}\t${s.source}\n`);
  const n = (st: string) => out.filter((s) => s.status === st).length;
  process.stderr.write(`enqueue: ${n('added')} added, ${n('queued')} already queued, ${n('done')} already labelled (queue ${values.queue ?? ENQUEUE_DEFAULTS.queue})\n`);
  return 0;
}
