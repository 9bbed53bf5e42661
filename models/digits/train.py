#!/usr/bin/python3
"""Train the wasm_graph demo CNN on scikit-learn's 8x8 digits and write its artefacts.

Network (NCHW, float32), the same one models/digits/digits_model.c runs:
    input  [1, 1, 8, 8]   pixel value v in 0..16 scaled to v / 16
    conv1  3x3, pad 1, 1 -> 8 channels, ReLU
    conv2  3x3, pad 1, 8 -> 16 channels, ReLU
    pool   2x2 max, stride 2          -> [16, 4, 4], flattened in (c, y, x) order
    fc     256 -> 10 logits (softmax gives probabilities)

Plain numpy (no torch needed), Adam, fixed seed and a fixed train/held-out split, so a rerun on the same
numpy gives the same files. Run from anywhere with Debian's python:  /usr/bin/python3 models/digits/train.py

Writes (all little-endian):
    data/digits_weights.bin   magic "DGW1", u32 version=1, u32 float count, u32 FNV-1a-32 of the payload,
                              then the floats: conv1_w[8][1][3][3] conv1_b[8] conv2_w[16][8][3][3] conv2_b[16]
                              fc_w[10][256] fc_b[10]
    data/digits_test.bin      magic "DGT1", u32 count, u32 height=8, u32 width=8, then count*64 u8 pixels (0..16),
                              count u8 labels, count u8 predictions of this trainer (a cross-check for the C code)
    samples/digit<L>_<i>.png  32x32 8-bit grayscale, nearest upscaled; gray = round(v * 255 / 16)
"""
import os
import struct
import zlib

import numpy as np
from sklearn.datasets import load_digits

SEED = 20261121
HELD_OUT = 360          # samples kept out of training (about 20 %)
EPOCHS = 40
BATCH = 32
LR = 0.005

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------------------------- layers
def im2col3x3(x):
    """x [N,C,H,W] -> columns [N,H,W,C*9] in (c, ky, kx) order, zero padding 1."""
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    patches = np.empty((n, c, 3, 3, h, w), dtype=x.dtype)
    for ky in range(3):
        for kx in range(3):
            patches[:, :, ky, kx] = xp[:, :, ky:ky + h, kx:kx + w]
    return patches.transpose(0, 4, 5, 1, 2, 3).reshape(n, h, w, c * 9)


def col2im3x3(dcols, c, h, w):
    """Adjoint of im2col3x3: columns gradient [N,H,W,C*9] -> input gradient [N,C,H,W]."""
    n = dcols.shape[0]
    dpatches = dcols.reshape(n, h, w, c, 3, 3).transpose(0, 3, 4, 5, 1, 2)
    dxp = np.zeros((n, c, h + 2, w + 2), dtype=dcols.dtype)
    for ky in range(3):
        for kx in range(3):
            dxp[:, :, ky:ky + h, kx:kx + w] += dpatches[:, :, ky, kx]
    return dxp[:, :, 1:-1, 1:-1]


def conv_forward(x, wgt, b):
    cols = im2col3x3(x)
    out = cols @ wgt.reshape(wgt.shape[0], -1).T + b      # [N,H,W,Cout]
    return out.transpose(0, 3, 1, 2), cols


def conv_backward(dout, cols, x_shape, wgt):
    n, c, h, w = x_shape
    d = dout.transpose(0, 2, 3, 1).reshape(-1, wgt.shape[0])   # [N*H*W, Cout]
    dw = (d.T @ cols.reshape(-1, cols.shape[-1])).reshape(wgt.shape)
    db = d.sum(axis=0)
    dx = col2im3x3((d @ wgt.reshape(wgt.shape[0], -1)).reshape(n, h, w, c * 9), c, h, w)
    return dx, dw, db


def maxpool_forward(x):
    n, c, h, w = x.shape
    r = x.reshape(n, c, h // 2, 2, w // 2, 2)
    out = r.max(axis=(3, 5))
    return out, r


def maxpool_backward(dout, r, out):
    # Route the gradient to every position equal to the max (ties are rare off the ReLU zero plateau).
    mask = (r == out[:, :, :, None, :, None])
    dr = mask * dout[:, :, :, None, :, None]
    n, c, h2, _, w2, _ = r.shape
    return dr.reshape(n, c, h2 * 2, w2 * 2)


def forward(params, x):
    a1, cols1 = conv_forward(x, params["conv1_w"], params["conv1_b"])
    h1 = np.maximum(a1, 0)
    a2, cols2 = conv_forward(h1, params["conv2_w"], params["conv2_b"])
    h2 = np.maximum(a2, 0)
    p, r = maxpool_forward(h2)
    flat = p.reshape(p.shape[0], -1)
    logits = flat @ params["fc_w"].T + params["fc_b"]
    cache = (x, a1, cols1, h1, a2, cols2, p, r, flat)
    return logits, cache


def backward(params, cache, dlogits):
    x, a1, cols1, h1, a2, cols2, p, r, flat = cache
    g = {}
    g["fc_w"] = dlogits.T @ flat
    g["fc_b"] = dlogits.sum(axis=0)
    dp = (dlogits @ params["fc_w"]).reshape(p.shape)
    dh2 = maxpool_backward(dp, r, p)
    da2 = dh2 * (a2 > 0)
    dh1, g["conv2_w"], g["conv2_b"] = conv_backward(da2, cols2, h1.shape, params["conv2_w"])
    da1 = dh1 * (a1 > 0)
    _, g["conv1_w"], g["conv1_b"] = conv_backward(da1, cols1, x.shape, params["conv1_w"])
    return g


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------------------------------------- training
PARAM_ORDER = ["conv1_w", "conv1_b", "conv2_w", "conv2_b", "fc_w", "fc_b"]


def init_params(rng):
    def he(shape, fan_in):
        return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)
    return {
        "conv1_w": he((8, 1, 3, 3), 9), "conv1_b": np.zeros(8, np.float32),
        "conv2_w": he((16, 8, 3, 3), 72), "conv2_b": np.zeros(16, np.float32),
        "fc_w": he((10, 256), 256), "fc_b": np.zeros(10, np.float32),
    }


def train(x_train, y_train, rng):
    params = init_params(rng)
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(val) for k, val in params.items()}
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0
    n = x_train.shape[0]
    for epoch in range(EPOCHS):
        lr = LR * (0.5 ** (epoch // 15))
        order = rng.permutation(n)
        total_loss = 0.0
        for start in range(0, n, BATCH):
            idx = order[start:start + BATCH]
            logits, cache = forward(params, x_train[idx])
            prob = softmax(logits)
            total_loss += -np.log(prob[np.arange(len(idx)), y_train[idx]] + 1e-12).sum()
            dlogits = prob
            dlogits[np.arange(len(idx)), y_train[idx]] -= 1.0
            dlogits /= len(idx)
            grads = backward(params, cache, dlogits.astype(np.float32))
            step += 1
            for k in PARAM_ORDER:
                m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
                v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
                mhat = m[k] / (1 - beta1 ** step)
                vhat = v[k] / (1 - beta2 ** step)
                params[k] = (params[k] - lr * mhat / (np.sqrt(vhat) + eps)).astype(np.float32)
        if epoch % 5 == 4 or epoch == EPOCHS - 1:
            acc = (predict(params, x_train) == y_train).mean()
            print(f"epoch {epoch + 1:3d}  loss {total_loss / n:.4f}  train acc {acc:.4f}")
    return params


def predict(params, x):
    logits, _ = forward(params, x)
    return logits.argmax(axis=1)


# ---------------------------------------------------------------------------------------------- output
def fnv1a32(data):
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def write_weights(path, params):
    payload = b"".join(params[k].astype("<f4").tobytes() for k in PARAM_ORDER)
    count = len(payload) // 4
    with open(path, "wb") as f:
        f.write(b"DGW1" + struct.pack("<III", 1, count, fnv1a32(payload)) + payload)
    return count


def write_testset(path, pixels, labels, preds):
    with open(path, "wb") as f:
        f.write(b"DGT1" + struct.pack("<III", len(labels), 8, 8))
        f.write(pixels.astype(np.uint8).tobytes())
        f.write(labels.astype(np.uint8).tobytes())
        f.write(preds.astype(np.uint8).tobytes())


def write_png_gray(path, rows):
    """Minimal PNG writer: 8-bit grayscale, no interlace, filter 0 on every row."""
    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + bytes(row) for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def write_samples(directory, pixels, labels, scale=4):
    os.makedirs(directory, exist_ok=True)
    written = set()
    for i, label in enumerate(labels):
        if label in written:
            continue
        written.add(int(label))
        gray = np.rint(pixels[i].reshape(8, 8) * 255.0 / 16.0).astype(np.uint8)
        big = np.repeat(np.repeat(gray, scale, axis=0), scale, axis=1)
        write_png_gray(os.path.join(directory, f"digit{int(label)}_{i}.png"), big.tolist())
        if len(written) == 10:
            break


def main():
    digits = load_digits()
    pixels = digits.images.reshape(-1, 64).astype(np.uint8)   # integer values 0..16
    labels = digits.target.astype(np.int64)
    rng = np.random.default_rng(SEED)
    perm = rng.permutation(len(labels))
    test_idx, train_idx = np.sort(perm[:HELD_OUT]), perm[HELD_OUT:]

    def to_input(p):
        return (p.astype(np.float32) / np.float32(16.0)).reshape(-1, 1, 8, 8)

    params = train(to_input(pixels[train_idx]), labels[train_idx], rng)
    preds = predict(params, to_input(pixels[test_idx]))
    acc = (preds == labels[test_idx]).mean()
    print(f"held-out accuracy {acc:.4f} on {HELD_OUT} samples")

    data_dir = os.path.join(HERE, "data")
    os.makedirs(data_dir, exist_ok=True)
    count = write_weights(os.path.join(data_dir, "digits_weights.bin"), params)
    write_testset(os.path.join(data_dir, "digits_test.bin"), pixels[test_idx], labels[test_idx], preds)
    write_samples(os.path.join(HERE, "samples"), pixels[test_idx], labels[test_idx])
    print(f"wrote {count} weights, {HELD_OUT} test samples, 10 sample PNGs")


if __name__ == "__main__":
    main()
