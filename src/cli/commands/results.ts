/**
 * `emotion-recog results`: the recorded results of a queue as JSON lines (one per job, in the
 * order they were recorded), optionally after waiting for the queue to drain.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { IoError } from '../../errors.js';
import { readResults, waitForDrain } from '../../fleet/collect.js';
import { DEFAULT_QUEUE } from '../../fleet/job.js';
import { UsageError } from '../usage-error.js';

export async function results(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { redis: { type: 'string' }, queue: { type: 'string' }, out: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' } },
  });
  if (!values.redis) throw new UsageError('results needs --redis URL (e.g. redis://127.0.0.1:6379).', 'results');
  if (positionals.length > 0) throw new UsageError(`results takes no files (got '${positionals[0]}').`, 'results');
  const queue = values.queue ?? DEFAULT_QUEUE;
  if (values.wait) {
    const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
    await waitForDrain({ redis: values.redis, queue, ...(timeoutMs !== undefined ? { timeoutMs } : {}), onProgress: (c) => process.stderr.write(`waiting: ${c.pending} jobs pending, ${c.results} results\n`) });
  }
  const all = await readResults({ redis: values.redis, queue });
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
