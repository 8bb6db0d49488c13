/**
 * A small Redis connection speaking RESP2 over TCP (node:net), with the surface of Bun's
 * `RedisClient` that BullMQ's client adapter drives (`send`, `connect`, `close`, `duplicate`,
 * `connected`, `onconnect`, `onclose`). Handing it to BullMQ's `createBunRedisClient` lets the
 * worker fleet run on BullMQ without a Redis driver package (ioredis, redis) installed, and the
 * fleet's own commands (results stream, done markers) go through the same class.
 *
 * Replies: simple strings and bulk strings → string (UTF-8), integers → number, nil → null,
 * arrays → arrays; an error reply rejects the command with an Error carrying the server's message
 * (inside an array, e.g. EXEC's, it is an Error element). Commands are pipelined: each `send`
 * writes its frame to the socket at once (so a MULTI…EXEC burst is contiguous) and replies are
 * matched in order.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { InvalidArgumentError, IoError } from '../errors.js';

/** Where a Redis server is and how to log in, as parsed from a `redis://` URL. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  /** Database number (SELECT). @defaultValue 0 */
  readonly db: number;
}

/** Parse `redis://[user:password@]host[:port][/db]` (port defaults to 6379). */
export function parseRedisUrl(url: string): RedisAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidArgumentError('redis', url, 'a redis://host:port URL', `'${url}' is not a Redis URL. Pass e.g. redis://127.0.0.1:6379 (or redis://user:password@host:port/db).`);
  }
  if (u.protocol !== 'redis:')
    throw new InvalidArgumentError('redis', url, 'a redis://host:port URL', `'${url}' is not a redis:// URL (TLS, rediss://, is not supported by the built-in connection). Pass e.g. redis://127.0.0.1:6379.`);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InvalidArgumentError('redis', url, 'a database number after the host', `'${url}': the path must be a database number (e.g. /0).`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db,
  };
}

/** A value Redis replied with. */
export type RespValue = string | number | null | Error | RespValue[];

/** One command argument: strings and numbers are sent as text, Buffers as they are. */
export type RespArg = string | number | Buffer;

/** Raised when a reply is malformed (a bug or a non-Redis server on that port). */
class ProtocolError extends Error {}

/** Parse one RESP2 reply from `buf` at `at`; undefined when it is not complete yet. */
function parseReply(buf: Buffer, at: number): { value: RespValue; next: number } | undefined {
  if (at >= buf.length) return undefined;
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = buf[at];
  const line = buf.toString('utf8', at + 1, eol);
  const after = eol + 2;
  switch (type) {
    case 0x2b: // '+'
      return { value: line, next: after };
    case 0x2d: // '-'
      return { value: new Error(line), next: after };
    case 0x3a: // ':'
      return { value: Number(line), next: after };
    case 0x24: {
      // '$'
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      if (buf.length < after + n + 2) return undefined;
      return { value: buf.toString('utf8', after, after + n), next: after + n + 2 };
    }
    case 0x2a: {
      // '*'
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let pos = after;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, pos);
        if (!r) return undefined;
        items.push(r.value);
        pos = r.next;
      }
      return { value: items, next: pos };
    }
    default:
      throw new ProtocolError(`unexpected reply type byte ${type} (is this port a Redis server?)`);
  }
}

/** One command's frame: `*n $len arg …`. */
function encodeCommand(command: string, args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n$${Buffer.byteLength(command)}\r\n${command}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Options of {@link RespConnection}. */
export interface RespConnectionOptions {
  /** Give up connecting after this many milliseconds. @defaultValue 10000 */
  readonly connectTimeoutMs?: number;
  /**
   * After the connection drops (not after {@link RespConnection.close}), connect again on the next
   * command. Off for connections handed to BullMQ, whose adapter replaces them itself. @defaultValue false
   */
  readonly reconnect?: boolean;
}

/** One TCP connection to Redis (see the module comment). */
export class RespConnection {
  readonly address: RedisAddress;
  readonly #options: RespConnectionOptions;
  #socket: Socket | null = null;
  #pending: { resolve: (v: RespValue) => void; reject: (e: Error) => void }[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #closing = false;
  #everConnected = false;
  #connecting: Promise<void> | undefined;
  #lastError: Error | undefined;
  /** True between a successful connect and the socket closing. */
  connected = false;
  /** Called once connected (and logged in); BullMQ's adapter sets it. */
  onconnect: (() => void) | undefined;
  /** Called when the connection closes (with the error for an unexpected close). */
  onclose: ((error?: Error) => void) | undefined;
  /** Unused by this class; BullMQ's adapter sets it when closing. */
  onerror: ((error: Error) => void) | undefined;

  constructor(address: RedisAddress | string, options: RespConnectionOptions = {}) {
    this.address = typeof address === 'string' ? parseRedisUrl(address) : address;
    this.#options = options;
  }

  /** The URL this connection was made from (without the password). */
  get url(): string {
    return `redis://${this.address.host}:${this.address.port}/${this.address.db}`;
  }

  /** Open the socket, log in (AUTH) and select the database. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  #open(): Promise<void> {
    this.#closing = false;
    const { host, port } = this.address;
    return new Promise<void>((resolve, reject) => {
      const socket = netConnect({ host, port });
      this.#socket = socket;
      socket.setNoDelay(true);
      const timer = setTimeout(() => socket.destroy(new Error(`Connection to Redis at ${host}:${port} timed out`)), this.#options.connectTimeoutMs ?? 10_000);
      let opened = false;
      socket.on('data', (chunk: Buffer) => this.#onData(chunk));
      socket.on('error', (e) => {
        this.#lastError = e; // reported by 'close' below
      });
      socket.on('close', (hadError) => {
        clearTimeout(timer);
        const wasConnected = this.connected;
        this.connected = false;
        this.#socket = null;
        this.#buffer = Buffer.alloc(0);
        const err = new Error('Connection closed');
        for (const p of this.#pending.splice(0)) p.reject(err);
        if (!opened) {
          reject(new IoError(this.url, `Could not connect to Redis at ${host}:${port}${this.#lastError ? ` (${this.#lastError.message})` : ''}. Check --redis, and that redis-server runs there and accepts connections from this machine.`, { cause: this.#lastError }));
          return;
        }
        if (wasConnected) this.onclose?.(this.#closing ? undefined : new Error(hadError ? 'Socket closed unexpectedly' : 'Connection closed by the server'));
      });
      socket.once('connect', () => {
        opened = true;
        clearTimeout(timer);
        this.connected = true;
        this.#everConnected = true;
        const { username, password, db } = this.address;
        const login: Promise<unknown>[] = [];
        if (password !== undefined) login.push(this.send('AUTH', username ? [username, password] : [password]));
        if (db !== 0) login.push(this.send('SELECT', [db]));
        Promise.all(login).then(
          () => {
            this.onconnect?.();
            resolve();
          },
          (e: Error) => {
            this.close();
            reject(e);
          },
        );
      });
    });
  }

  /** Send one command; resolves to its reply, rejects with the server's error reply. */
  send(command: string, args: readonly RespArg[] = []): Promise<RespValue> {
    if (!this.connected && this.#options.reconnect && this.#everConnected && !this.#closing) return this.connect().then(() => this.send(command, args));
    const socket = this.#socket;
    if (!socket || !this.connected) return Promise.reject(new Error('Connection is closed.'));
    return new Promise<RespValue>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      socket.write(encodeCommand(command, args));
    });
  }

  /** Close the socket; commands still waiting are rejected ('Connection closed'). */
  close(): void {
    this.#closing = true;
    this.#socket?.destroy();
  }

  /** A new, unconnected connection to the same server. */
  async duplicate(): Promise<RespConnection> {
    return new RespConnection(this.address, this.#options);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let at = 0;
    try {
      for (;;) {
        const r = parseReply(this.#buffer, at);
        if (!r) break;
        at = r.next;
        const p = this.#pending.shift();
        if (!p) continue; // e.g. a reply after a timed-out waiter; nothing is waiting for it
        if (r.value instanceof Error) p.reject(r.value);
        else p.resolve(r.value);
      }
    } catch (e) {
      this.#socket?.destroy(e as Error);
      return;
    }
    this.#buffer = at >= this.#buffer.length ? Buffer.alloc(0) : this.#buffer.subarray(at);
  }
}
