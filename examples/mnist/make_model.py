#!/usr/bin/python3
"""Regenerate the bundled MNIST-style example model for nncc.

No dataset can be downloaded, so this script synthesises "printed digits":
28x28 grayscale images of 0-9 rendered with PIL fonts, randomly scaled,
stretched, rotated, thickened, shifted and noised, then normalised like MNIST
(white digit on black, [0,1], then (x - 0.1307) / 0.3081). It trains a small
CNN on them, exports it to ONNX (opset 13, batch 1) and writes a sample input
plus the PyTorch reference output.

Outputs (next to this file):
  mnist_cnn.onnx                       the model: image[1,1,28,28] -> probabilities[1,10]
  digit7.npy / digit7.pb               sample input (float32 [1,1,28,28]; TensorProto "image")
  digit7.png                           the sample input, upscaled x4 for viewing
  digit7_probabilities.npy / .pb       PyTorch output for the sample (TensorProto "probabilities")

Run with Debian's Python (torch 1.13, torchvision, onnx 1.12, numpy, PIL):
  /usr/bin/python3 examples/mnist/make_model.py
Everything is seeded; the output depends only on the library versions and on
which DejaVu fonts are installed (missing ones are skipped with a warning).
"""

import os
import random
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 1234
SAMPLE_SEED = 7007  # separate stream: the sample is not from the training set
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
NUM_TRAIN, NUM_TEST = 12000, 2000
EPOCHS, BATCH, LR = 4, 64, 2e-3
ALLOWED_OPS = {"Conv", "Relu", "MaxPool", "Flatten", "Reshape", "Gemm",
               "MatMul", "Add", "Softmax"}

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_FILES = [
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf", "DejaVuSans-ExtraLight.ttf",
    "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
    "DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-BoldItalic.ttf",
]


def load_fonts():
    """TrueType font paths that exist, plus None for PIL's built-in bitmap font."""
    fonts = []
    for name in FONT_FILES:
        path = os.path.join(FONT_DIR, name)
        if os.path.exists(path):
            fonts.append(path)
        else:
            print(f"warning: font {path} not found, skipped", file=sys.stderr)
    return fonts + [None]


# --------------------------------------------------------------------------
# Synthetic printed digits
# --------------------------------------------------------------------------

_ttf_cache = {}


def _ttf(path, size):
    key = (path, size)
    if key not in _ttf_cache:
        _ttf_cache[key] = ImageFont.truetype(path, size)
    return _ttf_cache[key]


def draw_glyph(digit, font, rng):
    """Draws one white digit on a black 'L' canvas, larger than 28x28."""
    if font is None:
        # PIL's default bitmap font is ~6x11 px: draw small, then scale up.
        small = Image.new("L", (16, 16), 0)
        ImageDraw.Draw(small).text((5, 2), str(digit), fill=255,
                                   font=ImageFont.load_default())
        img = small.resize((64, 64), Image.BILINEAR)
        if rng.random() < 0.5:
            img = img.filter(ImageFilter.MaxFilter(3))
        return img
    img = Image.new("L", (80, 80), 0)
    size = int(rng.integers(36, 52))
    stroke = int(rng.choice([0, 0, 1, 2]))
    ImageDraw.Draw(img).text((40, 40), str(digit), fill=255,
                             font=_ttf(font, size), anchor="mm",
                             stroke_width=stroke, stroke_fill=255)
    return img


def render_digit(digit, font, rng):
    """Returns a float32 [28,28] image in [0,1]: white digit on black."""
    img = draw_glyph(digit, font, rng)
    img = img.rotate(float(rng.uniform(-12, 12)), resample=Image.BILINEAR)
    bbox = img.getbbox()
    if bbox is None:  # cannot happen for a digit, but stay safe
        return np.zeros((28, 28), np.float32)
    img = img.crop(bbox)
    # Fit into a box of ~20 px (as MNIST does), with random size and aspect.
    w, h = img.size
    box = float(rng.uniform(16, 22))
    sx = box / max(w, h) * float(rng.uniform(0.8, 1.2))
    sy = box / max(w, h)
    nw = max(1, min(26, round(w * sx)))
    nh = max(1, min(26, round(h * sy)))
    img = img.resize((nw, nh), Image.LANCZOS)
    if rng.random() < 0.2:
        img = img.filter(ImageFilter.MaxFilter(3))  # thicker stroke
    glyph = np.asarray(img, np.float32) / 255.0
    # Centre by centre of mass (as MNIST does), plus a random shift.
    ys, xs = np.indices(glyph.shape)
    mass = glyph.sum() + 1e-6
    cy, cx = (ys * glyph).sum() / mass, (xs * glyph).sum() / mass
    top = int(round(14 - cy + rng.integers(-2, 3)))
    left = int(round(14 - cx + rng.integers(-2, 3)))
    top = min(max(top, 0), 28 - nh)
    left = min(max(left, 0), 28 - nw)
    out = np.zeros((28, 28), np.float32)
    out[top:top + nh, left:left + nw] = glyph
    out += rng.normal(0.0, rng.uniform(0.0, 0.08), out.shape).astype(np.float32)
    return np.clip(out, 0.0, 1.0)


def normalise(images):
    return ((images - MNIST_MEAN) / MNIST_STD).astype(np.float32)


def make_dataset(count, fonts, rng):
    labels = rng.integers(0, 10, count)
    images = np.empty((count, 1, 28, 28), np.float32)
    for i, digit in enumerate(labels):
        font = fonts[int(rng.integers(len(fonts)))]
        images[i, 0] = render_digit(int(digit), font, rng)
    return normalise(images), labels.astype(np.int64)


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

def make_model():
    # The last layer is Softmax: the model outputs probabilities. Training uses
    # model[:-1] (the logits) with cross-entropy.
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 7 * 7, 64), nn.ReLU(),
        nn.Linear(64, 10),
        nn.Softmax(dim=1),
    )


def accuracy(model, images, labels):
    model.eval()
    with torch.no_grad():
        pred = model(torch.from_numpy(images)).argmax(dim=1).numpy()
    return float((pred == labels).mean())


def train(model, x_train, y_train):
    logits = model[:-1]
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(
        opt, EPOCHS * (len(x_train) // BATCH))
    loss_fn = nn.CrossEntropyLoss()
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train)
    gen = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(x), generator=gen)
        total = 0.0
        for i in range(0, len(x) - BATCH + 1, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = loss_fn(logits(x[idx]), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * BATCH
        print(f"epoch {epoch + 1}/{EPOCHS}: loss {total / len(x):.4f}")


# --------------------------------------------------------------------------
# Tiny NumPy reference for the ops this graph uses (cross-checks the export)
# --------------------------------------------------------------------------

def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    assert a.get("group", 1) == 1 and set(a.get("dilations", [1, 1])) == {1}
    pt, pl, pb, pr = a.get("pads", [0, 0, 0, 0])
    sh, sw = a.get("strides", [1, 1])
    n, c, _, _ = x.shape
    m, _, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    oh = (x.shape[2] - kh) // sh + 1
    ow = (x.shape[3] - kw) // sw + 1
    cols = np.empty((n, c, kh, kw, oh, ow), x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw]
    y = np.einsum("nckloq,mckl->nmoq", cols, w)
    return y + (b.reshape(1, m, 1, 1) if b is not None else 0)


def _maxpool(x, a):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    assert set(a.get("pads", [0])) == {0} and a.get("ceil_mode", 0) == 0
    oh = (x.shape[2] - kh) // sh + 1
    ow = (x.shape[3] - kw) // sw + 1
    y = np.full(x.shape[:2] + (oh, ow), -np.inf, x.dtype)
    for i in range(kh):
        for j in range(kw):
            y = np.maximum(y, x[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw])
    return y


def run_onnx_numpy(model, feeds):
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Conv":
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op == "MaxPool":
            out = _maxpool(ins[0], a)
        elif op == "Flatten":
            ax = a.get("axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
        elif op == "Reshape":
            out = ins[0].reshape(ins[1])
        elif op == "Gemm":
            A = ins[0].T if a.get("transA", 0) else ins[0]
            B = ins[1].T if a.get("transB", 0) else ins[1]
            out = a.get("alpha", 1.0) * (A @ B)
            if len(ins) > 2 and ins[2] is not None:
                out = out + a.get("beta", 1.0) * ins[2]
        elif op == "MatMul":
            out = ins[0] @ ins[1]
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "Softmax":
            ax = a.get("axis", -1)
            e = np.exp(ins[0] - ins[0].max(axis=ax, keepdims=True))
            out = e / e.sum(axis=ax, keepdims=True)
        else:
            raise NotImplementedError(op)
        env[node.output[0]] = out.astype(np.float32)
    return [env[o.name] for o in model.graph.output]


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main():
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    random.seed(SEED)
    np.random.seed(SEED)
    fonts = load_fonts()

    t0 = time.time()
    rng = np.random.default_rng(SEED)
    x_train, y_train = make_dataset(NUM_TRAIN, fonts, rng)
    x_test, y_test = make_dataset(NUM_TEST, fonts, rng)
    print(f"synthesised {NUM_TRAIN} train + {NUM_TEST} test images "
          f"in {time.time() - t0:.1f}s")

    model = make_model()
    t0 = time.time()
    train(model, x_train, y_train)
    train_s = time.time() - t0
    acc = accuracy(model, x_test, y_test)
    print(f"training time: {train_s:.1f}s")
    print(f"test accuracy (held-out synthetic set, n={NUM_TEST}): {acc * 100:.2f}%")
    model.eval()

    # Export with a fixed batch of 1.
    onnx_path = os.path.join(HERE, "mnist_cnn.onnx")
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), onnx_path,
                      opset_version=13, input_names=["image"],
                      output_names=["probabilities"], do_constant_folding=True)
    onnx_model = onnx.load(onnx_path)
    onnx.checker.check_model(onnx_model)
    ops = [n.op_type for n in onnx_model.graph.node]
    print("onnx checker: ok")
    print("ops:", " -> ".join(ops))
    extra = sorted(set(ops) - ALLOWED_OPS)
    if extra:
        sys.exit(f"error: exported graph uses unexpected ops {extra}")

    # Sample input: a "7" drawn from its own seed (not from the training set).
    srng = np.random.default_rng(SAMPLE_SEED)
    sample_font = os.path.join(FONT_DIR, "DejaVuSans.ttf")
    if not os.path.exists(sample_font):
        sample_font = fonts[0]
    raw = render_digit(7, sample_font, srng)
    image = normalise(raw.reshape(1, 1, 28, 28))
    Image.fromarray((raw * 255).round().astype(np.uint8)).resize(
        (112, 112), Image.NEAREST).save(os.path.join(HERE, "digit7.png"))
    with torch.no_grad():
        probs = model(torch.from_numpy(image)).numpy().astype(np.float32)
    save_tensor(image, "image", "digit7")
    save_tensor(probs, "probabilities", "digit7_probabilities")

    pred = int(probs.argmax())
    print(f"sample digit7: predicted class {pred}, probabilities "
          + " ".join(f"{p:.3e}" for p in probs[0]))
    if pred != 7:
        sys.exit("error: the sample 7 is not classified as 7")

    # Cross-check the exported graph with the NumPy reference.
    (ref,) = run_onnx_numpy(onnx_model, {"image": image})
    diff = float(np.abs(ref - probs).max())
    print(f"numpy reference of mnist_cnn.onnx vs torch: max abs diff {diff:.3g}")
    if not np.allclose(ref, probs, rtol=1e-4, atol=1e-6):
        sys.exit("error: numpy reference disagrees with torch")

    for name in sorted(os.listdir(HERE)):
        print(f"  {os.path.getsize(os.path.join(HERE, name)):8d}  {name}")


def save_tensor(array, tensor_name, stem):
    np.save(os.path.join(HERE, stem + ".npy"), array)
    with open(os.path.join(HERE, stem + ".pb"), "wb") as f:
        f.write(numpy_helper.from_array(array, name=tensor_name).SerializeToString())


if __name__ == "__main__":
    main()
