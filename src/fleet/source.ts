/**
 * Reading a job's audio: a local file is decoded by the recognizer from its path; a URL is
 * downloaded here with a size limit and a timeout. Download failures say whether trying again
 * later may help (server errors, rate limits, network errors, timeouts) or not (404, too large).
 */
import { IoError, TimeoutError } from '../errors.js';

/** Limits on downloads. */
export interface DownloadOptions {
  /** Largest download in bytes. @defaultValue 52428800 (50 MiB) */
  readonly maxBytes?: number;
  /** Whole-download deadline in milliseconds. @defaultValue 30000 */
  readonly timeoutMs?: number;
}

export const DOWNLOAD_DEFAULTS = Object.freeze({ maxBytes: 50 * 1024 * 1024, timeoutMs: 30_000 });

/** A download failed; `transient` tells whether a later retry may succeed. Code SER_IO. */
export class DownloadError extends IoError {
  constructor(
    url: string,
    readonly transient: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(url, message, options);
  }
}

/**
 * Download `url` into memory.
 * @throws {DownloadError} SER_IO for HTTP errors, network errors and bodies over `maxBytes`.
 * @throws {TimeoutError} SER_TIMEOUT past `timeoutMs` (transient).
 */
export async function download(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DOWNLOAD_DEFAULTS.maxBytes;
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_DEFAULTS.timeoutMs;
  const tooLarge = (n: string) => new DownloadError(url, false, `${url} is larger than the download limit of ${maxBytes} bytes (${n}). Raise the worker's --max-mb, or split the recording.`);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: ac.signal, redirect: 'follow' });
    } catch (e) {
      if (ac.signal.aborted) throw timeout(url, timeoutMs, e);
      throw new DownloadError(url, true, `Could not download ${url}: ${(e as Error).message}${(e as { cause?: Error }).cause ? ` (${(e as { cause: Error }).cause.message})` : ''}. The worker retries later.`, { cause: e });
    }
    if (!res.ok) {
      const transient = res.status >= 500 || res.status === 429 || res.status === 408;
      await res.body?.cancel().catch(() => undefined);
      throw new DownloadError(url, transient, `Downloading ${url} failed: HTTP ${res.status} ${res.statusText}.${transient ? ' The worker retries later.' : ' Check the URL.'}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge(`${declared} bytes declared`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      const reader = res.body?.getReader();
      for (;;) {
        const next = await reader?.read();
        if (!next || next.done) break;
        total += next.value.length;
        if (total > maxBytes) {
          ac.abort();
          throw tooLarge(`more than ${maxBytes} bytes received`);
        }
        chunks.push(next.value);
      }
    } catch (e) {
      if (e instanceof DownloadError) throw e;
      if (ac.signal.aborted) throw timeout(url, timeoutMs, e);
      throw new DownloadError(url, true, `Downloading ${url} broke off: ${(e as Error).message}. The worker retries later.`, { cause: e });
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } finally {
    clearTimeout(timer);
  }
}

function timeout(url: string, ms: number, cause: unknown): TimeoutError {
  return new TimeoutError(ms, 'ms', `Downloading ${url} took longer than ${ms} ms. The worker retries later; raise --download-timeout for slow servers.`, { cause });
}
