#!/usr/bin/env python3
"""
Independent reference for the CREPE tiny front end (src/front-ends/crepe.ts).

Reads the TensorFlow.js files of ../shared/models/crepe-tiny-tfjs (model.json + weight shards)
with numpy only, runs the CREPE tiny forward pass written out here (channels-last like Keras:
Conv2D 'same' + ReLU -> BatchNormalization -> MaxPooling2D x6, Flatten, Dense + sigmoid), on a
few real voiced RAVDESS clips (decoded with Python's wave module), and writes
test/fixtures/crepe-ref.json:

- per clip, for every frame at a 10 ms hop (frame i = samples [160 i, 160 i + 1024), the
  FrontEnd framing, no centring): CREPE's pitch (cents, weighted average of the 9 bins around the
  argmax, as crepe.core.to_local_average_cents) and confidence (max activation);
- for a few chosen frames, the 360 activations and the 256-d embedding (Flatten output).

Nothing here imports the library or tfjs: the forward pass, the 'same' padding rule, the
per-frame normalisation and the decoding are re-derived from the Keras layer definitions and
CREPE's published code (marl/crepe, crepe/core.py).

    python3 scripts/ref/crepe_ref.py [--models ../shared/models] [--data ../shared/data]
"""
import argparse
import json
import os
import wave

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WINDOW = 1024
HOP = 160
SR = 16000
# Clips: male and female actors, voiced emotional speech (RAVDESS actors 01-20 only).
CLIPS = [
    "ravdess-16k/Actor_01/03-01-05-02-01-01-01.wav",  # male, angry, strong
    "ravdess-16k/Actor_02/03-01-03-02-02-01-02.wav",  # female, happy, strong
    "ravdess-16k/Actor_07/03-01-01-01-01-01-07.wav",  # male, neutral
]
DETAIL_FRAMES = 4  # frames per clip whose activations and embedding are stored


def read_wav(path):
    """Mono 16-bit PCM WAV at 16 kHz -> float64 in [-1, 1) (x / 32768, as the library)."""
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2, path
        assert w.getframerate() == SR, path
        ch = w.getnchannels()
        raw = w.readframes(w.getnframes())
    x = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    if ch > 1:
        x = x.reshape(-1, ch).mean(axis=1)
    return x


def load_weights(model_dir):
    """{'layer/param': array} from model.json's weightsManifest and the shards it names."""
    with open(os.path.join(model_dir, "model.json"), "rb") as f:
        model = json.loads(f.read())
    weights = {}
    for group in model["weightsManifest"]:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        off = 0
        for spec in group["weights"]:
            assert spec["dtype"] == "float32"
            n = int(np.prod(spec["shape"]))
            weights[spec["name"]] = np.frombuffer(data, dtype="<f4", count=n, offset=off).astype(np.float64).reshape(spec["shape"])
            off += 4 * n
        assert off == len(data), group["paths"]
    layers = model["modelTopology"]["model_config"]["config"]["layers"]
    return weights, layers


def conv_same(x, kernel, bias, stride):
    """Keras Conv2D, kernel (k, 1, cin, cout), 'same' padding, on x (batch, length, cin).

    TensorFlow's 'same': out = ceil(L / s), total pad = max((out - 1) s + k - L, 0), of which
    floor(total / 2) goes before and the rest after.
    """
    b, length, cin = x.shape
    k = kernel.shape[0]
    out = -(-length // stride)
    pad = max((out - 1) * stride + k - length, 0)
    before = pad // 2
    xp = np.zeros((b, length + pad, cin))
    xp[:, before:before + length, :] = x
    # (batch, out, k, cin) windows
    idx = np.arange(out)[:, None] * stride + np.arange(k)[None, :]
    win = xp[:, idx, :]
    w = kernel[:, 0, :, :]  # (k, cin, cout)
    return np.tensordot(win, w, axes=([2, 3], [0, 1])) + bias


def forward(frames, weights):
    """CREPE tiny on (batch, 1024) normalised frames -> (activations (batch, 360), embedding (batch, 256))."""
    x = frames[:, :, None]  # Reshape to (1024, 1, 1); the width axis of size 1 is dropped throughout
    for i in range(1, 7):
        n = "crepe_conv%d" % i
        x = conv_same(x, weights[n + "/kernel"], weights[n + "/bias"], 4 if i == 1 else 1)
        x = np.maximum(x, 0.0)  # activation='relu' inside Conv2D, before BN (as the topology)
        bn = n + "_BN/"
        x = (x - weights[bn + "moving_mean"]) / np.sqrt(weights[bn + "moving_variance"] + 1e-3) * weights[bn + "gamma"] + weights[bn + "beta"]
        b, length, c = x.shape
        x = x[:, : (length // 2) * 2, :].reshape(b, length // 2, 2, c).max(axis=2)  # MaxPooling2D (2,1) valid
        # Dropout: identity at inference
    emb = x.reshape(x.shape[0], -1)  # Flatten of (4, 1, 64) channels-last: index = h * 64 + c
    logits = emb @ weights["crepe_classifier/kernel"] + weights["crepe_classifier/bias"]
    return 1.0 / (1.0 + np.exp(-logits)), emb


def frames_of(x):
    """Frame i = x[160 i : 160 i + 1024], each to zero mean and unit std (np.std, clipped at 1e-8, as crepe)."""
    n = 1 + (len(x) - WINDOW) // HOP
    idx = np.arange(n)[:, None] * HOP + np.arange(WINDOW)[None, :]
    f = x[idx]
    f = f - f.mean(axis=1, keepdims=True)
    f = f / np.clip(f.std(axis=1, keepdims=True), 1e-8, None)
    return f


CENTS = np.linspace(0, 7180, 360) + 1997.3794084376191


def local_average_cents(act):
    """crepe.core.to_local_average_cents: weighted mean of the cents of the 9 bins around the argmax."""
    out = np.empty(act.shape[0])
    for t, s in enumerate(act):
        c = int(np.argmax(s))
        lo, hi = max(0, c - 4), min(360, c + 5)
        out[t] = np.sum(s[lo:hi] * CENTS[lo:hi]) / np.sum(s[lo:hi])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default=os.path.join(ROOT, "..", "shared", "models"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "test", "fixtures", "crepe-ref.json"))
    args = ap.parse_args()
    weights, layers = load_weights(os.path.join(args.models, "crepe-tiny-tfjs"))
    # The topology this forward pass assumes.
    kinds = [l["class_name"] for l in layers]
    assert kinds == ["InputLayer", "Reshape"] + ["Conv2D", "BatchNormalization", "MaxPooling2D", "Dropout"] * 6 + ["Flatten", "Dense"], kinds
    clips = []
    for rel in CLIPS:
        x = read_wav(os.path.join(args.data, rel))
        fr = frames_of(x)
        act, emb = forward(fr, weights)
        cents = local_average_cents(act)
        conf = act.max(axis=1)
        # Detail frames: the most confident ones, spread out (every k-th of the confident frames).
        order = np.argsort(-conf)
        confident = np.sort(order[: max(DETAIL_FRAMES * 8, 1)])
        detail = [int(confident[i]) for i in np.linspace(0, len(confident) - 1, DETAIL_FRAMES).round().astype(int)]
        clips.append({
            "file": rel,
            "samples": int(len(x)),
            "frames": int(len(fr)),
            "cents": [round(float(c), 3) for c in cents],
            "confidence": [round(float(c), 6) for c in conf],
            "detail": [
                {
                    "frame": t,
                    "activation": [round(float(v), 7) for v in act[t]],
                    "embedding": [round(float(v), 6) for v in emb[t]],
                }
                for t in detail
            ],
        })
        print("%s: %d frames, %d with confidence >= 0.5, detail frames %s" % (rel, len(fr), int((conf >= 0.5).sum()), detail))
    out = {
        "generatedBy": "scripts/ref/crepe_ref.py (numpy %s, float64 forward pass)" % np.__version__,
        "model": "crepe-tiny-tfjs/model.json",
        "sampleRate": SR,
        "windowSamples": WINDOW,
        "hopSamples": HOP,
        "framing": "frame i = samples [hop*i, hop*i + 1024), not centred; each frame to zero mean, unit std (std clipped at 1e-8)",
        "centsOfBin": "1997.3794084376191 + 7180/359 * bin (np.linspace(0, 7180, 360) + 1997.379...)",
        "clips": clips,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", args.out, os.path.getsize(args.out), "bytes")


if __name__ == "__main__":
    main()
