/**
 * `emotion-recog results`: the recorded results of a queue as JSON lines (one per job, in the
 * order they were recorded), optionally after waiting for the queue to drain.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { IoError } from '../../errors.js';
import { readResults, waitForDrain } from '../../fleet/collect.js';
import { DEFAULT_QUEUE } from '../../fleet/job.js';
import { numArg, requireRedis } from '../args.js';
import { UsageError } from '../usage-error.js';

export async function results(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { redis: { type: 'string' }, queue: { type: 'string' }, out: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' } },
  });
  const redis = requireRedis(values.redis, 'results');
  if (positionals.length > 0) throw new UsageError(`results takes no files (got '${positionals[0]}').`, 'results');
  const queue = values.queue ?? DEFAULT_QUEUE;
  if (values.wait) {
    const timeoutSec = numArg(values.timeout);
    await waitForDrain({ redis, queue, ...(timeoutSec !== undefined ? { timeoutMs: timeoutSec * 1000 } : {}), onProgress: (c) => process.stderr.write(`waiting: ${c.pending} jobs pending, ${c.results} results\n`) });
  }
  const all = await readResults({ redis, queue });
  const text = all.map((r) => JSON.stringify(r) + '\n').join('');
  if (values.out) {
    try {
      await writeFile(values.out, text);
    } catch (e) {
      throw new IoError(values.out, `Could not write ${values.out}: ${(e as Error).message}. Check that its folder exists and is writable.`, { cause: e });
    }
  } else process.stdout.write(text);
  const failed = all.filter((r) => 'error' in r).length;
  process.stderr.write(`results: ${all.length} (${all.length - failed} labelled, ${failed} errors) from queue ${queue}${values.out ? ` → ${values.out}` : ''}\n`);
  return 0;
}
