#!/usr/bin/env python3
"""Regenerates the hostile models of test/Frontends/ONNX/hostile.test.

Each file is a model a stranger could hand to nncc: malformed protobufs,
impossible shapes, inconsistent initializers, broken graphs and external
data pointing where it must not. nncc must reject each with a located error
(exit code 1), within bounded time and memory.

Run with Debian's Python (python3-onnx): /usr/bin/python3 make_hostile_models.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")
OPSET = [helper.make_opsetid("", 17)]


def save(model, name, check=False):
    if check:
        onnx.checker.check_model(model)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(model.SerializeToString())


def vi(name, dims, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, dims)


def relu_model(in_dims, out_dims, name="g"):
    g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                          name, [vi("x", in_dims)], [vi("y", out_dims)])
    return helper.make_model(g, opset_imports=OPSET)


def add_model(init):
    g = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"], name="add")],
                          "g", [vi("x", [4])], [vi("y", [4])], initializer=[init])
    return helper.make_model(g, opset_imports=OPSET)


def external(name, location, offset=None, length=None):
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend([4])
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", offset), ("length", length)):
        if v is not None:
            e = t.external_data.add()
            e.key, e.value = k, str(v)
    return t


def main():
    os.makedirs(HERE, exist_ok=True)
    # Shapes.
    save(relu_model([-3, 4], [-3, 4]), "negative_dim.onnx")
    save(relu_model([1 << 62, 8], [1 << 62, 8]), "huge_dim.onnx")
    save(relu_model([1 << 31, 1 << 31, 1 << 31], [1 << 31, 1 << 31, 1 << 31]),
         "overflowing_dims.onnx")
    # Initializers whose data disagree with dtype x shape.
    w = TensorProto()
    w.name, w.data_type = "w", TensorProto.FLOAT
    w.dims.extend([4])
    w.raw_data = b"\0" * 12
    save(add_model(w), "raw_data_short.onnx")
    w2 = TensorProto()
    w2.name, w2.data_type = "w", TensorProto.FLOAT
    w2.dims.extend([1 << 40])
    w2.raw_data = b"\0" * 16
    save(add_model(w2), "initializer_huge_dims.onnx")
    # Graph structure.
    g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="first"),
                           helper.make_node("Neg", ["x"], ["y"], name="second")],
                          "dup", [vi("x", [4])], [vi("y", [4])])
    save(helper.make_model(g, opset_imports=OPSET), "duplicate_output.onnx")
    g = helper.make_graph([helper.make_node("Add", ["x", "b"], ["a"], name="n1"),
                           helper.make_node("Relu", ["a"], ["b"], name="n2")],
                          "cycle", [vi("x", [4])], [vi("b", [4])])
    save(helper.make_model(g, opset_imports=OPSET), "cycle.onnx")
    g = helper.make_graph([helper.make_node("Add", ["x", "ghost"], ["y"], name="uses_ghost")],
                          "missing", [vi("x", [4])], [vi("y", [4])])
    save(helper.make_model(g, opset_imports=OPSET), "missing_input.onnx")
    g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                          "dupin", [vi("x", [4]), vi("x", [4])], [vi("y", [4])])
    save(helper.make_model(g, opset_imports=OPSET), "duplicate_input.onnx")
    g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="relu", domain="com.stranger")],
                          "dom", [vi("x", [4])], [vi("y", [4])])
    save(helper.make_model(g, opset_imports=OPSET + [helper.make_opsetid("com.stranger", 3)]),
         "unknown_domain.onnx")
    save(helper.make_model(helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="relu")], "op",
        [vi("x", [4])], [vi("y", [4])]), opset_imports=[helper.make_opsetid("", 999)]),
        "unknown_opset.onnx")
    # Deeply nested subgraphs: 200 levels of If.
    leaf = helper.make_graph([helper.make_node("Identity", ["x"], ["o0"])], "b0", [],
                             [vi("o0", [4])])
    inner = leaf
    for level in range(1, 200):
        node = helper.make_node("If", ["c"], [f"o{level}"], then_branch=inner,
                                else_branch=leaf, name=f"if{level}")
        inner = helper.make_graph([node], f"b{level}", [], [vi(f"o{level}", [4])])
    g = helper.make_graph(list(inner.node), "deep", [vi("x", [4]), vi("c", [], TensorProto.BOOL)],
                          [vi("o199", [4])])
    save(helper.make_model(g, opset_imports=OPSET), "deep_subgraphs.onnx")
    # External data.
    with open(os.path.join(HERE, "weights.bin"), "wb") as f:
        f.write(np.arange(4, dtype=np.float32).tobytes())
    save(add_model(external("w", "weights.bin")), "external_ok.onnx")
    save(add_model(external("w", "/etc/passwd")), "external_absolute.onnx")
    save(add_model(external("w", "../../../../etc/passwd")), "external_escape.onnx")
    save(add_model(external("w", "no_such_file.bin")), "external_missing.onnx")
    save(add_model(external("w", "weights.bin", offset=4096)), "external_offset.onnx")
    save(add_model(external("w", "weights.bin", offset=8, length=16)), "external_length.onnx")
    save(add_model(external("w", "weights.bin", offset="-8")), "external_bad_offset.onnx")
    # Truncated and bit-flipped versions of a valid model.
    good = add_model(numpy_helper.from_array(np.ones(4, np.float32), "w")).SerializeToString()
    with open(os.path.join(HERE, "truncated.onnx"), "wb") as f:
        f.write(good[: len(good) // 2])
    flipped = bytearray(good)
    flipped[2] ^= 0xFF  # inside the first field's length/tag bytes
    with open(os.path.join(HERE, "bitflip.onnx"), "wb") as f:
        f.write(bytes(flipped))
    print("wrote", len(os.listdir(HERE)), "files to", HERE)


if __name__ == "__main__":
    main()
