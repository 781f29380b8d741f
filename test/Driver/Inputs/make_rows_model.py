# Writes a model with one 3x3 convolution on a small feature map (weights
# outweigh the input, so nncc-vectorize-convolutions tiles it with
# multi-row register tiles), and a random input:
#   make_rows_model.py CASE OUT.onnx OUT_INPUT.npy
# The cases cover 7x7 maps (rows and columns left over), stride 2, dilation
# 2 with odd H and W, and a residual Add + Relu epilogue.
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CASES = {
    "7x7": dict(c=64, f=48, h=7, w=7, s=1, d=1, residual=False),
    "stride2": dict(c=32, f=64, h=15, w=15, s=2, d=1, residual=False),
    "dilated-odd": dict(c=24, f=64, h=13, w=7, s=1, d=2, residual=False),
    "residual": dict(c=64, f=64, h=7, w=7, s=1, d=1, residual=True),
}
k = CASES[sys.argv[1]]
c, f, h, w, s, d = k["c"], k["f"], k["h"], k["w"], k["s"], k["d"]
rng = np.random.default_rng(11)
f32 = lambda a: a.astype(np.float32)
inits = [
    numpy_helper.from_array(f32(rng.standard_normal((f, c, 3, 3)) * 0.1), "w"),
    numpy_helper.from_array(f32(rng.standard_normal(f)), "b"),
]
nodes = [helper.make_node("Conv", ["x", "w", "b"], ["conv"], name="conv",
                          strides=[s, s], dilations=[d, d],
                          pads=[d, d, d, d])]
oh, ow = (h + 2 * d - 2 * d - 1) // s + 1, (w + 2 * d - 2 * d - 1) // s + 1
last = "conv"
if k["residual"]:
    nodes.append(helper.make_node("Add", ["conv", "x"], ["sum"], name="add"))
    last = "sum"
nodes.append(helper.make_node("Relu", [last], ["y"], name="relu"))
graph = helper.make_graph(
    nodes, "rows",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, h, w])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, f, oh, ow])],
    inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[2])
np.save(sys.argv[3], f32(rng.standard_normal((1, c, h, w))))
