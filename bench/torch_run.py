#!/usr/bin/python3
"""Times one benchmark model in PyTorch eager mode (a child of run_bench.py).

usage: /usr/bin/python3 bench/torch_run.py --model NAME --size full|small --dir MODEL_DIR
           [--threads N] [--seconds S] [--max-runs N] [--warmup-seconds S] [--save-outputs DIR]

The module is rebuilt by make_models.build() (same seed, same weights as the
exported model.onnx) and run on MODEL_DIR's input_*.npy under
torch.inference_mode(), after torch.set_num_threads(N). The BLAS threads and
kernels are chosen by the environment the parent sets (OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS, OPENBLAS_CORETYPE, LD_LIBRARY_PATH), which is why this is
a separate process per thread count. Prints one line "RESULT {json}".
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models  # noqa: E402


def loaded_blas():
    """Which BLAS library this process mapped (Debian's torch uses libblas.so.3)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                if "blas" in os.path.basename(path).lower():
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(libs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--size", choices=["small", "full"], required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--max-runs", type=int, default=1000)
    ap.add_argument("--warmup-seconds", type=float, default=0.5)
    ap.add_argument("--save-outputs")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    with open(os.path.join(args.dir, "meta.json")) as f:
        meta = json.load(f)
    t0 = time.perf_counter()
    model, _, _ = make_models.build(args.model, args.size)
    inputs = [torch.from_numpy(np.load(os.path.join(args.dir, i["file"]))) for i in meta["inputs"]]
    load_ms = (time.perf_counter() - t0) * 1e3

    with torch.inference_mode():
        warm = []
        start = time.perf_counter()
        while True:
            s = time.perf_counter()
            out = model(*inputs)
            warm.append((time.perf_counter() - s) * 1e3)
            if time.perf_counter() - start >= args.warmup_seconds:
                break
        times = []
        start = time.perf_counter()
        while True:
            s = time.perf_counter()
            model(*inputs)
            times.append((time.perf_counter() - s) * 1e3)
            if time.perf_counter() - start >= args.seconds or len(times) >= args.max_runs:
                break
    outs = [out] if isinstance(out, torch.Tensor) else list(out)
    saved = []
    if args.save_outputs:
        os.makedirs(args.save_outputs, exist_ok=True)
        for o, t in zip(meta["outputs"], outs):
            path = os.path.join(args.save_outputs, o["name"] + ".npy")
            np.save(path, t.numpy())
            saved.append(dict(name=o["name"], file=path))
    times.sort()
    n = len(times)
    median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
    print("RESULT " + json.dumps(dict(
        ok=True, median_ms=median, min_ms=times[0], max_ms=times[-1], runs=n,
        warmup_runs=len(warm), first_run_ms=warm[0], load_ms=load_ms, threads=args.threads,
        torch_threads=torch.get_num_threads(), outputs=saved, blas=loaded_blas(),
        torch_version=torch.__version__)), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # reported in the benchmark's row, never a traceback there
        print("RESULT " + json.dumps(dict(ok=False, error=f"{type(e).__name__}: {e}")), flush=True)
        sys.exit(1)
