/** Input lists for the CLI: files and folders (searched recursively) → audio files, sorted. */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Extensions the decoder reads (WAV, AIFF, FLAC, Ogg Vorbis, MP3). */
export const AUDIO_EXT: ReadonlySet<string> = new Set(['.wav', '.wave', '.aif', '.aiff', '.flac', '.ogg', '.mp3']);

/** Expand folders (recursively, sorted) into their audio files; a path that cannot be read is kept, to be reported per file. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      out.push(p); // reported per file below
      continue;
    }
    if (s.isDirectory()) {
      const entries = (await readdir(p, { recursive: true })).map(String).sort();
      for (const e of entries) if (AUDIO_EXT.has(extname(e).toLowerCase())) out.push(join(p, e));
    } else out.push(p);
  }
  return out;
}
