# Writes a MobileNetV2-like model and a random input:
#   make_inverted_residual_model.py OUT.onnx OUT_INPUT.npy
# Two inverted residual blocks on 64 x 64 maps whose expanded tensors
# (1.2 MB and 1.6 MB) are large enough to run in row bands: 16 -> 72
# channels, Clip, depthwise 3x3 stride 1, Clip, 72 -> 16, residual Add; then
# 16 -> 96, Clip, depthwise 3x3 stride 2, Clip, 96 -> 24. Then global
# average pooling, Flatten and a fully connected layer with 100 classes (a
# Gemm whose N is not a multiple of the kernels' channel tiles).
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(11)
inits, nodes = [], []


def const(name, array):
    inits.append(numpy_helper.from_array(array.astype(np.float32), name))
    return name


def conv(name, x, cin, cout, k, stride=1, group=1):
    w = const(name + ".w", rng.standard_normal((cout, cin // group, k, k)) *
              (1.0 / np.sqrt(cin // group * k * k)))
    b = const(name + ".b", rng.standard_normal(cout) * 0.1)
    nodes.append(helper.make_node(
        "Conv", [x, w, b], [name], name=name, group=group,
        strides=[stride, stride], pads=[(k - 1) // 2] * 4))
    return name


lo, hi = const("lo", np.array(0.0)), const("hi", np.array(6.0))


def clip(name, x):
    nodes.append(helper.make_node("Clip", [x, lo, hi], [name], name=name))
    return name


def block(prefix, x, cin, cexp, cout, stride):
    e = clip(prefix + ".clip0", conv(prefix + ".expand", x, cin, cexp, 1))
    d = clip(prefix + ".clip1",
             conv(prefix + ".dw", e, cexp, cexp, 3, stride, group=cexp))
    return conv(prefix + ".project", d, cexp, cout, 1)


p1 = block("b1", "x", 16, 72, 16, 1)
nodes.append(helper.make_node("Add", [p1, "x"], ["r1"], name="residual"))
p2 = block("b2", "r1", 16, 96, 24, 2)
nodes.append(helper.make_node("GlobalAveragePool", [p2], ["gap"], name="gap"))
nodes.append(helper.make_node("Flatten", ["gap"], ["flat"], name="flatten"))
fc_w = const("fc.w", rng.standard_normal((100, 24)) * 0.2)
fc_b = const("fc.b", rng.standard_normal(100))
nodes.append(helper.make_node("Gemm", ["flat", fc_w, fc_b], ["logits"],
                              name="fc", transB=1))
graph = helper.make_graph(
    nodes, "inverted_residual",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16, 64, 64])],
    [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 100]),
     helper.make_tensor_value_info(p2, TensorProto.FLOAT, [1, 24, 32, 32])],
    inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
np.save(sys.argv[2], rng.standard_normal((1, 16, 64, 64)).astype(np.float32))
