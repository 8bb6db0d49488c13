#!/usr/bin/env node
/**
 * The `emotion-recog` command: dispatches to one file per command (commands/). Progress goes to
 * stderr, results to stdout. `emotion-recog <command> --help` prints that command's usage.
 */
import { SerError } from '../errors.js';
import { LIBRARY_VERSION } from '../version.js';
import { enqueue } from './commands/enqueue.js';
import { evaluate } from './commands/evaluate.js';
import { predict } from './commands/predict.js';
import { results } from './commands/results.js';
import { train } from './commands/train.js';
import { worker } from './commands/worker.js';
import { usageOf, USAGE } from './usage.js';
import { UsageError } from './usage-error.js';

/** Each command takes its own arguments and resolves to the process exit code. */
const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = { predict, train, evaluate, enqueue, worker, results };

const isHelp = (a: string) => a === '--help' || a === '-h';

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const run = cmd === undefined ? undefined : COMMANDS[cmd];
  try {
    if (run) {
      if (rest.some(isHelp)) {
        process.stdout.write(usageOf(cmd));
        return 0;
      }
      return await run(rest);
    }
    switch (cmd) {
      case '--version':
      case '-v':
        process.stdout.write(LIBRARY_VERSION + '\n');
        return 0;
      case undefined:
      case 'help':
        if (cmd === 'help' && rest[0] !== undefined && COMMANDS[rest[0]]) {
          process.stdout.write(usageOf(rest[0]));
          return 0;
        }
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command '${cmd}'.`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      const command = e instanceof UsageError ? (e.command ?? (run ? cmd : undefined)) : cmd;
      process.stderr.write(`emotion-recog: ${e.message}\n\n${usageOf(command)}`);
      return 2;
    }
    if (SerError.is(e)) {
      process.stderr.write(`emotion-recog: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`emotion-recog: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
