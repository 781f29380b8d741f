#!/usr/bin/env python3
"""Exports tiny torch.nn.LSTM / torch.nn.GRU models for nncc's e2e tests.

lstm_small and gru_small are 2-layer bidirectional networks with initial
states; torch slices each layer's states out of h0/c0 with ONNX Slice.
lstm_bidi_1layer and gru_bidi_1layer are the same with one layer (no Slice in
the graph). The onnx_* cases are single ONNX LSTM/GRU/RNN nodes for what
torch does not export (GRU with linear_before_reset = 0, "reverse",
peepholes, zero initial states, seq > 1) with expected outputs from a numpy
transcription of the ONNX operator definitions.

Run with Debian's Python (python3-torch 1.13, python3-onnx 1.12):
    /usr/bin/python3 test/e2e/models/make_rnn_models.py
Writes, for each model, a directory in the ONNX backend-test layout:
    <name>/model.onnx
    <name>/test_data_set_0/input_<i>.pb, output_<i>.pb
The expected outputs are PyTorch's. The weights come from a fixed seed, so
the files are reproducible; they are tiny (a few KB) and committed.
"""
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
SEQ, BATCH, INPUT, HIDDEN, LAYERS = 5, 1, 4, 3, 2


class LSTMModel(torch.nn.Module):
    """Bidirectional LSTM with initial states (h0, c0)."""

    def __init__(self, layers):
        super().__init__()
        self.rnn = torch.nn.LSTM(INPUT, HIDDEN, num_layers=layers,
                                 bidirectional=True)

    def forward(self, x, h0, c0):
        y, (h, c) = self.rnn(x, (h0, c0))
        return y, h, c


class GRUModel(torch.nn.Module):
    """Bidirectional GRU (linear_before_reset = 1) with an initial state h0."""

    def __init__(self, layers):
        super().__init__()
        self.rnn = torch.nn.GRU(INPUT, HIDDEN, num_layers=layers,
                                bidirectional=True)

    def forward(self, x, h0):
        y, h = self.rnn(x, h0)
        return y, h


def save_tensor(array, name, path):
    tensor = numpy_helper.from_array(array, name)
    with open(path, "wb") as f:
        f.write(tensor.SerializeToString())


def export(model, inputs, input_names, output_names, name):
    out_dir = os.path.join(HERE, name)
    data_dir = os.path.join(out_dir, "test_data_set_0")
    os.makedirs(data_dir, exist_ok=True)
    model.eval()
    with torch.no_grad():
        outputs = model(*inputs)
    torch.onnx.export(model, inputs, os.path.join(out_dir, "model.onnx"),
                      input_names=input_names, output_names=output_names,
                      opset_version=17, do_constant_folding=True)
    for i, (t, n) in enumerate(zip(inputs, input_names)):
        save_tensor(t.numpy(), n, os.path.join(data_dir, f"input_{i}.pb"))
    for i, (t, n) in enumerate(zip(outputs, output_names)):
        save_tensor(t.numpy(), n, os.path.join(data_dir, f"output_{i}.pb"))
    print("wrote", out_dir)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def onnx_reference(kind, x, w, r, b, h0, c0, p, direction, lbr):
    """Y, Y_h, Y_c of ONNX LSTM/GRU/RNN (layout 0, default activations)."""
    seq, batch, _ = x.shape
    dirs, hidden = w.shape[0], r.shape[2]
    y = np.zeros((seq, dirs, batch, hidden), np.float32)
    y_h = np.zeros((dirs, batch, hidden), np.float32)
    y_c = np.zeros_like(y_h)
    for d in range(dirs):
        reverse = direction == "reverse" or d == 1
        h, c = h0[d].copy(), c0[d].copy()
        wb, rb = np.split(b[d], 2)
        for step in range(seq):
            t = seq - 1 - step if reverse else step
            xt = x[t]
            if kind == "RNN":
                h = np.tanh(xt @ w[d].T + h @ r[d].T + wb + rb)
            elif kind == "GRU":
                wz, wr, wh = np.split(w[d], 3)
                rz, rr, rh = np.split(r[d], 3)
                wbz, wbr, wbh = np.split(wb, 3)
                rbz, rbr, rbh = np.split(rb, 3)
                z = sigmoid(xt @ wz.T + h @ rz.T + wbz + rbz)
                rt = sigmoid(xt @ wr.T + h @ rr.T + wbr + rbr)
                if lbr:
                    n = np.tanh(xt @ wh.T + rt * (h @ rh.T + rbh) + wbh)
                else:
                    n = np.tanh(xt @ wh.T + (rt * h) @ rh.T + rbh + wbh)
                h = (1 - z) * n + z * h
            else:
                gates = xt @ w[d].T + h @ r[d].T + wb + rb
                gi, go, gf, gc = np.split(gates, 4, axis=1)
                pi, po, pf = np.split(p[d], 3)
                i = sigmoid(gi + pi * c)
                f = sigmoid(gf + pf * c)
                c = f * c + i * np.tanh(gc)
                h = sigmoid(go + po * c) * np.tanh(c)
            y[t, d] = h
        y_h[d], y_c[d] = h, c
    return y, y_h, y_c


def export_onnx_node(kind, direction, lbr, with_states, name, rng):
    """One ONNX node with random weights and numpy expected outputs."""
    seq, batch, inp, hidden = 4, 2, 3, 5
    dirs = 2 if direction == "bidirectional" else 1
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]

    def rand(*shape):
        return (rng.standard_normal(shape) * 0.5).astype(np.float32)

    x, w, r = rand(seq, batch, inp), rand(dirs, gates * hidden, inp), \
        rand(dirs, gates * hidden, hidden)
    b, p = rand(dirs, 2 * gates * hidden), rand(dirs, 3 * hidden)
    zeros = np.zeros((dirs, batch, hidden), np.float32)
    h0 = rand(dirs, batch, hidden) if with_states else zeros
    c0 = rand(dirs, batch, hidden) if with_states else zeros
    if kind != "LSTM":
        p = np.zeros_like(p)
    y, y_h, y_c = onnx_reference(kind, x, w, r, b, h0, c0, p, direction, lbr)
    inputs = [("X", x), ("W", w), ("R", r), ("B", b)]
    names = ["X", "W", "R", "B"]
    if with_states:
        names += ["", "initial_h"]
        inputs.append(("initial_h", h0))
    if kind == "LSTM":
        if with_states:
            names.append("initial_c")
            inputs.append(("initial_c", c0))
        else:
            names += ["", "", ""]
        names.append("P")
        inputs.append(("P", p))
    outputs = [("Y", y), ("Y_h", y_h)] + ([("Y_c", y_c)] if kind == "LSTM" else [])
    attrs = {"hidden_size": hidden, "direction": direction}
    if kind == "GRU":
        attrs["linear_before_reset"] = lbr
    node = helper.make_node(kind, names, [n for n, _ in outputs], **attrs)
    value_info = lambda n, v: helper.make_tensor_value_info(
        n, TensorProto.FLOAT, v.shape)
    graph = helper.make_graph([node], name,
                              [value_info(n, v) for n, v in inputs],
                              [value_info(n, v) for n, v in outputs])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    out_dir = os.path.join(HERE, name)
    data_dir = os.path.join(out_dir, "test_data_set_0")
    os.makedirs(data_dir, exist_ok=True)
    onnx.save(model, os.path.join(out_dir, "model.onnx"))
    for i, (n, v) in enumerate(inputs):
        save_tensor(v, n, os.path.join(data_dir, f"input_{i}.pb"))
    for i, (n, v) in enumerate(outputs):
        save_tensor(v, n, os.path.join(data_dir, f"output_{i}.pb"))
    print("wrote", out_dir)


def main():
    torch.manual_seed(0)
    x = torch.randn(SEQ, BATCH, INPUT)
    for layers, suffix in ((LAYERS, "small"), (1, "bidi_1layer")):
        states = (layers * 2, BATCH, HIDDEN)
        export(LSTMModel(layers),
               (x, torch.randn(*states), torch.randn(*states)),
               ["x", "h0", "c0"], ["y", "h_n", "c_n"], "lstm_" + suffix)
        export(GRUModel(layers), (x, torch.randn(*states)), ["x", "h0"],
               ["y", "h_n"], "gru_" + suffix)
    rng = np.random.default_rng(0)
    export_onnx_node("GRU", "bidirectional", 0, False, "onnx_gru_bidi_zero_states", rng)
    export_onnx_node("GRU", "reverse", 1, True, "onnx_gru_reverse_lbr", rng)
    export_onnx_node("LSTM", "bidirectional", 0, False, "onnx_lstm_bidi_peepholes", rng)
    export_onnx_node("LSTM", "reverse", 0, True, "onnx_lstm_reverse_peepholes", rng)
    export_onnx_node("RNN", "reverse", 0, True, "onnx_rnn_reverse", rng)


if __name__ == "__main__":
    main()
