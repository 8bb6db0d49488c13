#!/usr/bin/python3
"""PyTorch CPU reference for batch inference of the SHIPPED model architecture, with our weights.

Called by bench/batch-infer-bench.ts (which writes the inputs); prints one JSON line per
thread setting: {"impl":"pytorch","threads":T,"blasThreads":B,"batch":N,"msPerBatch":...,"maxAbsDiff":...}.

  /usr/bin/python3 bench/torch-infer.py --dir DIR [--threads 1,2] [--repeats 30]

DIR holds config.json (the engine's CnnLstmConfig), weights.bin (float32 tensors in tfjs
getWeights() order, concatenated), shapes.json, x.bin (float32 [batch, frames, bins]) and
probs.bin (the engine's softmax output for x, to check that both compute the same model).

Model (as src/model/cnn-lstm.ts builds it, e.g. models/default: 300 frames x 64 log-mels):
  Conv1d(bins, filters, k, padding 'same') -> ReLU -> MaxPool1d(pool) -> LSTM stack (optionally
  bidirectional, outputs concatenated) -> mean over time | last step -> Linear(dense) -> ReLU ->
  Dropout (inactive) -> Linear(classes) -> softmax.
Weight mapping (Keras layout -> torch): conv kernel [k, in, out] -> weight [out, in, k];
LSTM kernel [in, 4u] -> weight_ih = kernel.T, recurrent [u, 4u] -> weight_hh = .T, bias -> bias_ih
(bias_hh = 0); gate order i, f, g, o is the same in both. Dense kernel [in, out] -> weight = .T.
OpenBLAS threads are fixed before torch loads (BLAS threads x torch threads must not exceed the
cores, see ../shared/ref/pytorch/README.md).
"""
import argparse
import json
import os
import statistics
import sys
import time

_pre = argparse.ArgumentParser(add_help=False)
_pre.add_argument("--blas-threads", type=int, default=1)
if "OPENBLAS_NUM_THREADS" not in os.environ:
    os.environ["OPENBLAS_NUM_THREADS"] = str(_pre.parse_known_args()[0].blas_threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402


class ShippedCnnLstm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        k = c["kernelSize"]
        self.conv = nn.Conv1d(c["inputBins"], c["filters"], k, padding=0)
        self.pad = ((k - 1) // 2, k - 1 - (k - 1) // 2)  # Keras 'same'
        self.pool = nn.MaxPool1d(c["poolSize"]) if c["pooling"] == "max" else None
        self.lstm = nn.LSTM(c["filters"], c["lstmUnits"], num_layers=c["lstmLayers"], batch_first=True,
                            bidirectional=c["bidirectional"]) if c["lstmLayers"] > 0 else None
        d = c["lstmUnits"] * (2 if c["bidirectional"] else 1) if c["lstmLayers"] > 0 else c["filters"]
        self.dense = nn.Linear(d, c["denseUnits"]) if c["denseUnits"] > 0 else None
        self.out = nn.Linear(c["denseUnits"] if c["denseUnits"] > 0 else d, c["numClasses"])

    def forward(self, x):  # x: (B, T, bins)
        h = torch.relu(self.conv(nn.functional.pad(x.transpose(1, 2), self.pad)))
        if self.pool is not None:
            h = self.pool(h)
        h = h.transpose(1, 2)
        if self.lstm is not None:
            h, _ = self.lstm(h)
        h = h.mean(dim=1) if self.c["readout"] == "mean" else h[:, -1]
        if self.dense is not None:
            h = torch.relu(self.dense(h))
        return torch.softmax(self.out(h), dim=-1)

    def load_keras(self, ws):
        it = iter(ws)
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
        with torch.no_grad():
            self.conv.weight.copy_(t(next(it).transpose(2, 1, 0)))
            self.conv.bias.copy_(t(next(it)))
            if self.lstm is not None:
                for layer in range(self.c["lstmLayers"]):
                    for sfx in (["", "_reverse"] if self.c["bidirectional"] else [""]):
                        getattr(self.lstm, f"weight_ih_l{layer}{sfx}").copy_(t(next(it).T))
                        getattr(self.lstm, f"weight_hh_l{layer}{sfx}").copy_(t(next(it).T))
                        getattr(self.lstm, f"bias_ih_l{layer}{sfx}").copy_(t(next(it)))
                        getattr(self.lstm, f"bias_hh_l{layer}{sfx}").zero_()
            if self.dense is not None:
                self.dense.weight.copy_(t(next(it).T))
                self.dense.bias.copy_(t(next(it)))
            self.out.weight.copy_(t(next(it).T))
            self.out.bias.copy_(t(next(it)))
        assert next(it, None) is None, "more weights than the model has"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--blas-threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=30)
    a = ap.parse_args()
    c = json.load(open(os.path.join(a.dir, "config.json")))
    shapes = json.load(open(os.path.join(a.dir, "shapes.json")))
    flat = np.fromfile(os.path.join(a.dir, "weights.bin"), dtype=np.float32)
    ws, off = [], 0
    for s in shapes:
        n = int(np.prod(s))
        ws.append(flat[off:off + n].reshape(s))
        off += n
    m = ShippedCnnLstm(c)
    m.load_keras(ws)
    m.eval()
    x = np.fromfile(os.path.join(a.dir, "x.bin"), dtype=np.float32).reshape(-1, c["inputFrames"], c["inputBins"])
    ref = np.fromfile(os.path.join(a.dir, "probs.bin"), dtype=np.float32).reshape(x.shape[0], -1)
    xt = torch.from_numpy(x)
    # Which BLAS torch's matmuls run on (Debian: reference BLAS unless libopenblas0-pthread is installed).
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    maps = open("/proc/self/maps").read() if os.path.exists("/proc/self/maps") else ""
    blas = "openblas" if "openblas" in maps else "mkl" if "libmkl" in maps else "reference" if "libblas" in maps else "unknown"
    for threads in [int(v) for v in a.threads.split(",")]:
        torch.set_num_threads(threads)
        with torch.inference_mode():
            p = m(xt).numpy()
            for _ in range(3):
                m(xt)
            times = []
            for _ in range(a.repeats):
                t0 = time.perf_counter()
                m(xt)
                times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({"bench": "infer", "impl": "pytorch", "torch": torch.__version__, "threads": threads,
                          "blasThreads": a.blas_threads, "batch": int(x.shape[0]),
                          "msPerBatch": round(statistics.median(times), 2),
                          "maxAbsDiff": float(np.abs(p - ref).max()), "blas": blas}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
