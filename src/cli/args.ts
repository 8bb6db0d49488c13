/** Option helpers shared by the commands. */
import { UsageError } from './usage-error.js';

/** A numeric option: undefined when absent, else `Number(v)` (the library checks its range). */
export const numArg = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

/** `--redis URL`, required by the fleet commands (enqueue, worker, results). */
export function requireRedis(url: string | undefined, command: string): string {
  if (!url) throw new UsageError(`${command} needs --redis URL (e.g. redis://127.0.0.1:6379).`, command);
  return url;
}
