# Writes a model with three 3x3 convolutions whose only consumers are
# HardSwish, HardSigmoid and SiLU (x * Sigmoid(x)), and a random input:
#   make_epilogue_model.py OUT.onnx OUT_INPUT.npy
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(5)
c, f, h, w = 8, 16, 9, 9
inits, nodes = [], []
for i in range(3):
    inits.append(numpy_helper.from_array(
        rng.standard_normal((f, c, 3, 3)).astype(np.float32) * 0.3, f"w{i}"))
    inits.append(numpy_helper.from_array(
        rng.standard_normal(f).astype(np.float32), f"b{i}"))
    nodes.append(helper.make_node("Conv", ["x", f"w{i}", f"b{i}"], [f"c{i}"],
                                  name=f"conv{i}", pads=[1, 1, 1, 1]))
nodes.append(helper.make_node("HardSwish", ["c0"], ["hswish"], name="hswish"))
nodes.append(helper.make_node("HardSigmoid", ["c1"], ["hsigmoid"],
                              name="hsigmoid", alpha=0.25, beta=0.4))
nodes.append(helper.make_node("Sigmoid", ["c2"], ["sig"], name="sigmoid"))
nodes.append(helper.make_node("Mul", ["c2", "sig"], ["silu"], name="silu"))
out = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, f, h, w])
graph = helper.make_graph(
    nodes, "epilogues",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, h, w])],
    [out("hswish"), out("hsigmoid"), out("silu")], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
np.save(sys.argv[2], rng.standard_normal((1, c, h, w)).astype(np.float32) * 2)
