/**
 * Source of the data-parallel training worker, run with `new Worker(source, { eval: true })`.
 * It is a plain CommonJS string on purpose: it needs no file on disk, so it works the same from
 * the built ESM and CJS bundles and from TypeScript sources under vitest or tsx. All model logic
 * lives in the WebAssembly module it receives (already compiled) in `workerData`.
 *
 * Inference (CnnLstmEngine.predictParallel): main → worker {type:'predict', bt, nc, x}; the worker
 * runs the forward pass on its slice and answers {type:'probs', probs}.
 *
 * Protocol per training step `gen` (see CnnLstmEngine.trainBatch):
 *   main → worker  {type:'step', gen, bt, x, labels, sw, base, invB, seed, l2, adam}
 *   worker: forward + backward on its slice; once every other replica has acknowledged step
 *           gen - 1 (finished reading the slots), copies its gradients into SAB slot `index`,
 *           posts {type:'grads', gen, loss, correct}, then blocks until ctrl[0] >= gen (all slots ready),
 *           sums slots 0..threads-1 in order (bit-identical to the main thread's sum), acks with
 *           ctrl[1 + index] = gen, and applies L2 + Adam to its own replica.
 */
export const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const e = new WebAssembly.Instance(workerData.module, {}).exports;
e.netInit.apply(null, workerData.init);
const n = e.paramCount();
const slots = new Float32Array(workerData.gradsSab);
const ctrl = new Int32Array(workerData.ctrlSab);
const me = workerData.index;
const nSlots = workerData.threads;
const f32 = (p, len) => new Float32Array(e.memory.buffer, p, len);
parentPort.on('message', (msg) => {
  try {
    if (msg.type === 'params') {
      f32(e.paramsPtr(), n).set(msg.params);
    } else if (msg.type === 'state') {
      f32(e.adamMPtr(), n).set(msg.m);
      f32(e.adamVPtr(), n).set(msg.v);
    } else if (msg.type === 'predict') {
      // Inference on this replica's slice of a batch (CnnLstmEngine.predictParallel), in the
      // kernel's micro-batches like predict() on the main thread.
      const fs = msg.x.length / msg.bt;
      const probs = new Float32Array(msg.bt * msg.nc);
      e.reserve(Math.min(16, msg.bt));
      const chunk = Math.min(e.activationCapacity(), msg.bt);
      for (let s = 0; s < msg.bt; s += chunk) {
        const b = Math.min(chunk, msg.bt - s);
        f32(e.inputPtr(), b * fs).set(msg.x.subarray(s * fs, (s + b) * fs));
        e.forward(b, 0, 0, 0);
        probs.set(f32(e.probsPtr(), b * msg.nc), s * msg.nc);
      }
      parentPort.postMessage({ type: 'probs', probs }, [probs.buffer]);
    } else if (msg.type === 'step') {
      let loss = 0;
      let correct = 0;
      const waitAcks = () => {
        // Other workers may still be summing the previous step's slots: wait until every
        // replica has acknowledged step gen - 1 before overwriting this slot.
        for (let s = 1; s < nSlots; s++) {
          if (s === me) continue;
          for (;;) {
            const v = Atomics.load(ctrl, 1 + s);
            if (v >= msg.gen - 1) break;
            Atomics.wait(ctrl, 1 + s, v, 50);
          }
        }
      };
      if (msg.bt > 0) {
        e.reserve(msg.bt);
        f32(e.inputPtr(), msg.x.length).set(msg.x);
        new Int32Array(e.memory.buffer, e.labelsPtr(), msg.bt).set(msg.labels);
        f32(e.sampleWeightsPtr(), msg.bt).set(msg.sw);
        loss = e.gradients(msg.bt, msg.invB, 1, msg.seed, msg.base);
        correct = e.lastCorrect();
        waitAcks();
        slots.set(f32(e.gradsPtr(), n), me * n);
      } else {
        waitAcks();
        slots.fill(0, me * n, (me + 1) * n);
      }
      parentPort.postMessage({ type: 'grads', gen: msg.gen, loss, correct });
      for (;;) {
        const v = Atomics.load(ctrl, 0);
        if (v >= msg.gen) break;
        Atomics.wait(ctrl, 0, v);
      }
      f32(e.gradsPtr(), n).set(slots.subarray(0, n));
      for (let s = 1; s < nSlots; s++) {
        f32(e.scratchPtr(), n).set(slots.subarray(s * n, (s + 1) * n));
        e.addScratchToGrads();
      }
      Atomics.store(ctrl, 1 + me, msg.gen);
      Atomics.notify(ctrl, 1 + me);
      if (msg.l2 > 0) e.applyL2(msg.l2);
      e.adamStep.apply(null, msg.adam);
    }
  } catch (err) {
    Atomics.store(ctrl, 1 + me, 0x7fffffff);
    parentPort.postMessage({ type: 'error', message: String(err && err.stack || err) });
  }
});
parentPort.postMessage({ type: 'ready' });
`;
