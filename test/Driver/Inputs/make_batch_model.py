# Writes a model on a batch of 4 images and a random input:
#   make_batch_model.py CASE OUT.onnx OUT_INPUT.npy
# Cases:
#   cnn      convolutions (one with a residual Add), max pool, global average
#            pool, flatten, Gemm and softmax: every op keeps images apart.
#   reduce   x - ReduceMean(x over the batch): mixes images.
#   reshape  a Reshape to an explicit [4, -1] (the batch written into the
#            shape): keeps images apart at batch 4 but is another graph at
#            batch 1.
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

case, out, inp = sys.argv[1:4]
n, c, h = 4, 8, 10
rng = np.random.default_rng(5)
f32 = lambda a: a.astype(np.float32)
inits, nodes = [], []


def const(name, a):
    inits.append(numpy_helper.from_array(a, name))
    return name


def conv(x, y, ci, co, k, name):
    w = const(name + "_w", f32(rng.standard_normal((co, ci, k, k)) * 0.2))
    b = const(name + "_b", f32(rng.standard_normal(co) * 0.1))
    nodes.append(helper.make_node("Conv", [x, w, b], [y], name=name,
                                  pads=[k // 2] * 4))


if case == "cnn":
    conv("x", "c1", c, 16, 3, "conv1")
    nodes.append(helper.make_node("Relu", ["c1"], ["r1"], name="relu1"))
    conv("r1", "c2", 16, 16, 3, "conv2")
    nodes.append(helper.make_node("Add", ["c2", "r1"], ["a2"], name="add2"))
    nodes.append(helper.make_node("Relu", ["a2"], ["r2"], name="relu2"))
    nodes.append(helper.make_node("MaxPool", ["r2"], ["p"], name="pool",
                                  kernel_shape=[2, 2], strides=[2, 2]))
    conv("p", "c3", 16, 32, 1, "conv3")
    nodes.append(helper.make_node("GlobalAveragePool", ["c3"], ["g"],
                                  name="gap"))
    nodes.append(helper.make_node("Flatten", ["g"], ["f"], name="flatten"))
    fw = const("fc_w", f32(rng.standard_normal((10, 32)) * 0.3))
    fb = const("fc_b", f32(rng.standard_normal(10) * 0.1))
    nodes.append(helper.make_node("Gemm", ["f", fw, fb], ["fc"], name="fc",
                                  transB=1))
    nodes.append(helper.make_node("Softmax", ["fc"], ["y"], name="softmax",
                                  axis=1))
    out_shape = [n, 10]
elif case == "reduce":
    nodes.append(helper.make_node("ReduceMean", ["x"], ["m"], name="batch_mean",
                                  axes=[0], keepdims=1))
    nodes.append(helper.make_node("Sub", ["x", "m"], ["y"], name="center"))
    out_shape = [n, c, h, h]
elif case == "reshape":
    conv("x", "c1", c, 16, 1, "conv1")
    nodes.append(helper.make_node("GlobalAveragePool", ["c1"], ["g"],
                                  name="gap"))
    shape = const("shape", np.array([n, -1], np.int64))
    nodes.append(helper.make_node("Reshape", ["g", shape], ["y"],
                                  name="reshape"))
    out_shape = [n, 16]
else:
    sys.exit("unknown case " + case)

graph = helper.make_graph(
    nodes, case, [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                [n, c, h, h])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.save(model, out)
np.save(inp, f32(rng.standard_normal((n, c, h, h))))
