#!/usr/bin/python3
"""
Independent reference for Google's speech_embedding as the library runs it
(src/front-ends/speech-embedding.ts): the two ONNX graphs re-implemented in numpy (float64),
without onnxruntime. The `onnx` package (Debian python3-onnx) is used only to parse the
protobuf files into arrays; every operation is computed here.

- melspectrogram.onnx: framing (its STFT is two Conv1d of 512 taps, stride 160, no padding),
  power = re^2 + im^2, mel = power @ melW (257 x 32), 10*log10(max(mel, 1e-10)), clipped below at
  (global max - 80 dB). Then x / 10 + 2 (openWakeWord's transform before the embedding model).
- embedding_model.onnx: a graph of Conv, LeakyRelu, Max, MaxPool and Reshape only, interpreted
  node by node (NCHW, ONNX semantics for pads and strides).
- Windows of 76 mel frames every 8 frames; audio fed in 16-bit PCM units (the int16 values).

Usage (from the project root; needs ../shared/models and ../shared/data):
  /usr/bin/python3 scripts/ref/speech_embedding_ref.py > test/fixtures/speech-embedding-ref.json
"""
import json
import os
import sys
import wave

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, '..', 'shared')
MODELS = os.path.join(SHARED, 'models', 'speech-embedding')
DATA = os.path.join(SHARED, 'data')

# Real clips (paths relative to ../shared/data): a long and a medium RAVDESS clip, a short TESS
# clip, and the first 8000 samples of one (shorter than one embedding window: zero-padded).
CLIPS = [
    ('ravdess-16k/Actor_01/03-01-05-02-01-01-01.wav', None),
    ('ravdess-16k/Actor_03/03-01-01-01-02-01-03.wav', None),
    ('tess-16k/OAF_angry/OAF_base_angry.wav', None),
    ('tess-16k/OAF_angry/OAF_base_angry.wav', 8000),
]
WINDOW_SAMPLES = 75 * 160 + 512
WINDOW_FRAMES, HOP_FRAMES = 76, 8


def read_wav_int16(path):
    with wave.open(path, 'rb') as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == 16000, path
        return np.frombuffer(w.readframes(w.getnframes()), dtype='<i2').astype(np.float64)


def load(name):
    m = onnx.load(os.path.join(MODELS, name))
    inits = {i.name: numpy_helper.to_array(i).astype(np.float64) if numpy_helper.to_array(i).dtype.kind == 'f' else numpy_helper.to_array(i) for i in m.graph.initializer}
    consts = {}
    for n in m.graph.node:
        if n.op_type == 'Constant':
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    return m.graph, inits, consts


def melspectrogram(x):
    """x: int16-valued float64 samples -> (frames, 32) log-mel after x/10 + 2."""
    graph, inits, consts = load('melspectrogram.onnx')
    # The constants this re-implementation assumes, read from the graph (fail loudly otherwise).
    ops = [n.op_type for n in graph.node if n.op_type != 'Constant']
    assert ops == ['Unsqueeze', 'Conv', 'Conv', 'Unsqueeze', 'Transpose', 'Unsqueeze', 'Transpose', 'Pow', 'Pow', 'Add', 'MatMul',
                   'Clip', 'Log', 'Mul', 'Div', 'Sub', 'ReduceMax', 'Sub', 'Cast', 'Clip'], ops
    c = {k: float(v) for k, v in consts.items() if v.size == 1 and v.dtype.kind == 'f'}
    assert c['onnx::Mul_26'] == 10.0 and abs(c['onnx::Div_28'] - np.log(10)) < 1e-6 and c['onnx::Sub_30'] == 0.0 and c['onnx::Sub_33'] == 80.0, c
    for n in graph.node:
        if n.op_type == 'Conv':
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
            assert attrs['strides'] == [160] and attrs['kernel_shape'] == [512] and attrs['pads'] == [0, 0], attrs
    wr = inits['0.stft.conv_real.weight'][:, 0, :]  # (257, 512)
    wi = inits['0.stft.conv_imag.weight'][:, 0, :]
    mel_w = inits['1.melW']  # (257, 32)
    floor = float(inits['onnx::Clip_39'])
    n_frames = 1 + (len(x) - 512) // 160
    idx = np.arange(512)[None, :] + 160 * np.arange(n_frames)[:, None]
    frames = x[idx]  # (T, 512)
    power = (frames @ wr.T) ** 2 + (frames @ wi.T) ** 2
    mel = power @ mel_w
    db = 10.0 * np.log(np.maximum(mel, floor)) / np.log(10.0)
    db = np.maximum(db, db.max() - 80.0)
    return db / 10.0 + 2.0


def conv2d(x, w, b, pads, strides):
    """NCHW conv, ONNX pads [top, left, bottom, right], dilation 1, group 1."""
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    _, _, h, wd = x.shape
    o, _, kh, kw = w.shape
    sh, sw = strides
    ho, wo = (h - kh) // sh + 1, (wd - kw) // sw + 1
    out = np.zeros((x.shape[0], o, ho, wo))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw]
            out += np.einsum('oc,bchw->bohw', w[:, :, i, j], patch)
    if b is not None:
        out += b[None, :, None, None]
    return out


def maxpool(x, k, s, pads):
    assert not any(pads)
    _, _, h, wd = x.shape
    ho, wo = (h - k[0]) // s[0] + 1, (wd - k[1]) // s[1] + 1
    out = np.full((x.shape[0], x.shape[1], ho, wo), -np.inf)
    for i in range(k[0]):
        for j in range(k[1]):
            out = np.maximum(out, x[:, :, i:i + s[0] * (ho - 1) + 1:s[0], j:j + s[1] * (wo - 1) + 1:s[1]])
    return out


def embedding_model(windows):
    """windows: (B, 76, 32) -> (B, 96), interpreting embedding_model.onnx node by node."""
    graph, inits, consts = load('embedding_model.onnx')
    env = dict(inits)
    env.update(consts)
    env[graph.input[0].name] = windows[:, :, :, None]  # NHWC [B, 76, 32, 1] as the model's input
    for n in graph.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in n.attribute}
        ins = [env[i] for i in n.input]
        if n.op_type == 'Reshape':
            shape = [int(v) for v in ins[1]]
            out = ins[0].reshape(shape)  # -1 inferred; no zeros in these shapes
            assert 0 not in shape
        elif n.op_type == 'Conv':
            assert a.get('group', 1) == 1 and a.get('dilations', [1, 1]) == [1, 1] and a.get('auto_pad', b'NOTSET') in (b'NOTSET', 'NOTSET')
            out = conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get('pads', [0, 0, 0, 0]), a.get('strides', [1, 1]))
        elif n.op_type == 'LeakyRelu':
            alpha = float(np.float32(a['alpha']))
            out = np.where(ins[0] >= 0, ins[0], alpha * ins[0])
        elif n.op_type == 'Max':
            out = ins[0]
            for other in ins[1:]:
                out = np.maximum(out, other)
        elif n.op_type == 'MaxPool':
            out = maxpool(ins[0], a['kernel_shape'], a.get('strides', [1, 1]), a.get('pads', [0, 0, 0, 0]))
        else:
            raise SystemExit(f'unexpected op {n.op_type}')
        env[n.output[0]] = out
    y = env[graph.output[0].name]
    assert y.shape[1:] == (1, 1, 96), y.shape
    return y.reshape(y.shape[0], 96)


def embed(x):
    if len(x) < WINDOW_SAMPLES:
        x = np.concatenate([x, np.zeros(WINDOW_SAMPLES - len(x))])
    mel = melspectrogram(x)
    n = 1 + (mel.shape[0] - WINDOW_FRAMES) // HOP_FRAMES
    windows = np.stack([mel[i * HOP_FRAMES:i * HOP_FRAMES + WINDOW_FRAMES] for i in range(n)])
    return mel, embedding_model(windows)


def main():
    if not os.path.isdir(MODELS):
        sys.exit(f'{MODELS} is missing')
    out = {
        'generatedBy': 'scripts/ref/speech_embedding_ref.py (numpy float64 re-implementation of both ONNX graphs; no onnxruntime)',
        'inputScale': 32768,
        'windowSamples': WINDOW_SAMPLES,
        'hopSamples': HOP_FRAMES * 160,
        'clips': [],
    }
    for rel, limit in CLIPS:
        x = read_wav_int16(os.path.join(DATA, rel))
        if limit is not None:
            x = x[:limit]
        mel, emb = embed(x)
        frames = emb.shape[0]
        picks = sorted({0, min(1, frames - 1), frames // 2, frames - 1})
        mel_picks = sorted({0, 37, mel.shape[0] // 2, mel.shape[0] - 1})
        out['clips'].append({
            'file': rel,
            'samples': int(len(x)),
            'melFrames': int(mel.shape[0]),
            'frames': int(frames),
            'mel': {str(i): [round(float(v), 6) for v in mel[i]] for i in mel_picks},
            'embeddings': {str(i): [round(float(v), 6) for v in emb[i]] for i in picks},
            # Mean over frames of every dimension: checks the frames not stored above.
            'meanEmbedding': [round(float(v), 6) for v in emb.mean(axis=0)],
        })
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
