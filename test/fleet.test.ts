/**
 * The worker fleet on a real Redis (Debian's redis-server, started here on a free port): the RESP
 * connection, the exactly-once results store, enqueue's deterministic job ids, three CLI workers
 * on real clips with one killed mid-job and one stopped with SIGTERM, and URL jobs with retries.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBullmq } from '../src/fleet/bullmq.js';
import { waitForDrain, readResults } from '../src/fleet/collect.js';
import { jobIdOf } from '../src/fleet/job.js';
import { enqueueSources } from '../src/fleet/queue.js';
import { parseRedisUrl, RespConnection } from '../src/fleet/resp-connection.js';
import { ResultStore, type FleetResult } from '../src/fleet/results.js';
import { FleetWorker, type FleetWorkerEvent } from '../src/fleet/worker.js';
import { EmotionRecognizer } from '../src/recognizer/emotion-recognizer.js';
import { DATA, expectSerErrorAsync, itShared, ROOT } from './helpers.js';
import { REDIS_SERVER, startRedis, type TestRedis } from './redis-server.js';
import { encodeWav16 } from './write-wav.js';

const CLI = join(ROOT, 'dist', 'cli.js');

/**
 * Run the CLI without blocking this process (a blocked event loop would stall the workers' pipes
 * and vitest's own messages); killed after `timeoutMs`.
 */
function cli(args: string[], timeoutMs = 200_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A `worker` process with its stderr lines and exit. */
class WorkerProcess {
  readonly proc: ChildProcess;
  readonly lines: string[] = [];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #partial = '';
  onLine: ((line: string) => void) | undefined;
  constructor(args: string[]) {
    this.proc = spawn(process.execPath, [CLI, 'worker', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => {
      const parts = (this.#partial + d.toString()).split('\n');
      this.#partial = parts.pop()!;
      for (const l of parts) {
        this.lines.push(l);
        this.onLine?.(l);
      }
    });
    this.exit = new Promise((r) => this.proc.once('exit', (code, signal) => r({ code, signal })));
  }
  get id(): string {
    return `${hostname()}:${this.proc.pid}`; // as the worker names itself
  }
  running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}

/** Poll `check` every 100 ms until true, at most `ms`; false on timeout. */
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 100) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('fleet modules', () => {
  it('are not reachable from the browser or main entries (node:net, bullmq)', () => {
    for (const entry of ['browser.ts', 'index.ts']) {
      const seen = new Set<string>();
      const walk = (file: string): void => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) walk(join(file, '..', m[1]!.replace(/\.js$/, '.ts')));
      };
      walk(join(ROOT, 'src', entry));
      expect(seen.size, entry).toBeGreaterThan(20);
      expect([...seen].filter((f) => f.includes(join('src', 'fleet'))), entry).toEqual([]);
    }
  });
});

if (!REDIS_SERVER) console.warn('fleet tests skipped: redis-server is not installed (apt-get install redis-server; .ci/run installs it)');

describe.skipIf(!REDIS_SERVER)('worker fleet on Redis', () => {
  let redis: TestRedis;
  let tmp: string;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    tmp = await mkdtemp(join(tmpdir(), 'fleet-'));
  });
  afterAll(async () => {
    for (const w of workers) if (w.running()) w.proc.kill('SIGKILL');
    await redis?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('RESP connection: replies by type, error replies reject, EXEC reports per-command errors', async () => {
    expect(parseRedisUrl('redis://u:p%40ss@10.0.0.2:6380/3')).toEqual({ host: '10.0.0.2', port: 6380, username: 'u', password: 'p@ss', db: 3 });
    expect(parseRedisUrl('redis://localhost').port).toBe(6379);
    expect(() => parseRedisUrl('http://localhost:6379')).toThrow(/not a redis:\/\/ URL/);
    const c = new RespConnection(redis.url);
    await c.connect();
    try {
      expect(await c.send('SET', ['t:k', 'héllo\r\nworld'])).toBe('OK');
      expect(await c.send('GET', ['t:k'])).toBe('héllo\r\nworld');
      expect(await c.send('GET', ['t:missing'])).toBeNull();
      expect(await c.send('INCRBY', ['t:n', 41])).toBe(41);
      expect(await c.send('RPUSH', ['t:l', 'a', 'b'])).toBe(2);
      expect(await c.send('LRANGE', ['t:l', 0, -1])).toEqual(['a', 'b']);
      await expect(c.send('INCR', ['t:l'])).rejects.toThrow(/WRONGTYPE/);
      // Pipelined without awaiting, as BullMQ's adapter sends MULTI … EXEC.
      const multi = c.send('MULTI');
      const q1 = c.send('INCR', ['t:n']);
      const q2 = c.send('INCR', ['t:l']);
      const exec = (await c.send('EXEC')) as unknown[];
      expect([await multi, await q1, await q2]).toEqual(['OK', 'QUEUED', 'QUEUED']);
      expect(exec[0]).toBe(42);
      expect(exec[1]).toBeInstanceOf(Error);
      // A large value arrives in several TCP chunks.
      const big = 'x'.repeat(3_000_000);
      await c.send('SET', ['t:big', big]);
      expect(((await c.send('GET', ['t:big'])) as string).length).toBe(big.length);
    } finally {
      c.close();
    }
    await expect(c.send('PING')).rejects.toThrow(/closed/);
    await expectSerErrorAsync(() => new RespConnection('redis://127.0.0.1:1', { connectTimeoutMs: 2000 }).connect(), 'SER_IO', /Could not connect to Redis at 127\.0\.0\.1:1/);
  });

  it('RESP connection: with reconnect, a dropped connection connects again on the next command', async () => {
    const admin = new RespConnection(redis.url);
    const plain = new RespConnection(redis.url);
    const healing = new RespConnection(redis.url, { reconnect: true });
    await Promise.all([admin.connect(), plain.connect(), healing.connect()]);
    try {
      for (const c of [plain, healing]) {
        const id = await c.send('CLIENT', ['ID']);
        expect(await admin.send('CLIENT', ['KILL', 'ID', id as number])).toBe(1);
        expect(await until(() => !c.connected, 5000)).toBe(true);
      }
      await expect(plain.send('PING')).rejects.toThrow(/closed/);
      expect(await Promise.all([healing.send('PING'), healing.send('ECHO', ['x'])])).toEqual(['PONG', 'x']);
      expect(healing.connected).toBe(true);
    } finally {
      for (const c of [admin, plain, healing]) c.close();
    }
  });

  it('results store: a job recorded twice is written once', async () => {
    const c = new RespConnection(redis.url);
    await c.connect();
    try {
      const store = new ResultStore(c, 'store-test');
      const r: FleetResult = { jobId: 'fabc', file: '/a.wav', emotion: 'sad', scores: { sad: 1 }, worker: 'w1' };
      expect(await store.record(r)).toMatch(/^\d+-\d+$/);
      expect(await store.record({ ...r, emotion: 'angry', worker: 'w2' })).toBeNull();
      expect(await store.has('fabc')).toBe(true);
      expect(await store.has('fother')).toBe(false);
      expect(await store.count()).toBe(1);
      expect(await store.readAll(1)).toEqual([r]);
      for (let i = 0; i < 5; i++) await store.record({ ...r, jobId: `f${i}` });
      expect((await store.readAll(2)).map((x) => x.jobId)).toEqual(['fabc', 'f0', 'f1', 'f2', 'f3', 'f4']); // paged
    } finally {
      c.close();
    }
  });

  it('a missing bullmq is SER_MISSING_DEPENDENCY naming npm install bullmq', async () => {
    await expectSerErrorAsync(() => loadBullmq('bullmq-not-installed-here'), 'SER_MISSING_DEPENDENCY', /npm install bullmq/);
    expect(typeof (await loadBullmq()).Worker).toBe('function');
  });

  it('bad worker and enqueue options are SER_INVALID_ARGUMENT before anything starts', async () => {
    const redisUrl = 'redis://127.0.0.1:1'; // never reached
    await expectSerErrorAsync(() => FleetWorker.start({ redis: redisUrl, concurrency: 0 }), 'SER_INVALID_ARGUMENT', /concurrency/);
    await expectSerErrorAsync(() => FleetWorker.start({ redis: redisUrl, lockMs: 10 }), 'SER_INVALID_ARGUMENT', /lock/);
    await expectSerErrorAsync(() => FleetWorker.start({ redis: redisUrl, download: { maxBytes: NaN } }), 'SER_INVALID_ARGUMENT', /download limit/);
    await expectSerErrorAsync(() => FleetWorker.start({ redis: redisUrl, queue: 'a:b' }), 'SER_INVALID_ARGUMENT', /Queue name/);
    await expectSerErrorAsync(() => FleetWorker.start({ redis: 'localhost:6379' }), 'SER_INVALID_ARGUMENT', /redis:\/\//);
    await expectSerErrorAsync(() => enqueueSources(['x.wav'], { redis: redisUrl, attempts: 0 }), 'SER_INVALID_ARGUMENT', /attempts/);
  });

  it('enqueue: one job per file with an id from its absolute path; enqueuing again adds nothing', async () => {
    const a = await cli(['enqueue', '--redis', redis.url, '--queue', 'dedupe', 'samples/', '--json']);
    expect(a.code, a.stderr).toBe(0);
    const first = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { jobId: string; source: string; status: string });
    expect(first.map((s) => s.source)).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad'].map((e) => join(ROOT, 'samples', `${e}.wav`)));
    expect(first.every((s) => s.status === 'added')).toBe(true);
    expect(first[0]!.jobId).toBe(jobIdOf(join(ROOT, 'samples', 'angry.wav')));
    const b = await cli(['enqueue', '--redis', redis.url, '--queue', 'dedupe', 'samples/sad.wav', 'samples/../samples/angry.wav']);
    expect(b.code).toBe(0);
    expect(b.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[1])).toEqual(['queued', 'queued']);
    expect(b.stderr).toMatch(/0 added, 2 already queued/);
    const down = await cli(['enqueue', '--redis', 'redis://127.0.0.1:1', 'samples/sad.wav']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/SER_IO: Could not connect to Redis at 127\.0\.0\.1:1/);
    expect((await cli(['worker', '--queue', 'x'])).code).toBe(2); // no --redis
    expect((await cli(['worker', '--help'])).stdout).toMatch(/SIGTERM/);
  });

  itShared(
    'three workers, one SIGKILLed mid-job and one stopped with SIGTERM: every file labelled exactly once, as predict labels it',
    async () => {
      const clips = ['Actor_01', 'Actor_02', 'Actor_03'].flatMap((a) =>
        readdirSync(join(DATA, 'ravdess-16k', a))
          .sort()
          .slice(0, 14)
          .map((f) => join(DATA, 'ravdess-16k', a, f)),
      );
      // 24 clips by path, 18 by URL from a server that answers after 400 ms: a worker that has
      // just started a URL job is certainly in the middle of it when it is signalled.
      const local = clips.slice(0, 24);
      const served = new Map(clips.slice(24).map((f, i) => [`/clip-${i}.wav`, f]));
      const server: Server = createServer((req, res) => {
        const f = served.get(req.url!);
        setTimeout(() => (f ? res.writeHead(200).end(readFileSync(f)) : res.writeHead(404).end()), 400);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const fileOf = (source: string) => (source.startsWith(base) ? served.get(source.slice(base.length))! : source);
      try {
        const odd = join(tmp, 'odd');
        await mkdir(odd);
        const corrupt = join(odd, 'corrupt.wav');
        const silent = join(odd, 'silent.wav');
        await writeFile(corrupt, 'RIFF\x10\x00\x00\x00WAVEjunk');
        await writeFile(silent, encodeWav16(new Float32Array(32000), 16000));
        const urls = [...served.keys()].map((p) => base + p);
        const all = [...local, corrupt, silent, ...urls];

        const url = redis.url;
        const jsonl = (i: number) => join(tmp, `worker-${i}.jsonl`);
        for (let i = 0; i < 3; i++) workers.push(new WorkerProcess(['--redis', url, '--queue', 'fleet', '--lock-sec', '3', '--results', jsonl(i)]));
        const [a, b, c] = workers as [WorkerProcess, WorkerProcess, WorkerProcess];
        // A: SIGKILL as soon as it starts a URL job. B: SIGTERM as soon as it starts one.
        let killedJob: string | undefined;
        let termJob: string | undefined;
        a.onLine = (l) => {
          const m = /^start (\S+) http/.exec(l);
          if (m && !killedJob) {
            killedJob = m[1];
            a.proc.kill('SIGKILL');
          }
        };
        b.onLine = (l) => {
          const m = /^start (\S+) http/.exec(l);
          if (m && !termJob) {
            termJob = m[1];
            b.proc.kill('SIGTERM');
          }
        };
        expect(await until(() => workers.every((w) => w.lines.some((l) => l.includes('ready on queue')) || !w.running()), 120_000), 'workers did not start').toBe(true);
        const enq = await cli(['enqueue', '--redis', url, '--queue', 'fleet', ...local, odd, ...urls]);
        expect(enq.code, enq.stderr).toBe(0);
        expect(enq.stderr).toMatch(/44 added/);

        expect(await until(() => (killedJob !== undefined || !a.running()) && (termJob !== undefined || !b.running()), 120_000), 'A or B took no URL job').toBe(true);
        expect(killedJob && termJob).toBeTruthy();
        expect((await a.exit).signal).toBe('SIGKILL');
        const bExit = await b.exit;
        expect(bExit.code, b.lines.join('\n')).toBe(0);
        // B finished the job it had started, started none after the signal, then closed.
        const stopAt = b.lines.findIndex((l) => l.startsWith('stopping'));
        expect(b.lines.slice(stopAt).some((l) => l.startsWith(`done ${termJob}`)), b.lines.join('\n')).toBe(true);
        expect(b.lines.slice(stopAt).some((l) => l.startsWith('start '))).toBe(false);
        expect(b.lines.at(-1)).toMatch(/^stopped after \d+ jobs/);

        // C finishes the rest, including A's job once its lock (3 s) has expired.
        const res = await cli(['results', '--redis', url, '--queue', 'fleet', '--wait', '--timeout', '150', '--out', join(tmp, 'results.jsonl')]);
        expect(res.code, res.stderr + c.lines.join('\n')).toBe(0);
        c.proc.kill('SIGTERM');
        expect((await c.exit).code).toBe(0);

        const results = readFileSync(join(tmp, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FleetResult & { emotion?: string; scores?: Record<string, number>; error?: { code: string } });
        expect(results.map((r) => r.file).sort()).toEqual([...all].sort()); // every file exactly once
        expect(new Set(results.map((r) => r.jobId)).size).toBe(all.length);
        for (const r of results) expect(r.jobId).toBe(jobIdOf(r.file));
        // A's unfinished job was run again by another worker and recorded once, not by A.
        expect([...b.lines, ...c.lines].some((l) => l.startsWith(`start ${killedJob}`))).toBe(true);
        const again = results.filter((r) => r.jobId === killedJob);
        expect(again).toHaveLength(1);
        expect([b.id, c.id]).toContain(again[0]!.worker);
        expect(results.find((r) => r.jobId === termJob)!.worker).toBe(b.id);
        // Odd files are results with their error code, not retried.
        expect(results.find((r) => r.file === corrupt)!.error!.code).toBe('SER_CORRUPT_AUDIO');
        expect(results.find((r) => r.file === silent)!.error!.code).toBe('SER_NO_SPEECH');
        // Same labels and scores as a direct predict of the same clips.
        const direct = await cli(['predict', '--json', ...clips]);
        const byFile = new Map(direct.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; emotion: string; scores: Record<string, number> }).map((p) => [p.file, p]));
        const labelled = results.filter((x) => !x.error);
        expect(labelled).toHaveLength(clips.length);
        for (const r of labelled) {
          expect(r.emotion, r.file).toBe(byFile.get(fileOf(r.file))!.emotion);
          expect(r.scores).toEqual(byFile.get(fileOf(r.file))!.scores);
        }
        // The workers' own JSONL files hold the same results, none twice.
        const logged = [0, 1, 2].flatMap((i) => (existsSync(jsonl(i)) ? readFileSync(jsonl(i), 'utf8').trim().split('\n').filter(Boolean) : [])).map((l) => JSON.parse(l) as FleetResult);
        expect(logged.map((r) => r.jobId).sort()).toEqual(results.map((r) => r.jobId).sort());
      } finally {
        server.close();
      }
    },
    300_000,
  );

  it('URL jobs: downloaded with a size limit; 5xx retried with backoff, 404 and oversize recorded at once', async () => {
    const wav = await readFile(join(ROOT, 'samples', 'angry.wav'));
    const hits = new Map<string, number>();
    const server: Server = createServer((req, res) => {
      const n = (hits.get(req.url!) ?? 0) + 1;
      hits.set(req.url!, n);
      if (req.url === '/flaky.wav' && n === 1) return res.writeHead(503).end('busy');
      if (req.url === '/flaky.wav') return res.writeHead(200, { 'content-type': 'audio/wav' }).end(wav);
      if (req.url === '/down.wav') return res.writeHead(502).end();
      if (req.url === '/big.wav') return res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const recognizer = await EmotionRecognizer.load();
    const events: FleetWorkerEvent[] = [];
    let w: FleetWorker | undefined;
    try {
      const urls = ['flaky', 'down', 'missing', 'big'].map((n) => `${base}/${n}.wav`);
      const added = await enqueueSources(urls, { redis: redis.url, queue: 'urls', attempts: 3, backoffMs: 100 });
      expect(added.map((s) => s.status)).toEqual(['added', 'added', 'added', 'added']);
      w = await FleetWorker.start({ redis: redis.url, queue: 'urls', recognizer, download: { maxBytes: 1024 * 1024, timeoutMs: 10_000 }, id: 'in-process', onEvent: (e) => events.push(e) });
      await waitForDrain({ redis: redis.url, queue: 'urls', timeoutMs: 60_000, pollMs: 200 });
      const results = new Map((await readResults({ redis: redis.url, queue: 'urls' })).map((r) => [r.file.replace(base, ''), r]));
      expect(results.size).toBe(4);
      const direct = await recognizer.recognize(new Uint8Array(wav));
      expect(results.get('/flaky.wav')).toMatchObject({ emotion: direct.emotion, worker: 'in-process' });
      expect(hits.get('/flaky.wav')).toBe(2);
      expect(results.get('/down.wav')).toMatchObject({ error: { code: 'SER_IO' } });
      expect(hits.get('/down.wav')).toBe(3); // all attempts, then recorded
      expect(results.get('/missing.wav')).toMatchObject({ error: { code: 'SER_IO', message: expect.stringMatching(/HTTP 404/) } });
      expect(hits.get('/missing.wav')).toBe(1);
      expect(results.get('/big.wav')).toMatchObject({ error: { code: 'SER_IO', message: expect.stringMatching(/larger than the download limit of 1048576 bytes/) } });
      expect(events.filter((e) => e.type === 'retry').map((e) => (e as { jobId: string }).jobId).sort()).toEqual([jobIdOf(urls[0]!), jobIdOf(urls[1]!), jobIdOf(urls[1]!)].sort());
      // Enqueuing a labelled URL again adds nothing.
      expect((await enqueueSources([urls[0]!], { redis: redis.url, queue: 'urls' }))[0]!.status).toBe('done');
    } finally {
      await w?.close();
      await recognizer.dispose();
      server.close();
    }
    expect(events.at(-1)).toEqual({ type: 'closed', processed: 4 });
  });
});

