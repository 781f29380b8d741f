#!/usr/bin/python3
# Looks for crashes in libonnx's shape inference functions, which run on
# untrusted models when nncc uses ONNX's checker (the default): for each op
# nncc imports and each schema version of it that nncc accepts (older ones
# are rejected as unsupported before shape inference runs), builds one-node
# models (Shape nodes feed integer inputs, so data propagation runs too) with
# input ranks 0-4, every INT/INTS/FLOAT attribute and integer constant input
# set in turn to extreme or out-of-range values, and runs on each, in a
# forked child, what nncc runs: ONNX's checker, then, if the model passes it,
# shape inference (check_type, data_prop, not strict). Prints one line per
# child killed by a signal. libonnx 1.12's crashes found this way are guarded in
# frontends/ONNX/Proto/ModelLoader.cpp; run this again when the importer
# learns a new op or libonnx changes.
#
# Usage (Debian's python3 with python3-onnx, which uses the same libonnx):
#   test/fuzz/sweep_onnx_inference.py [--save DIR] [OP[:FIRST_OPSET],...]
# Without ops, those registered in frontends/ONNX/Ops/*.cpp, each from the
# first opset it is registered for. --save writes each crashing model to DIR
# (to check that nncc reports them: for f in DIR/*; do nncc $f; done).
import glob
import os
import re
import sys

import numpy as np
from onnx import checker, defs, helper, numpy_helper, shape_inference

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BIG, SMALL = 2**63 - 1, -(2**63)
DTYPES = {"tensor(float)": 1, "tensor(int64)": 7, "tensor(int32)": 6,
          "tensor(bool)": 9, "tensor(double)": 11, "tensor(float16)": 10,
          "tensor(uint8)": 2, "tensor(int8)": 3}
NP = {1: np.float32, 7: np.int64, 6: np.int32, 9: np.bool_}
Optional = defs.OpSchema.FormalParameterOption.Optional
AttrType = defs.OpSchema.AttrType


def imported_ops():
    """(op, first opset) of each ai.onnx op the importer registers."""
    ops = {}
    for path in glob.glob(os.path.join(ROOT, "frontends/ONNX/Ops/*.cpp")):
        with open(path) as f:
            for op, first in re.findall(r'push_back\(\{"", "(\w+)", (\d+)',
                                        f.read()):
                ops[op] = min(int(first), ops.get(op, 99))
    return sorted(ops.items())


def input_type(schema, param):
    for c in schema.type_constraints:
        if c.type_param_str == param.typeStr:
            for pref in ("tensor(float)", "tensor(int64)", "tensor(int32)",
                         "tensor(bool)"):
                if pref in c.allowed_type_strs:
                    return DTYPES[pref]
            return DTYPES.get(c.allowed_type_strs[0])
    return DTYPES.get(param.typeStr)


def build(schema, opset, case):
    ranks, attrs, consts, shaped, nin, nout, blanks = case
    inputs, names, inits, nodes = [], [], [], []
    for k in range(nin):
        dt = input_type(schema, schema.inputs[min(k, len(schema.inputs) - 1)])
        if dt is None:
            return None
        name = f"i{k}"
        if k in blanks:
            names.append("")
            continue
        names.append(name)
        rank = ranks[min(k, len(ranks) - 1)]
        if k in consts:
            # astype wraps int64 extremes into int32 inputs on purpose.
            value = np.array(consts[k]).astype(NP.get(dt, np.float32))
            inits.append(numpy_helper.from_array(value, name))
            inputs.append(helper.make_tensor_value_info(name, dt, value.shape))
        elif k in shaped and dt == 7:
            inputs.append(helper.make_tensor_value_info(f"s{k}", 1, shaped[k]))
            nodes.append(helper.make_node("Shape", [f"s{k}"], [name]))
        else:
            inputs.append(helper.make_tensor_value_info(name, dt, [3] * rank))
    outs = [f"o{k}" for k in range(nout)]
    nodes.append(helper.make_node(schema.name, names, outs, **attrs))
    # No graph outputs: declaring them would need shapes (the checker wants
    # them) that could disagree with what inference derives.
    graph = helper.make_graph(nodes, "g", inputs, [], initializer=inits)
    return helper.make_model(graph,
                             opset_imports=[helper.make_opsetid("", opset)],
                             ir_version=8)


def crashes(model):
    """Checks `model` and infers its shapes in a child; returns the signal
    that killed the child, or 0."""
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
            checker.check_model(model)
            shape_inference.infer_shapes(model, check_type=True,
                                         strict_mode=False, data_prop=True)
        except Exception:
            pass
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0


def cases(schema):
    required = [p for p in schema.inputs if p.option != Optional]
    nmin = len(required)
    nmax = len(schema.inputs) if schema.max_input < 100 else max(nmin, 3)
    nouts = sorted({max(1, schema.min_output),
                    min(len(schema.outputs), schema.max_output)
                    if schema.max_output < 100 else 2})
    for r in range(5):
        # Required attributes get a plausible value unless varied.
        base = {}
        for name, a in schema.attributes.items():
            if a.required and a.type == AttrType.INT:
                base[name] = 1
            elif a.required and a.type == AttrType.INTS:
                base[name] = [2] * max(r - 2, 1)
        ints = [SMALL, -(2**31), -1000, -r - 2, -r - 1, -r, -1, 0, 1, r - 1,
                r, r + 1, 1000, 2**31, 2**32 - 1, BIG]
        for nin in range(nmin, nmax + 1):
            for nout in nouts:
                for ranks in ([r], [r, 1], [1, r], [r, 0], [0, r]):
                    yield (ranks, base, {}, {}, nin, nout, ())
                for b in range(nmin, nin - 1):
                    yield ([r], base, {}, {}, nin, nout, (b,))
                for name, a in schema.attributes.items():
                    if a.type == AttrType.INT:
                        for v in ints:
                            yield ([r], {**base, name: v}, {}, {}, nin, nout, ())
                    elif a.type == AttrType.INTS:
                        for v in ints:
                            for n in {1, r, 2 * r, r + 1}:
                                yield ([r], {**base, name: [v] * max(n, 1)},
                                       {}, {}, nin, nout, ())
                        yield ([r], {**base, name: []}, {}, {}, nin, nout, ())
                    elif a.type == AttrType.FLOAT:
                        for v in (float("nan"), float("inf"), -1e30, 0.0):
                            yield ([r], {**base, name: v}, {}, {}, nin, nout,
                                   ())
                for k in range(nin):
                    dt = input_type(schema,
                                    schema.inputs[min(k, len(schema.inputs) - 1)])
                    if dt in (6, 7):
                        for v in ints:
                            for n in (0, 1, r, 2 * r, r + 1):
                                yield ([r], base, {k: [v] * n}, {}, nin, nout,
                                       ())
                            yield ([r], base, {k: v}, {}, nin, nout, ())
                        for dims in ([0] * r, [3] * r, ["n"] * r):
                            yield ([r], base, {}, {k: dims}, nin, nout, ())
                    elif dt == 1:
                        for v in (float("nan"), float("inf"), -1e30, 0.0):
                            yield ([r], base, {k: v}, {}, nin, nout, ())


def main():
    args = sys.argv[1:]
    save = None
    if args[:1] == ["--save"]:
        save, args = args[1], args[2:]
        os.makedirs(save, exist_ok=True)
    if args:
        ops = [(s.split(":")[0], int(s.split(":")[1]) if ":" in s else 1)
               for s in args[0].split(",")]
    else:
        ops = imported_ops()
    total = found = 0
    for op, first in ops:
        versions = set()
        for opset in range(first, 18):
            try:
                versions.add(defs.get_schema(op, opset, "").since_version)
            except Exception:
                pass
        for version in sorted(versions):
            schema = defs.get_schema(op, version, "")
            seen = set()
            for case in cases(schema):
                key = repr(case)
                if key in seen:
                    continue
                seen.add(key)
                try:
                    model = build(schema, max(version, first), case)
                except Exception:
                    continue
                if model is None:
                    continue
                total += 1
                sig = crashes(model)
                if sig:
                    found += 1
                    if save:
                        with open(os.path.join(save, f"{op}-{version}-{found}.onnx"),
                                  "wb") as f:
                            f.write(model.SerializeToString())
                    print(f"crash: {op}-{version} signal {sig}: ranks, attributes, "
                          f"constant inputs, Shape-fed inputs, #inputs, "
                          f"#outputs, blank inputs = {key}", flush=True)
    print(f"{total} models, {found} crashed")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
