/**
 * BullMQ, loaded on first use: it is an optional peer dependency, so the library and the CLI work
 * without it and only the fleet commands ask for it. Connections are the built-in RESP
 * connection (resp-connection.ts) behind BullMQ's client adapter, so no Redis driver is needed.
 */
import { MissingDependencyError } from '../errors.js';
import { RespConnection, type RedisAddress } from './resp-connection.js';

type Bullmq = typeof import('bullmq');
type RedisClient = import('bullmq').IRedisClient;

let cached: Promise<Bullmq> | undefined;

/**
 * Import BullMQ (once). `specifier` exists for tests of the missing-package path.
 * @throws {MissingDependencyError} SER_MISSING_DEPENDENCY when the package is not installed.
 */
export function loadBullmq(specifier = 'bullmq'): Promise<Bullmq> {
  const load = async (): Promise<Bullmq> => {
    try {
      const m = (await import(specifier)) as Bullmq & { default?: Bullmq };
      return typeof m.Queue === 'function' ? m : m.default!;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
        throw new MissingDependencyError('bullmq', `The worker fleet needs the optional package 'bullmq' (${specifier} could not be found). Install it with \`npm install bullmq\`.`, { cause: e });
      throw e;
    }
  };
  if (specifier !== 'bullmq') return load();
  cached ??= load().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/** A Redis client for BullMQ (Queue or Worker) and how to close it (BullMQ leaves clients it was given open). */
export interface BullmqClient {
  readonly client: RedisClient;
  close(): Promise<void>;
}

/** A BullMQ client on a new connection to `address`. */
export async function bullmqClient(address: RedisAddress): Promise<BullmqClient> {
  const { createBunRedisClient } = await loadBullmq();
  const client = createBunRedisClient(new RespConnection(address) as unknown as Parameters<typeof createBunRedisClient>[0]);
  return {
    client,
    async close() {
      await client.quit();
    },
  };
}
