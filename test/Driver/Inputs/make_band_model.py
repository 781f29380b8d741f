# Writes an expand (1x1) + Clip + depthwise 3x3 model whose expanded tensor
# is over 1 MiB (so nn-band-depthwise splits it into row bands), and a
# random input:  make_band_model.py CASE OUT.onnx OUT_INPUT.npy
# The cases cover odd map sizes, stride 2 and 3, dilation 2 and asymmetric
# pads, where each band's input rows and border padding differ.
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CASES = {
    "stride2-odd": dict(h=61, w=47, c=8, e=120, s=2, d=1, p=[1, 1, 1, 1]),
    "dilated": dict(h=50, w=50, c=16, e=128, s=1, d=2, p=[2, 2, 2, 2]),
    "asymmetric": dict(h=57, w=40, c=8, e=144, s=2, d=1, p=[0, 1, 1, 0]),
    "stride3": dict(h=45, w=45, c=8, e=160, s=3, d=1, p=[1, 1, 1, 1]),
}
k = CASES[sys.argv[1]]
h, w, c, e, s, d, p = k["h"], k["w"], k["c"], k["e"], k["s"], k["d"], k["p"]
rng = np.random.default_rng(3)
f32 = lambda a: a.astype(np.float32)
inits = [
    numpy_helper.from_array(f32(rng.standard_normal((e, c, 1, 1)) * 0.3), "w1"),
    numpy_helper.from_array(f32(rng.standard_normal(e)), "b1"),
    numpy_helper.from_array(f32(rng.standard_normal((e, 1, 3, 3)) * 0.3), "w2"),
    numpy_helper.from_array(np.array(0, np.float32), "lo"),
    numpy_helper.from_array(np.array(6, np.float32), "hi"),
]
nodes = [
    helper.make_node("Conv", ["x", "w1", "b1"], ["e"], name="expand"),
    helper.make_node("Clip", ["e", "lo", "hi"], ["r"], name="clip"),
    helper.make_node("Conv", ["r", "w2"], ["y"], name="dw", group=e,
                     strides=[s, s], dilations=[d, d], pads=p,
                     kernel_shape=[3, 3]),
]
oh = (h + p[0] + p[2] - 2 * d - 1) // s + 1
ow = (w + p[1] + p[3] - 2 * d - 1) // s + 1
graph = helper.make_graph(
    nodes, sys.argv[1],
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, h, w])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, e, oh, ow])],
    inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.checker.check_model(model)
onnx.save(model, sys.argv[2])
np.save(sys.argv[3], f32(rng.standard_normal((1, c, h, w))))
