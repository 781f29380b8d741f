# Writes a model with BatchNormalization after convolutions and Pads of
# every mode (some foldable into a convolution or an average pool, some
# not), a random input, and the outputs computed with NumPy:
#   make_pad_bn_model.py OUT.onnx OUT_INPUT.npy OUT_EXPECTED_DIR
# Opset 19.
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(11)
c, f, h, w = 8, 16, 10, 12
inits, nodes = [], []


def const(name, value):
    inits.append(numpy_helper.from_array(np.asarray(value), name))
    return name


def conv_ref(x, wt, b, pads):
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    kh, kw = wt.shape[2:]
    oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    y = np.zeros((x.shape[0], wt.shape[0], oh, ow))
    for i in range(kh):
        for j in range(kw):
            y += np.einsum("nchw,fc->nfhw", x[:, :, i:i + oh, j:j + ow],
                           wt[:, :, i, j])
    return y + b.reshape(1, -1, 1, 1)


def bn_ref(x, s, b, m, v, eps):
    r = lambda a: a.reshape(1, -1, 1, 1)
    return (x - r(m)) / np.sqrt(r(v) + eps) * r(s) + r(b)


def bn_params(i):
    p = [rng.uniform(0.5, 1.5, f), rng.standard_normal(f) * 0.2,
         rng.standard_normal(f) * 0.2, rng.uniform(0.2, 2.0, f)]
    p = [a.astype(np.float32) for a in p]
    names = [const(f"bn{i}_{k}", a) for k, a in zip("sbmv", p)]
    return names, p


x = (rng.standard_normal((1, c, h, w)) * 2).astype(np.float32)
w0 = (rng.standard_normal((f, c, 3, 3)) * 0.2).astype(np.float32)
w1 = (rng.standard_normal((f, f, 3, 3)) * 0.2).astype(np.float32)
b1 = (rng.standard_normal(f) * 0.2).astype(np.float32)
const("w0", w0), const("w1", w1), const("b1", b1)
zero_hw = const("zero_hw", np.array([1, 1, 2, 0], np.int64))
hw = const("hw", np.array([2, 3], np.int64))
n0, p0 = bn_params(0)
n1, p1 = bn_params(1)

# Zero pad of H, W (folds) -> conv -> BatchNorm (folds) -> Relu.
nodes.append(helper.make_node("Pad", ["x", zero_hw, "", hw], ["xp"],
                              name="pad_zero"))
nodes.append(helper.make_node("Conv", ["xp", "w0"], ["c0"], name="conv0"))
nodes.append(helper.make_node("BatchNormalization", ["c0"] + n0, ["bn0"],
                              name="bn0", epsilon=1e-3))
nodes.append(helper.make_node("Relu", ["bn0"], ["r0"], name="relu0"))
r0 = np.maximum(bn_ref(conv_ref(np.pad(x, ((0, 0), (0, 0), (1, 2), (1, 0))),
                                w0, np.zeros(f), [0] * 4), *p0, 1e-3), 0)
# Reflect pad (stays, channels-last) -> conv with bias -> BatchNorm.
const("refl", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))
nodes.append(helper.make_node("Pad", ["r0", "refl"], ["rp"], name="pad_reflect",
                              mode="reflect"))
nodes.append(helper.make_node("Conv", ["rp", "w1", "b1"], ["c1"], name="conv1"))
nodes.append(helper.make_node("BatchNormalization", ["c1"] + n1, ["y1"],
                              name="bn1"))
y1 = bn_ref(conv_ref(np.pad(r0, ((0, 0), (0, 0), (1, 1), (1, 1)), "reflect"),
                     w1, b1, [0] * 4), *p1, 1e-5)
# Zero pad -> AveragePool not counting pads (folds as counted padding).
nodes.append(helper.make_node("Pad", ["r0", "refl"], ["zp"], name="pad_pool"))
nodes.append(helper.make_node("AveragePool", ["zp"], ["y2"], name="pool",
                              kernel_shape=[3, 3]))
zp = np.pad(r0, ((0, 0), (0, 0), (1, 1), (1, 1)))
y2 = sum(zp[:, :, i:i + r0.shape[2], j:j + r0.shape[3]]
         for i in range(3) for j in range(3)) / 9
# Edge, wrap (with a crop) and a non-zero constant pad of the input.
const("edge_p", np.array([0, 0, 2, 0, 0, 0, 0, 3], np.int64))
nodes.append(helper.make_node("Pad", ["x", "edge_p"], ["y3"], name="pad_edge",
                              mode="edge"))
y3 = np.pad(x, ((0, 0), (0, 0), (2, 0), (0, 3)), "edge")
const("wrap_p", np.array([3, -1], np.int64))
const("w_axis", np.array([-1], np.int64))
nodes.append(helper.make_node("Pad", ["x", "wrap_p", "", "w_axis"], ["y4"],
                              name="pad_wrap", mode="wrap"))
y4 = np.pad(x[:, :, :, :w - 1], ((0, 0), (0, 0), (0, 0), (3, 0)), "wrap")
const("half", np.array(0.5, np.float32))
const("c_p", np.array([0, 1, 1, 0, 0, 0, 1, 2], np.int64))
nodes.append(helper.make_node("Pad", ["x", "c_p", "half"], ["y5"],
                              name="pad_const"))
y5 = np.pad(x, ((0, 0), (1, 0), (1, 1), (0, 2)), constant_values=0.5)

# A wide asymmetric zero pad folded into a 3x3 convolution over 32
# channels, which then runs as Winograd reading the unpadded tensor.
w2 = (rng.standard_normal((32, c, 1, 1)) * 0.3).astype(np.float32)
w3 = (rng.standard_normal((32, 32, 3, 3)) * 0.1).astype(np.float32)
const("w2", w2), const("w3", w3)
const("wide_p", np.array([0, 0, 3, 1, 0, 0, 2, 4], np.int64))
nodes.append(helper.make_node("Conv", ["x", "w2"], ["e"], name="conv2"))
nodes.append(helper.make_node("Relu", ["e"], ["er"], name="relu2"))
nodes.append(helper.make_node("Pad", ["er", "wide_p"], ["ep"], name="pad_wide"))
nodes.append(helper.make_node("Conv", ["ep", "w3"], ["y6"], name="conv3",
                              pads=[1, 1, 1, 1]))
er = np.maximum(conv_ref(x, w2, np.zeros(32), [0] * 4), 0)
y6 = conv_ref(np.pad(er, ((0, 0), (0, 0), (3, 2), (1, 4))), w3, np.zeros(32),
              [1, 1, 1, 1])

outs = {"y1": y1, "y2": y2, "y3": y3, "y4": y4, "y5": y5, "y6": y6}
graph = helper.make_graph(
    nodes, "pad_bn",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
    [helper.make_tensor_value_info(k, TensorProto.FLOAT, list(v.shape))
     for k, v in outs.items()], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
# Debian's ONNX 1.12 checker knows opsets up to 17 (Pad's axes input is
# opset 18, wrap mode 19): nncc runs with --no-onnx-checker on this model.
model.ir_version = 8
onnx.save(model, sys.argv[1])
np.save(sys.argv[2], x)
os.makedirs(sys.argv[3], exist_ok=True)
for k, v in outs.items():
    np.save(os.path.join(sys.argv[3], k + ".npy"), v.astype(np.float32))
