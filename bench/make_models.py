#!/usr/bin/python3
"""Generate the benchmark / end-to-end models of nncc (issue #3).

Every model is built with torch.nn (or torchvision) from deterministic random
weights (torch.manual_seed), exported to ONNX opset 17 with fixed shapes
(batch 1 unless the model is a batch, no dynamic axes, constant folding on)
and written together with one
input set and PyTorch's own output:

  DIR/<name>[_small]/model.onnx
  DIR/<name>[_small]/input_<i>.npy, input_<i>.pb      (TensorProto named after the graph input)
  DIR/<name>[_small]/output_<i>.npy, output_<i>.pb    (PyTorch reference, TensorProto named after the graph output)
  DIR/<name>[_small]/test_data_set_0/input_<i>.pb, output_<i>.pb
                                                      (ONNX backend-test layout, hard links to the above;
                                                       test/e2e/run_onnx_test.sh consumes it)
  DIR/<name>[_small]/meta.json                        (inputs, outputs, FLOPs, op histogram, ...)

Models (see MODELS below): mnist_cnn, resnet50, mobilenet_v2, resnet50_b8
(resnet50 on a batch of 8 images; 2 in the small size), bert_base,
gpt2_small, lstm_lm, bigru. `--size small` builds variants with the same
structure and tiny weights (for CI), `--size full` the real sizes (for the
benchmark). mnist_cnn is the bundled demo model (examples/mnist) in both sizes.

FLOPs are counted on the exported ONNX graph after ONNX shape inference, as
2 x multiply-accumulates of Conv, ConvTranspose, Gemm, MatMul, LSTM, GRU and
RNN nodes (bias adds, normalisations, activations, softmax and other
elementwise work are not counted). See bench/README.md.

Use Debian's Python:  /usr/bin/python3 bench/make_models.py --out DIR --models a,b --size small
"""

import argparse
import collections
import json
import math
import os
import shutil
import sys
import time
import warnings

import numpy as np
import onnx
import torch
from onnx import numpy_helper, shape_inference
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog import (CONFIG, FAMILY, MODELS, dir_name, generator_version,  # noqa: E402
                     parse_models)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MNIST_DIR = os.path.join(ROOT, "examples", "mnist")
OPSET = 17
SEED = 20240603          # weights
INPUT_SEED = 7           # inputs: a separate stream

# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

def randomize_batchnorm(model, gen):
    """Non-trivial BatchNorm statistics, so that folding them is tested."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.copy_((torch.rand(c, generator=gen) - 0.5) * 0.2)
            m.running_var.copy_(torch.rand(c, generator=gen) * 0.5 + 0.75)
            m.weight.data.copy_(torch.rand(c, generator=gen) * 0.5 + 0.75)
            m.bias.data.copy_((torch.rand(c, generator=gen) - 0.5) * 0.2)


class SmallResNet(nn.Module):
    """torchvision's ResNet-50 structure (Bottleneck blocks, 7x7 stem, max pool,
    four stages, global average pool, fc) at a fraction of the width/depth."""

    def __init__(self, stem, planes, blocks, classes):
        super().__init__()
        from torchvision.models.resnet import Bottleneck
        self.conv1 = nn.Conv2d(3, stem, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes = stem
        stages = []
        for i, (p, b) in enumerate(zip(planes, blocks)):
            stride = 1 if i == 0 else 2
            down = None
            if stride != 1 or inplanes != p * Bottleneck.expansion:
                down = nn.Sequential(
                    nn.Conv2d(inplanes, p * Bottleneck.expansion, 1, stride, bias=False),
                    nn.BatchNorm2d(p * Bottleneck.expansion))
            layer = [Bottleneck(inplanes, p, stride, down)]
            inplanes = p * Bottleneck.expansion
            layer += [Bottleneck(inplanes, p) for _ in range(1, b)]
            stages.append(nn.Sequential(*layer))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(inplanes, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class SelfAttention(nn.Module):
    """Multi-head self-attention written out: Q/K/V linears, split heads,
    QK^T, scale, mask, softmax, xV, merge heads, output linear. Shapes are
    Python ints from the config (static), so the export has no Shape ops."""

    def __init__(self, hidden, heads, seq, causal_len=None):
        super().__init__()
        self.heads, self.head_dim, self.seq, self.hidden = heads, hidden // heads, seq, hidden
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.o = nn.Linear(hidden, hidden)
        if causal_len is not None:
            # GPT-2 style: a lower-triangular boolean buffer, sliced to the sequence.
            self.register_buffer(
                "causal", torch.tril(torch.ones(causal_len, causal_len, dtype=torch.bool))
                .view(1, 1, causal_len, causal_len), persistent=False)
            self.register_buffer("mask_value", torch.tensor(torch.finfo(torch.float32).min),
                                 persistent=False)
        else:
            self.causal = None

    def split(self, t):
        return t.view(1, self.seq, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, mask_add=None):
        q, k, v = self.split(self.q(x)), self.split(self.k(x)), self.split(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        if mask_add is not None:
            scores = scores + mask_add
        if self.causal is not None:
            keep = self.causal[:, :, :self.seq, :self.seq]
            scores = torch.where(keep, scores, self.mask_value)
        probs = torch.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).transpose(1, 2).reshape(1, self.seq, self.hidden)
        return self.o(ctx)


class BertLayer(nn.Module):
    """Post-LN encoder layer (BERT)."""

    def __init__(self, c):
        super().__init__()
        self.attn = SelfAttention(c["hidden"], c["heads"], c["seq"])
        self.ln1 = nn.LayerNorm(c["hidden"], eps=1e-12)
        self.ff1 = nn.Linear(c["hidden"], c["ffn"])
        self.act = nn.GELU()
        self.ff2 = nn.Linear(c["ffn"], c["hidden"])
        self.ln2 = nn.LayerNorm(c["hidden"], eps=1e-12)

    def forward(self, x, mask_add):
        x = self.ln1(x + self.attn(x, mask_add))
        return self.ln2(x + self.ff2(self.act(self.ff1(x))))


class Bert(nn.Module):
    """BERT-base-like encoder: token + position embeddings, LayerNorm,
    N post-LN layers. Inputs: input_ids int64 [1,S], attention_mask int64
    [1,S] (1 = token, 0 = padding). Output: last hidden state [1,S,H]."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        self.tok = nn.Embedding(c["vocab"], c["hidden"])
        self.pos = nn.Embedding(c["max_pos"], c["hidden"])
        self.register_buffer("pos_ids", torch.arange(c["max_pos"]).view(1, -1), persistent=False)
        self.ln = nn.LayerNorm(c["hidden"], eps=1e-12)
        self.layers = nn.ModuleList([BertLayer(c) for _ in range(c["layers"])])

    def forward(self, input_ids, attention_mask):
        x = self.tok(input_ids) + self.pos(self.pos_ids[:, :self.c["seq"]])
        x = self.ln(x)
        mask_add = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        for layer in self.layers:
            x = layer(x, mask_add)
        return x


class GPT2Block(nn.Module):
    """Pre-LN decoder block (GPT-2)."""

    def __init__(self, c):
        super().__init__()
        self.ln1 = nn.LayerNorm(c["hidden"], eps=1e-5)
        self.attn = SelfAttention(c["hidden"], c["heads"], c["seq"], causal_len=c["max_pos"])
        self.ln2 = nn.LayerNorm(c["hidden"], eps=1e-5)
        self.fc = nn.Linear(c["hidden"], c["ffn"])
        self.act = nn.GELU()
        self.proj = nn.Linear(c["ffn"], c["hidden"])

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.proj(self.act(self.fc(self.ln2(x))))


class GPT2(nn.Module):
    """GPT-2-small-like causal decoder, prefill: input_ids int64 [1,S] ->
    logits [1,S,vocab]; token + learned position embeddings, N pre-LN
    blocks, final LayerNorm, LM head tied to the token embedding."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(c["vocab"], c["hidden"])
        self.wpe = nn.Embedding(c["max_pos"], c["hidden"])
        self.register_buffer("pos_ids", torch.arange(c["max_pos"]).view(1, -1), persistent=False)
        self.blocks = nn.ModuleList([GPT2Block(c) for _ in range(c["layers"])])
        self.ln_f = nn.LayerNorm(c["hidden"], eps=1e-5)

    def forward(self, input_ids):
        x = self.wte(input_ids) + self.wpe(self.pos_ids[:, :self.c["seq"]])
        for block in self.blocks:
            x = block(x)
        return torch.matmul(self.ln_f(x), self.wte.weight.t())   # tied LM head


def init_transformer(model, gen):
    """GPT-2/BERT-style init: N(0, 0.02) weights, small random biases and
    LayerNorm affine parameters (so that none of them is trivially 0 or 1)."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Embedding)):
            m.weight.data.copy_(torch.randn(m.weight.shape, generator=gen) * 0.02)
            if isinstance(m, nn.Linear):
                m.bias.data.copy_(torch.randn(m.bias.shape, generator=gen) * 0.02)
        elif isinstance(m, nn.LayerNorm):
            m.weight.data.copy_(1.0 + 0.1 * torch.randn(m.weight.shape, generator=gen))
            m.bias.data.copy_(0.1 * torch.randn(m.bias.shape, generator=gen))


class LstmLM(nn.Module):
    """Embedding -> N-layer LSTM -> Linear; tokens int64 [1,S] -> logits [1,S,vocab]."""

    def __init__(self, c):
        super().__init__()
        self.embed = nn.Embedding(c["vocab"], c["embed"])
        self.lstm = nn.LSTM(c["embed"], c["hidden"], num_layers=c["layers"], batch_first=True)
        self.head = nn.Linear(c["hidden"], c["vocab"])

    def forward(self, tokens):
        y, _ = self.lstm(self.embed(tokens))
        return self.head(y)


class BiGRU(nn.Module):
    """Bidirectional GRU; features float32 [1,S,F] -> output [1,S,2H]."""

    def __init__(self, c):
        super().__init__()
        self.gru = nn.GRU(c["features"], c["hidden"], num_layers=c["layers"],
                          batch_first=True, bidirectional=True)

    def forward(self, features):
        y, _ = self.gru(features)
        return y


def mnist_module():
    """The bundled demo CNN with the weights of examples/mnist/mnist_cnn.onnx
    (its initializer names are this nn.Sequential's state_dict keys)."""
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1))
    onnx_model = onnx.load(os.path.join(MNIST_DIR, "mnist_cnn.onnx"))
    state = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
             for t in onnx_model.graph.initializer}
    model.load_state_dict(state)
    return model


def build(name, size):
    """Returns (module in eval mode, [(input name, tensor)], [output names]).
    Deterministic: the same call gives the same weights and inputs."""
    c = CONFIG[name][size]
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    ign = torch.Generator().manual_seed(INPUT_SEED)
    with torch.no_grad():
        if name == "mnist_cnn":
            model = mnist_module()
            image = torch.from_numpy(np.load(os.path.join(MNIST_DIR, "digit7.npy")))
            inputs, outputs = [("image", image)], ["probabilities"]
        elif name in ("resnet50", "resnet50_b8", "mobilenet_v2"):
            import torchvision
            resnet = name.startswith("resnet50")
            if resnet and size == "full":
                model = torchvision.models.resnet50(weights=None, num_classes=c["classes"])
            elif resnet:
                model = SmallResNet(c["stem"], c["planes"], c["blocks"], c["classes"])
            else:
                model = torchvision.models.mobilenet_v2(weights=None, num_classes=c["classes"],
                                                        width_mult=c["width"])
            randomize_batchnorm(model, gen)
            image = torch.randn(c.get("batch", 1), 3, c["image"], c["image"], generator=ign)
            inputs, outputs = [("input", image)], ["logits"]
        elif name == "bert_base":
            model = Bert(c)
            init_transformer(model, gen)
            ids = torch.randint(0, c["vocab"], (1, c["seq"]), generator=ign)
            mask = torch.ones(1, c["seq"], dtype=torch.int64)
            mask[:, c["seq"] - c["pad"]:] = 0          # trailing padding
            inputs = [("input_ids", ids), ("attention_mask", mask)]
            outputs = ["last_hidden_state"]
        elif name == "gpt2_small":
            model = GPT2(c)
            init_transformer(model, gen)
            ids = torch.randint(0, c["vocab"], (1, c["seq"]), generator=ign)
            inputs, outputs = [("input_ids", ids)], ["logits"]
        elif name == "lstm_lm":
            model = LstmLM(c)
            tokens = torch.randint(0, c["vocab"], (1, c["seq"]), generator=ign)
            inputs, outputs = [("tokens", tokens)], ["logits"]
        elif name == "bigru":
            model = BiGRU(c)
            feats = torch.randn(1, c["seq"], c["features"], generator=ign)
            inputs, outputs = [("features", feats)], ["output"]
        else:
            raise ValueError(f"unknown model {name}")
    model.eval()
    return model, inputs, outputs


# --------------------------------------------------------------------------
# FLOPs (on the exported graph)
# --------------------------------------------------------------------------

def _shapes(model):
    """Static shapes of every value, from ONNX shape inference."""
    shapes = {}
    inferred = shape_inference.infer_shapes(model)
    g = inferred.graph
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        t = vi.type.tensor_type
        if t.HasField("shape"):
            dims = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
            shapes[vi.name] = dims
    for init in g.initializer:
        shapes[init.name] = list(init.dims)
    return shapes


def count_flops(model):
    """2 x MACs of Conv/ConvTranspose/Gemm/MatMul/LSTM/GRU/RNN nodes.
    Returns (flops, per op type flops, list of nodes whose shape is unknown)."""
    shapes = _shapes(model)
    per_op = collections.Counter()
    unknown = []

    def shp(name):
        s = shapes.get(name)
        return s if s is not None and all(d is not None for d in s) else None

    for node in model.graph.node:
        op = node.op_type
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        macs = None
        if op in ("Conv", "ConvTranspose"):
            x, w, y = shp(node.input[0]), shp(node.input[1]), shp(node.output[0])
            if w and y and x:
                # W is [Cout, Cin/group, k...] (Conv) or [Cin, Cout/group, k...].
                # Conv: every output element takes Cin/group * prod(kernel) MACs.
                # ConvTranspose: every input element scatters Cout/group * prod(kernel).
                if op == "Conv":
                    macs = math.prod(y) * w[1] * math.prod(w[2:])
                else:
                    macs = math.prod(x) * w[1] * math.prod(w[2:])
        elif op == "Gemm":
            a, y = shp(node.input[0]), shp(node.output[0])
            if a and y:
                k = a[0] if attrs.get("transA", 0) else a[1]
                macs = y[0] * y[1] * k
        elif op == "MatMul":
            a, y = shp(node.input[0]), shp(node.output[0])
            if a and y:
                macs = math.prod(y) * a[-1]
        elif op in ("LSTM", "GRU", "RNN"):
            x, w, r = shp(node.input[0]), shp(node.input[1]), shp(node.input[2])
            if x and w and r:
                seq, batch = (x[1], x[0]) if attrs.get("layout", 0) else (x[0], x[1])
                dirs, gh, inp = w            # W: [dirs, gates*H, input]
                hidden = r[2]
                macs = seq * batch * dirs * gh * (inp + hidden)
        else:
            continue
        if macs is None:
            unknown.append(node.name or op)
        else:
            per_op[op] += 2 * macs
    return sum(per_op.values()), dict(per_op), unknown


def op_histogram(model):
    return dict(sorted(collections.Counter(n.op_type for n in model.graph.node).items(),
                       key=lambda kv: (-kv[1], kv[0])))


# --------------------------------------------------------------------------
# Export and files
# --------------------------------------------------------------------------

def save_tensor(array, tensor_name, stem):
    np.save(stem + ".npy", array)
    with open(stem + ".pb", "wb") as f:
        f.write(numpy_helper.from_array(array, tensor_name).SerializeToString())


def link_or_copy(src, dst):
    if os.path.exists(dst):
        os.remove(dst)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def export(name, size, out_root, check=True):
    t0 = time.time()
    model, inputs, output_names = build(name, size)
    out = os.path.join(out_root, dir_name(name, size))
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, "test_data_set_0"))
    onnx_path = os.path.join(tmp, "model.onnx")
    args = tuple(t for _, t in inputs)
    with torch.no_grad():
        ref = model(*args)
    refs = [ref] if isinstance(ref, torch.Tensor) else list(ref)
    if name == "mnist_cnn":
        # The bundled demo model, as it is (opset 13).
        shutil.copyfile(os.path.join(MNIST_DIR, "mnist_cnn.onnx"), onnx_path)
        bundled = np.load(os.path.join(MNIST_DIR, "digit7_probabilities.npy"))
        if not np.allclose(refs[0].numpy(), bundled, rtol=1e-4, atol=1e-6):
            raise RuntimeError("mnist_cnn: rebuilt PyTorch module disagrees with the bundled output")
    else:
        with torch.no_grad(), warnings.catch_warnings():
            # torch 1.13's exporter warns about LSTM batch sizes and missing
            # shape inference for prim::Constant; neither applies here.
            warnings.simplefilter("ignore")
            torch.onnx.export(model, args, onnx_path, opset_version=OPSET,
                              do_constant_folding=True,
                              input_names=[n for n, _ in inputs], output_names=output_names)
    onnx_model = onnx.load(onnx_path)
    if check:
        onnx.checker.check_model(onnx_model)
    graph_inputs = [i.name for i in onnx_model.graph.input]
    graph_outputs = [o.name for o in onnx_model.graph.output]
    if graph_inputs != [n for n, _ in inputs] or graph_outputs != output_names:
        raise RuntimeError(f"{name}: graph inputs/outputs {graph_inputs}/{graph_outputs} "
                           f"differ from {[n for n, _ in inputs]}/{output_names}")

    meta_inputs, meta_outputs = [], []
    for i, (iname, t) in enumerate(inputs):
        arr = t.numpy()
        save_tensor(arr, iname, os.path.join(tmp, f"input_{i}"))
        link_or_copy(os.path.join(tmp, f"input_{i}.pb"),
                     os.path.join(tmp, "test_data_set_0", f"input_{i}.pb"))
        meta_inputs.append(dict(name=iname, file=f"input_{i}.npy", dtype=str(arr.dtype),
                                shape=list(arr.shape)))
    for i, (oname, t) in enumerate(zip(output_names, refs)):
        arr = t.detach().numpy().astype(np.float32)
        save_tensor(arr, oname, os.path.join(tmp, f"output_{i}"))
        link_or_copy(os.path.join(tmp, f"output_{i}.pb"),
                     os.path.join(tmp, "test_data_set_0", f"output_{i}.pb"))
        meta_outputs.append(dict(name=oname, file=f"output_{i}.npy", dtype=str(arr.dtype),
                                 shape=list(arr.shape),
                                 max_abs=float(np.abs(arr).max()) if arr.size else 0.0))

    flops, flops_by_op, unknown = count_flops(onnx_model)
    hist = op_histogram(onnx_model)
    params = sum(int(np.prod(t.dims)) for t in onnx_model.graph.initializer)
    meta = dict(
        name=name, size=size, dir=dir_name(name, size), family=FAMILY[name],
        config=CONFIG[name][size],
        opset=max(o.version for o in onnx_model.opset_import if o.domain in ("", "ai.onnx")),
        inputs=meta_inputs, outputs=meta_outputs,
        flops=flops, flops_by_op=flops_by_op, flops_unknown_nodes=unknown,
        op_histogram=hist, nodes=len(onnx_model.graph.node), params=params,
        onnx_bytes=os.path.getsize(onnx_path),
        torch=torch.__version__, onnx=onnx.__version__,
        generator_version=generator_version(),
        seconds=round(time.time() - t0, 2))
    with open(os.path.join(tmp, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    return meta


def print_meta(meta):
    print(f"{meta['dir']}: {meta['flops'] / 1e9:.3f} GFLOP, {meta['params'] / 1e6:.2f} M params, "
          f"{meta['onnx_bytes'] / 2**20:.1f} MiB, {meta['nodes']} nodes, opset {meta['opset']}, "
          f"{meta['seconds']} s")
    print("  inputs:  " + ", ".join(f"{i['name']} {i['dtype']}{i['shape']}" for i in meta["inputs"]))
    print("  outputs: " + ", ".join(f"{o['name']} {o['dtype']}{o['shape']}" for o in meta["outputs"]))
    print("  ops:     " + ", ".join(f"{k} {v}" for k, v in meta["op_histogram"].items()))
    if meta["flops_unknown_nodes"]:
        print(f"  warning: FLOPs not counted for {meta['flops_unknown_nodes']} (unknown shapes)")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--models", default="all", help=f"comma-separated, from {','.join(MODELS)}")
    ap.add_argument("--size", choices=["small", "full"], default="small")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    ap.add_argument("--no-check", action="store_true", help="skip onnx.checker")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    for name in parse_models(args.models):
        meta = export(name, args.size, args.out, check=not args.no_check)
        print_meta(meta)


if __name__ == "__main__":
    main()
