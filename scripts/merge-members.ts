/**
 * Join single-seed model folders trained in parallel (scripts/loco.ts --final --seeds N --out DIR)
 * into one ensemble folder.
 *   npx tsx scripts/merge-members.ts --out models/default ../final-42 ../final-7
 */
import { mkdir, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backends/select.js';
import { loadBundles, saveBundles } from '../src/model/ensemble-bundle.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'models/default' } } });
await initBackend('cpu');
const members = [];
for (const dir of positionals) members.push(...(await loadBundles(dir)));
await rm(values.out!, { recursive: true, force: true });
await mkdir(values.out!, { recursive: true });
await saveBundles(values.out!, members);
console.log(`${members.length} members → ${values.out}`);
