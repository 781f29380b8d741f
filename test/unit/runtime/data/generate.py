#!/usr/bin/python3
#===- generate.py - Regenerate the nncc-run test tensors -------------------===#
#
# Part of nncc.
#
# Writes the small .npy and TensorProto .pb files that the nncc-run tests
# read, using NumPy and ONNX themselves so that the readers are checked
# against the reference writers. Run with Debian's Python, which has both:
#   /usr/bin/python3 test/unit/runtime/data/generate.py
#===------------------------------------------------------------------------===#
import os

import numpy as np
import onnx
from numpy.lib import format as npy_format
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def save_npy(name, array, version=None):
    with open(path(name), "wb") as f:
        npy_format.write_array(f, array, version=version)


def save_pb(name, tensor):
    with open(path(name), "wb") as f:
        f.write(tensor.SerializeToString())


# Inputs and expected outputs of the add fixture (f32[2,3]).
a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)
b = np.array([[0.5, -1.0, 2.25], [10.0, 0.0, -6.0]], dtype=np.float32)
save_npy("add_a.npy", a)
save_pb("add_b.pb", numpy_helper.from_array(b, name="b"))
# The same b in the typed float_data field instead of raw_data.
save_pb("add_b_typed.pb",
        helper.make_tensor("b", TensorProto.FLOAT, b.shape, b.flatten().tolist()))
save_npy("add_y.npy", a + b)
save_pb("add_diff.pb", numpy_helper.from_array(a - b, name="diff:0"))
# Wrong expectation for the mismatch test: one element off by 1.
wrong = a + b
wrong[1, 2] += 1.0
save_npy("add_y_wrong.npy", wrong)

# Format versions 2 and 3 of the same array.
save_npy("add_a_v2.npy", a, version=(2, 0))
save_npy("add_a_v3.npy", a, version=(3, 0))
# Layouts and dtypes the reader must reject or convert.
save_npy("fortran.npy", np.asfortranarray(a))
save_npy("big_endian.npy", a.astype(">f4"))
save_npy("f64_2x3.npy", a.astype(np.float64))
save_npy("i64_scalar.npy", np.array(7, dtype=np.int64))
save_npy("bool_4.npy", np.array([True, False, True, True]))
save_npy("f16_3.npy", np.array([1.0, -2.5, 65504.0], dtype=np.float16))

# TensorProto typed fields of other element types.
# make_tensor stores FLOAT16 values as their bit patterns in int32_data.
save_pb("f16_typed.pb",
        helper.make_tensor("h", TensorProto.FLOAT16, [3], [1.0, -2.5, 65504.0]))
save_pb("i64_typed.pb",
        helper.make_tensor("i", TensorProto.INT64, [2, 2], [1, -2, 3, 1 << 40]))
save_pb("i8_typed.pb", helper.make_tensor("c", TensorProto.INT8, [3], [-128, 0, 127]))
save_pb("u8_raw.pb", numpy_helper.from_array(np.array([0, 200, 255], dtype=np.uint8)))
save_pb("bool_typed.pb", helper.make_tensor("t", TensorProto.BOOL, [3], [1, 0, 1]))
save_pb("f64_typed.pb", helper.make_tensor("d", TensorProto.DOUBLE, [2], [0.25, -1e300]))
save_pb("u64_typed.pb", helper.make_tensor("u", TensorProto.UINT64, [2], [5, (1 << 64) - 1]))
save_pb("i32_typed.pb", helper.make_tensor("code", TensorProto.INT32, [1], [3]))
save_pb("string.pb", helper.make_tensor("s", TensorProto.STRING, [1], [b"hi"]))

# Input of the parallel fixture: x = 0..63 with its maximum at index 41.
x = np.arange(64, dtype=np.float32)
x[41] = 1000.0
save_npy("parallel_x.npy", x)
