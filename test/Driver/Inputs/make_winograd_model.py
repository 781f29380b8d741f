# Writes a model whose 3x3 convolutions take Winograd F(2x2, 3x3) where they
# qualify, and a random input:
#   make_winograd_model.py OUT.onnx OUT_INPUT.npy
#   wa: 3x3, 32 -> 32, bias, Relu                      (Winograd, bias)
#   wb: 3x3, 32 -> 48, no bias, + a 1x1 shortcut, Relu (Winograd, no bias)
#   ds: 3x3 stride 2, 48 -> 32                         (direct)
#   wo: 3x3 on 6x5, odd width                          (Winograd, 6 x 6 tiles
#                                                       cut back to 6 x 5)
#   vo: 3x3 unpadded on 6x5 -> 4x3, width 3            (direct: too small)
# The maps are not square (12 x 10) so that rows and columns of tiles differ.
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(11)
inits = []


def weight(name, f, c, k):
    inits.append(numpy_helper.from_array(
        (rng.standard_normal((f, c, k, k)) / np.sqrt(c * k * k)).astype(
            np.float32), name))
    return name


def bias(name, f):
    inits.append(numpy_helper.from_array(
        (rng.standard_normal(f) * 0.2).astype(np.float32), name))
    return name


nodes = [
    helper.make_node("Conv", ["x", weight("wa", 32, 32, 3), bias("ba", 32)],
                     ["a"], name="wa", pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["a"], ["ar"], name="ra"),
    helper.make_node("Conv", ["ar", weight("wb", 48, 32, 3)], ["b"],
                     name="wb", pads=[1, 1, 1, 1]),
    helper.make_node("Conv", ["x", weight("ws", 48, 32, 1), bias("bs", 48)],
                     ["s"], name="shortcut"),
    helper.make_node("Add", ["b", "s"], ["bs_sum"], name="residual"),
    helper.make_node("Relu", ["bs_sum"], ["br"], name="rb"),
    helper.make_node("Conv", ["br", weight("wd", 32, 48, 3), bias("bd", 32)],
                     ["d"], name="ds", pads=[1, 1, 1, 1], strides=[2, 2]),
    helper.make_node("Conv", ["d", weight("wo", 32, 32, 3), bias("bo", 32)],
                     ["o"], name="wo", pads=[1, 1, 1, 1]),
    helper.make_node("Conv", ["o", weight("wv", 32, 32, 3), bias("bv", 32)],
                     ["y"], name="vo"),
]
graph = helper.make_graph(
    nodes, "winograd",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 32, 12, 10])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 32, 4, 3])],
    inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
np.save(sys.argv[2], rng.standard_normal((1, 32, 12, 10)).astype(np.float32))
