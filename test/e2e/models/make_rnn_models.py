#!/usr/bin/env python3
"""Exports tiny torch.nn.LSTM / torch.nn.GRU models for nncc's e2e tests.

lstm_small and gru_small are 2-layer bidirectional networks with initial
states; torch slices each layer's states out of h0/c0 with ONNX Slice.
lstm_bidi_1layer and gru_bidi_1layer are the same with one layer (no Slice in
the graph).

Run with Debian's Python (python3-torch 1.13, python3-onnx 1.12):
    /usr/bin/python3 test/e2e/models/make_rnn_models.py
Writes, for each model, a directory in the ONNX backend-test layout:
    <name>/model.onnx
    <name>/test_data_set_0/input_<i>.pb, output_<i>.pb
The expected outputs are PyTorch's. The weights come from a fixed seed, so
the files are reproducible; they are tiny (a few KB) and committed.
"""
import os

import torch
from onnx import numpy_helper

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


if __name__ == "__main__":
    main()
