#!/usr/bin/env python3
"""Regenerates the small binary ONNX models used by nncc's lit tests.

Run with Debian's Python (python3-onnx): /usr/bin/python3 make_test_models.py
Textual ONNX cannot name nodes, so the tests that pin how node names appear
in diagnostics use these binary models.
"""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))


def save(model, name):
    path = os.path.join(HERE, name)
    onnx.save(model, path)
    print("wrote", path)


def unknown_ops():
    """Two unsupported ops with node names, plus a supported one."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
    z = helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 4])
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="relu1"),
        helper.make_node("Celu", ["a"], ["b"], name="celu_block/act"),
        helper.make_node("Hardmax", ["b"], ["z"], name="head/hardmax"),
    ]
    graph = helper.make_graph(nodes, "unknown_ops", [x], [z])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def bad_conv():
    """A named Conv whose weight does not match the input channels."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 5, 5])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 3, 3])
    w = helper.make_tensor("w", TensorProto.FLOAT, [4, 3, 3, 3], [0.0] * 108)
    nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="backbone/conv1")]
    graph = helper.make_graph(nodes, "bad_conv", [x], [y], initializer=[w])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


if __name__ == "__main__":
    save(unknown_ops(), "unknown_ops.onnx")
    save(bad_conv(), "bad_conv.onnx")
