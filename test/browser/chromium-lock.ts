/**
 * One Chromium test file at a time. The live-audio tests (listen() on a real-time AudioContext)
 * lose audio quanta when several Chromiums share the machine's 2 cores, and the windows then no
 * longer line up with Node's; serialising the browser files keeps every page on its own core.
 * A lock directory in test-output/, taken in beforeAll and given back in afterAll.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ROOT } from '../helpers.js';

const LOCK = join(ROOT, 'test-output', 'chromium.lock');
/** How long a file may wait for the others (ms); a lock older than this is a crashed run's. */
const WAIT_MS = 600_000;

async function acquire(): Promise<() => void> {
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > WAIT_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // given back meanwhile
    }
    if (Date.now() - t0 > WAIT_MS) throw new Error(`waited ${WAIT_MS / 1000} s for ${LOCK}: another Chromium test file still holds it (remove it if no test runs)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Call first in a Chromium test file (or its describe): the file's hooks and tests run while it holds the lock. */
export function oneChromiumAtATime(): void {
  let release: (() => void) | null = null;
  beforeAll(async () => {
    release = await acquire();
  }, WAIT_MS + 10_000);
  afterAll(() => release?.());
}
