/**
 * Child process for the kill-and-resume test: trains with checkpoints into argv[2] and SIGKILLs
 * itself in the middle of epoch `argv[3]` (after its first batch), as a crash or `kill -9` would.
 */
import { Trainer } from '../../src/train/trainer.js';
import { KILL_RUN, killData, killModel } from './kill-run.js';
import { useCpu } from './tiny.js';

const dir = process.argv[2]!;
const killEpoch = Number(process.argv[3]);
await useCpu();
const model = killModel();
await new Trainer({ ...KILL_RUN, checkpointDir: dir, resume: true }).fit(model, killData().train, {
  validation: killData().validation,
  onBatchEnd: (b) => {
    if (b.epoch === killEpoch && b.batch === 1) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished without being killed\n');
