#!/usr/bin/python3
"""nncc benchmark: nncc vs ONNX Runtime vs PyTorch eager on the issue #3 models.

Normally started by scripts/bench (which builds nncc, installs ONNX Runtime for
node and then calls this). For each selected model it

  1. generates the model if missing (bench/make_models.py, into --models-dir),
  2. compiles it with nncc (wall time, peak RSS of the compiler, model.so size),
  3. times nncc-run, ONNX Runtime (bench/ort_run.js) and PyTorch eager
     (bench/torch_run.py) at each thread count on the same inputs: warm-up,
     then repeated runs until --repeat-seconds, median,
  4. compares nncc's outputs with PyTorch's reference and with ONNX Runtime's,
  5. samples other processes' CPU use (/proc/stat) during each timing and
     marks figures taken while the machine was busy,

then writes OUT/results.json, OUT/results.md (printed too) and OUT/ratios.png.
A model that fails anywhere gets its row with the reason; the run goes on.
See bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import catalog  # noqa: E402  (names and sizes only: no torch in this process)

PY = "/usr/bin/python3"
OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
HZ = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1
TIME_BIN = "/usr/bin/time"
BUSY_MARGIN = 0.10        # cores of other work tolerated beyond the free cores


# --------------------------------------------------------------------------
# Child processes: wall time, rusage, other processes' CPU use, timeout
# --------------------------------------------------------------------------

def _proc_stat_busy():
    """Busy CPU seconds of the whole machine (user+nice+system+irq+softirq)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    v = [int(x) for x in fields]
    user, nice, system, _idle, _iowait, irq, softirq = v[:7]
    steal = v[7] if len(v) > 7 else 0
    return (user + nice + system + irq + softirq) / HZ, steal / HZ


def _self_cpu():
    t = os.times()
    return t.user + t.system


def run_child(cmd, timeout, env=None, cwd=None, peak_rss=False, mem_limit_bytes=None):
    """Runs cmd (stdout/stderr to temporary files) and returns a dict with rc,
    stdout, stderr, wall_s, cpu_s (child user+sys), maxrss_mib (peak RSS),
    others_cores (mean CPU use of every other process during the run, in
    cores), steal_cores, timed_out.

    Linux carries a process's peak RSS across fork+exec, so the rusage of a
    child of this (Python) process reports at least this process's own size;
    with peak_rss=True the command runs under /usr/bin/time (a small parent)
    to get the command's true peak. mem_limit_bytes caps the command's
    address space (RLIMIT_AS), so that a compiler running away cannot take the
    machine's memory from everybody else."""
    rss_file = None
    if peak_rss and os.access(TIME_BIN, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        cmd = [TIME_BIN, "-f", "%M", "-o", rss_file] + list(cmd)
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    busy0, steal0 = _proc_stat_busy()
    self0 = _self_cpu()
    t0 = time.monotonic()
    preexec = None
    if mem_limit_bytes:
        def preexec():
            resource.setrlimit(resource.RLIMIT_AS, (mem_limit_bytes, mem_limit_bytes))
    try:
        p = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, stdin=subprocess.DEVNULL,
                             env=env, cwd=cwd, start_new_session=True, preexec_fn=preexec)
    except OSError as e:
        return dict(rc=127, stdout="", stderr=str(e), wall_s=0.0, cpu_s=0.0, maxrss_mib=0.0,
                    others_cores=0.0, steal_cores=0.0, timed_out=False)
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        try:
            os.killpg(p.pid, signal.SIGKILL)    # the group this child leads
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, ru = os.wait4(p.pid, 0)
    finally:
        timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    busy1, steal1 = _proc_stat_busy()
    self1 = _self_cpu()
    cpu = ru.ru_utime + ru.ru_stime
    others = max(0.0, (busy1 - busy0) - cpu - (self1 - self0))
    maxrss_kib = ru.ru_maxrss
    if rss_file:
        try:
            with open(rss_file) as f:
                maxrss_kib = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
        os.remove(rss_file)
    out_f.seek(0)
    err_f.seek(0)
    res = dict(rc=p.returncode, stdout=out_f.read().decode(errors="replace"),
               stderr=err_f.read().decode(errors="replace"), wall_s=wall, cpu_s=cpu,
               maxrss_mib=maxrss_kib / 1024.0,
               others_cores=others / wall if wall > 0 else 0.0,
               steal_cores=(steal1 - steal0) / wall if wall > 0 else 0.0,
               timed_out=timed_out.is_set())
    out_f.close()
    err_f.close()
    return res


def busy_limit(threads):
    """Other processes may use the cores this run leaves free, plus a margin."""
    return max(0, NCPU - threads) + BUSY_MARGIN


def parse_result_line(text):
    for line in reversed(text.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return None


def first_error_line(text, model_path=None):
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pick = next((ln for ln in lines if "error" in ln.lower()), lines[0] if lines else "")
    if model_path and pick.startswith(model_path + ": "):
        pick = pick[len(model_path) + 2:]
    return pick[:300]


# --------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------

class Bench:
    def __init__(self, args):
        self.args = args
        self.nncc = args.nncc
        self.nncc_run = args.nncc_run

    # -- timing policies --------------------------------------------------

    def timed(self, fn, threads):
        """Runs a timing (fn returns a result dict with others_cores) and
        retries it while the machine is busy, up to --busy-retries times."""
        res = fn()
        tries = 0
        while (res.get("ok") and res["others_cores"] > busy_limit(threads)
               and tries < self.args.busy_retries):
            tries += 1
            time.sleep(self.args.busy_wait)
            again = fn()
            if again.get("ok") and again["others_cores"] <= res["others_cores"]:
                res = again
            elif not again.get("ok"):
                break
        if res.get("ok"):
            res["busy"] = res["others_cores"] > busy_limit(threads)
            res["busy_retries"] = tries
        return res

    # -- nncc ---------------------------------------------------------------

    def compile(self, meta, model_dir, work):
        so = os.path.join(work, "model.so")
        if os.path.exists(so):
            os.remove(so)
        onnx_path = os.path.join(model_dir, "model.onnx")
        cmd = [self.nncc, onnx_path, "-o", so]
        limit = int(self.args.compile_mem_limit * 2**30) if self.args.compile_mem_limit > 0 else None
        r = run_child(cmd, self.args.compile_timeout, peak_rss=True, mem_limit_bytes=limit)
        res = dict(cmd=" ".join(cmd), seconds=r["wall_s"], peak_rss_mib=r["maxrss_mib"],
                   others_cores=r["others_cores"], rc=r["rc"])
        text = r["stderr"] + r["stdout"]
        if r["timed_out"]:
            res.update(ok=False, error=f"compile timed out after {self.args.compile_timeout:.0f} s")
        elif r["rc"] != 0 and limit and re.search(
                r"bad_alloc|out of memory|cannot allocate memory|failed to map segment|terminated by signal", text, re.I):
            res.update(ok=False, error=f"out of memory (limit {self.args.compile_mem_limit:g} GiB, "
                                       f"--compile-mem-limit): {first_error_line(text, onnx_path)}")
        elif r["rc"] != 0 or not os.path.exists(so):
            res.update(ok=False, error=first_error_line(text, onnx_path))
            res["unsupported_ops"] = sorted(set(re.findall(r"unsupported op '([^']+)'",
                                                           r["stderr"])))
            res["error_lines"] = len([ln for ln in r["stderr"].splitlines() if "error" in ln])
        else:
            res.update(ok=True, so=so, so_bytes=os.path.getsize(so))
        return res

    def nncc_time(self, meta, model_dir, so, threads, out_dir, seconds=None):
        """nncc-run: a probe (one warm-up + one timed run, saving outputs),
        then, if the budget (`seconds`, default --repeat-seconds) allows
        more, --repeat N with N = budget / probe."""
        seconds = self.args.repeat_seconds if seconds is None else seconds
        ins = sum([["--input", f"{i['name']}={os.path.join(model_dir, i['file'])}"]
                   for i in meta["inputs"]], [])
        base = [self.nncc_run, so] + ins + ["--threads", str(threads)]
        shutil.rmtree(out_dir, ignore_errors=True)

        def once(repeat, save):
            cmd = base + ["--repeat", str(repeat)] + (["--save-outputs", out_dir] if save else [])
            r = run_child(cmd, self.args.run_timeout)
            if r["timed_out"]:
                return dict(ok=False, error=f"nncc-run timed out after {self.args.run_timeout:.0f} s")
            m = re.search(r"median:\s*([0-9.]+) ms\s*\nmin:\s*([0-9.]+) ms\s+max:\s*([0-9.]+) ms",
                          r["stdout"])
            if r["rc"] != 0 or not m:
                return dict(ok=False, error="run failed: " + first_error_line(r["stderr"] + r["stdout"]))
            return dict(ok=True, median_ms=float(m.group(1)), min_ms=float(m.group(2)),
                        max_ms=float(m.group(3)), runs=repeat, others_cores=r["others_cores"],
                        wall_s=r["wall_s"])

        def measure():
            probe = once(1, True)
            if not probe.get("ok"):
                return probe
            n = int(seconds * 1000.0 / max(probe["median_ms"], 1e-3))
            n = min(n, self.args.max_runs)
            if n <= 2:
                return probe
            full = once(n, False)
            if full.get("ok"):
                # The busy flag covers both calls, weighted by their wall
                # time: the probe of a fast model lasts ~0.1 s, mostly
                # process start-up and exit, where a few ms of other work
                # read as a third of a core (MobileNetV2's nncc timings were
                # flagged 0.16-0.41 busy while the full runs saw ~0).
                wall = full["wall_s"] + probe["wall_s"]
                if wall > 0:
                    full["others_cores"] = (full["others_cores"] * full["wall_s"] +
                                            probe["others_cores"] * probe["wall_s"]) / wall
            return full

        res = self.timed(measure, threads)
        res["outputs"] = [os.path.join(out_dir, sanitize(o["name"]) + ".npy") for o in meta["outputs"]]
        return res

    # -- ONNX Runtime ---------------------------------------------------------

    def ort_time(self, meta, model_dir, threads, out_dir, seconds=None):
        if not self.args.node_modules or not shutil.which("node"):
            return dict(ok=False, error="node or onnxruntime-node missing")
        seconds = self.args.repeat_seconds if seconds is None else seconds
        cmd = ["node", os.path.join(HERE, "ort_run.js"),
               "--model", os.path.join(model_dir, "model.onnx"),
               "--threads", str(threads), "--seconds", str(seconds),
               "--max-runs", str(self.args.max_runs), "--save-outputs", out_dir,
               "--modules", self.args.node_modules]
        for i in meta["inputs"]:
            cmd += ["--input", f"{i['name']}={os.path.join(model_dir, i['file'])}"]

        def measure():
            r = run_child(cmd, self.args.run_timeout)
            if r["timed_out"]:
                return dict(ok=False, error=f"ORT timed out after {self.args.run_timeout:.0f} s")
            res = parse_result_line(r["stdout"])
            if res is None:
                return dict(ok=False, error="ORT failed: " + first_error_line(r["stderr"] + r["stdout"]))
            if res.get("ok"):
                res["others_cores"] = r["others_cores"]
                res["peak_rss_mib"] = r["maxrss_mib"]
            return res

        res = self.timed(measure, threads)
        res["outputs"] = [os.path.join(out_dir, sanitize(o["name"]) + ".npy") for o in meta["outputs"]]
        return res

    # -- PyTorch --------------------------------------------------------------

    def torch_env(self, threads):
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(threads)
        # Benchmark only (never in tests): OpenBLAS instead of the reference
        # BLAS, with its AVX-512 kernels where the CPU has AVX-512.
        if os.path.isdir(OPENBLAS_DIR):
            env["LD_LIBRARY_PATH"] = OPENBLAS_DIR + (
                ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
        env["OPENBLAS_CORETYPE"] = openblas_coretype()
        return env

    def torch_time(self, meta, model_dir, threads, out_dir):
        cmd = [PY, os.path.join(HERE, "torch_run.py"), "--model", meta["name"],
               "--size", meta["size"], "--dir", model_dir, "--threads", str(threads),
               "--seconds", str(self.args.repeat_seconds), "--max-runs", str(self.args.max_runs),
               "--save-outputs", out_dir]
        env = self.torch_env(threads)

        def measure():
            r = run_child(cmd, self.args.run_timeout, env=env)
            if r["timed_out"]:
                return dict(ok=False, error=f"PyTorch timed out after {self.args.run_timeout:.0f} s")
            res = parse_result_line(r["stdout"])
            if res is None:
                return dict(ok=False,
                            error="PyTorch failed: " + first_error_line(r["stderr"] + r["stdout"]))
            if res.get("ok"):
                res["others_cores"] = r["others_cores"]
            return res

        return self.timed(measure, threads)


def merge_rounds(results):
    """One engine's timing over several rounds: the median of the rounds'
    medians (min and max over all runs). A failed round fails the whole."""
    bad = next((r for r in results if not r.get("ok")), None)
    if bad is not None:
        return bad
    merged = dict(results[0])
    medians = sorted(r["median_ms"] for r in results)
    n = len(medians)
    merged.update(
        median_ms=medians[n // 2] if n % 2 else (medians[n // 2 - 1] + medians[n // 2]) / 2,
        min_ms=min(r["min_ms"] for r in results), max_ms=max(r["max_ms"] for r in results),
        runs=sum(r.get("runs", 0) for r in results), round_medians_ms=[r["median_ms"] for r in results],
        others_cores=max(r.get("others_cores", 0) for r in results),
        busy=any(r.get("busy") for r in results))
    return merged


def default_mem_limit_gib():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20 / 2, 1)
    except OSError:
        pass
    return 0.0


def sanitize(name):
    """Output file names as nncc-run and ort_run.js write them."""
    r = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return "_" + r if r in ("", ".", "..") else r


def openblas_coretype():
    flags = cpu_flags()
    if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags:
        return "SkylakeX"
    return os.environ.get("OPENBLAS_CORETYPE") or "Haswell"


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def compare(got_files, ref_files, rtol, atol):
    """Max abs error, max rel error (over elements with |ref| >= 1e-3 max|ref|)
    and whether every element satisfies |got-ref| <= atol + rtol |ref|."""
    res = dict(max_abs=0.0, max_rel=0.0, ok=True)
    for g, r in zip(got_files, ref_files):
        if not os.path.exists(g):
            return dict(ok=False, error=f"missing output {os.path.basename(g)}")
        a = np.load(g).astype(np.float64)
        b = np.load(r).astype(np.float64)
        if a.shape != b.shape:
            return dict(ok=False, error=f"shape {list(a.shape)} != reference {list(b.shape)}")
        if a.size == 0:
            continue
        if not np.all(np.isfinite(a)) and np.all(np.isfinite(b)):
            res["ok"] = False
            res["nonfinite"] = True
        d = np.abs(a - b)
        d = np.where(np.isnan(d), np.inf, d)
        scale = np.abs(b).max()
        big = np.abs(b) >= 1e-3 * scale
        res["max_abs"] = max(res["max_abs"], float(d.max()))
        if big.any():
            res["max_rel"] = max(res["max_rel"], float((d[big] / np.abs(b[big])).max()))
        if not np.all(d <= atol + rtol * np.abs(b)):
            res["ok"] = False
    return res


# --------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------

def fmt_ms(r):
    if not r or not r.get("ok"):
        return "—"
    v = r["median_ms"]
    s = f"{v:.3g}" if v < 10 else f"{v:.1f}" if v < 1000 else f"{v:.0f}"
    return s + (" †" if r.get("busy") else "")


def fmt_err(c, key):
    if not c:
        return "—"
    if c.get("error"):
        return c["error"]
    return f"{c[key]:.1e}"


def fmt_gflops(flops, r):
    if not r or not r.get("ok") or not flops:
        return "—"
    return f"{flops / (r['median_ms'] * 1e-3) / 1e9:.1f}"


def ratio(a, b):
    if a and b and a.get("ok") and b.get("ok") and b["median_ms"] > 0:
        return a["median_ms"] / b["median_ms"]
    return None


def make_markdown(report):
    a = report["settings"]
    lines = [f"# nncc benchmark ({a['size']} models)", ""]
    m = report["machine"]
    lines.append(f"{report['date']} · {m['cpu']} · {m['cores']} cores · "
                 f"AVX-512: {'yes' if m['avx512'] else 'no'} · nncc {report['nncc_version']} · "
                 f"ONNX Runtime {report.get('ort_version') or '?'} (node) · "
                 f"PyTorch {report.get('torch_version') or '?'} eager "
                 f"(BLAS: {report.get('torch_blas') or '?'}, OPENBLAS_CORETYPE={m['openblas_coretype']}) · "
                 f"timing budget {a['repeat_seconds']} s per engine and thread count "
                 f"in {a.get('rounds', 1)} alternating rounds (median of the rounds' medians) · "
                 f"tolerance rtol {a['rtol']} atol {a['atol']}")
    lines += ["", "## Latency (median ms)", ""]
    thr = a["threads"]
    lines.append("| model | threads | nncc ms | ORT ms | PyTorch ms | nncc/ORT | nncc GFLOP/s | "
                 "ORT GFLOP/s | PyTorch GFLOP/s |")
    lines.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    any_busy = False
    for row in report["models"]:
        for t in thr:
            rt = row["runs"].get(str(t), {})
            n, o, p = rt.get("nncc"), rt.get("ort"), rt.get("torch")
            any_busy |= any(x and x.get("busy") for x in (n, o, p))
            q = ratio(n, o)
            qs = "—" if q is None else f"{q:.2f}" + (" †" if (n.get("busy") or o.get("busy")) else "")
            flops = row.get("flops")
            lines.append(f"| {row['dir']} | {t} | {fmt_ms(n)} | {fmt_ms(o)} | {fmt_ms(p)} | {qs} | "
                         f"{fmt_gflops(flops, n)} | {fmt_gflops(flops, o)} | {fmt_gflops(flops, p)} |")
    if any_busy:
        lines += ["", "† taken while other processes used more CPU than the cores this run left "
                  "free (see results.json, others_cores): not a quiet measurement."]
    lines += ["", "## Compilation and accuracy", "",
              "| model | GFLOP | status | compile s | compiler peak MiB | model.so MiB | "
              "max abs err vs PyTorch | max rel err vs PyTorch | max abs err vs ORT | "
              "max rel err vs ORT | ORT vs PyTorch max abs |",
              "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for row in report["models"]:
        c = row.get("compile") or {}
        comp_s = f"{c['seconds']:.1f}" if c.get("seconds") is not None else "—"
        rss = f"{c['peak_rss_mib']:.0f}" if c.get("peak_rss_mib") else "—"
        size = f"{c['so_bytes'] / 2**20:.2f}" if c.get("so_bytes") else "—"
        vp, vo, ot = row.get("vs_torch"), row.get("vs_ort"), row.get("ort_vs_torch")
        gf = f"{row['flops'] / 1e9:.3g}" if row.get("flops") else "—"
        lines.append(f"| {row['dir']} | {gf} | {row['status']} | {comp_s} | {rss} | {size} | "
                     f"{fmt_err(vp, 'max_abs')} | {fmt_err(vp, 'max_rel') if vp and not vp.get('error') else '—'} | "
                     f"{fmt_err(vo, 'max_abs')} | {fmt_err(vo, 'max_rel') if vo and not vo.get('error') else '—'} | "
                     f"{fmt_err(ot, 'max_abs')}{'' if not ot or ot.get('ok') else ' (mismatch)'} |")
    unsup = [(r["dir"], r["compile"]["unsupported_ops"]) for r in report["models"]
             if r.get("compile") and r["compile"].get("unsupported_ops")]
    if unsup:
        lines += ["", "## Ops nncc does not support yet", ""]
        for d, ops in unsup:
            lines.append(f"- {d}: {', '.join(ops)}")
    lines.append("")
    return "\n".join(lines)


def make_chart(report, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError as e:
        return f"no chart: {e}"
    rows = report["models"]
    thr = report["settings"]["threads"]
    fig, ax = plt.subplots(figsize=(max(6, 1.4 * len(rows) + 2), 4.5))
    width = 0.8 / max(1, len(thr))
    colors = ["#4C72B0", "#DD8452", "#55A868", "#C44E52"]
    vals = []
    for mi, row in enumerate(rows):
        missing = []
        for ti, t in enumerate(thr):
            rt = row["runs"].get(str(t), {})
            q = ratio(rt.get("nncc"), rt.get("ort"))
            x = mi + (ti - (len(thr) - 1) / 2) * width
            if q is None:
                missing.append(t)
                continue
            vals.append(q)
            busy = rt["nncc"].get("busy") or rt["ort"].get("busy")
            # Bars grow from the 1.0 line: up = nncc slower, down = nncc faster.
            ax.bar(x, q - 1.0, width, bottom=1.0, color=colors[ti % len(colors)],
                   hatch="//" if busy else None, edgecolor="black", linewidth=0.5)
            ax.text(x, q, f"{q:.3g}", ha="center", va="bottom" if q >= 1 else "top", fontsize=7)
        if missing:
            why = row["status"].split(":")[0] if row.get("status", "ok") != "ok" else "no ratio"
            ax.text(mi, 1.0, why, ha="center", va="bottom", fontsize=7, color="gray")
    ax.axhline(1.0, color="black", linewidth=1)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([r["dir"] for r in rows], rotation=20, ha="right")
    ax.set_ylabel("nncc latency / ONNX Runtime latency (lower is better)")
    if vals and (max(vals) / min(vals) > 20 or max(vals) > 20):
        ax.set_yscale("log")
    ax.set_title(f"nncc vs ONNX Runtime ({report['settings']['size']} models, "
                 f"{report['machine']['cpu']})", fontsize=9)
    handles = [Patch(color=colors[i % len(colors)], label=f"{t} thread{'s' if t > 1 else ''}")
               for i, t in enumerate(thr)]
    handles.append(Patch(facecolor="white", edgecolor="black", hatch="//", label="machine busy"))
    ax.legend(handles=handles, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return None


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def ensure_models(names, size, models_dir, log):
    """Generates the models whose directory is missing or was made by another
    version of make_models.py."""
    version = catalog.generator_version()
    missing = []
    for n in names:
        meta_path = os.path.join(models_dir, catalog.dir_name(n, size), "meta.json")
        try:
            with open(meta_path) as f:
                if json.load(f).get("generator_version") == version:
                    continue
        except (OSError, ValueError):
            pass
        missing.append(n)
    if not missing:
        return
    log(f"generating {','.join(missing)} ({size}) into {models_dir}")
    cmd = [PY, os.path.join(HERE, "make_models.py"), "--out", models_dir,
           "--models", ",".join(missing), "--size", size]
    subprocess.run(cmd, check=False, stdout=sys.stderr)   # keep stdout for the table


def git_version():
    try:
        return subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                              capture_output=True, text=True, timeout=10).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def main():
    ap = argparse.ArgumentParser(description="nncc vs ONNX Runtime vs PyTorch benchmark")
    ap.add_argument("--models", default="all",
                    help=f"comma-separated, from {','.join(catalog.MODELS)} (default all)")
    ap.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    ap.add_argument("--size", choices=["full", "small"], default="full")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench", "results"))
    ap.add_argument("--models-dir", default=os.path.join(ROOT, "build", "bench", "models"))
    ap.add_argument("--repeat-seconds", type=float, default=5.0,
                    help="timing budget per engine, model and thread count (default 5)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="nncc and ONNX Runtime alternate over this many rounds, each with "
                         "1/rounds of the budget; reported: the median of the rounds' medians "
                         "(default 5)")
    ap.add_argument("--max-runs", type=int, default=1000)
    ap.add_argument("--engines", default="nncc,ort,torch")
    ap.add_argument("--nncc", default=os.path.join(ROOT, "build", "bin", "nncc"))
    ap.add_argument("--nncc-run", default=os.path.join(ROOT, "build", "bin", "nncc-run"))
    ap.add_argument("--node-modules", default=os.path.join(ROOT, "build", "bench-node"),
                    help="directory holding node_modules/onnxruntime-node")
    ap.add_argument("--compile-timeout", type=float, default=900.0)
    ap.add_argument("--compile-mem-limit", type=float, default=default_mem_limit_gib(),
                    help="address-space limit of nncc in GiB, 0 for none "
                         "(default: half the machine's memory)")
    ap.add_argument("--run-timeout", type=float, default=300.0)
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--busy-retries", type=int, default=1,
                    help="re-time a figure taken while the machine was busy (default 1)")
    ap.add_argument("--busy-wait", type=float, default=3.0)
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")

    names = catalog.parse_models(args.models)
    threads = sorted({int(t) for t in args.threads.split(",") if t.strip()})
    engines = set(e.strip() for e in args.engines.split(","))
    os.makedirs(args.out, exist_ok=True)
    work_root = os.path.join(args.out, "work")

    def log(msg):
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    t_start = time.time()
    ensure_models(names, args.size, args.models_dir, log)
    flags = cpu_flags()
    report = dict(
        date=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        nncc_version=git_version(),
        machine=dict(cpu=cpu_name(), cores=NCPU, avx512="avx512f" in flags,
                     openblas_coretype=openblas_coretype(), kernel=platform.release()),
        settings=dict(size=args.size, threads=threads, repeat_seconds=args.repeat_seconds,
                      rounds=args.rounds,
                      rtol=args.rtol, atol=args.atol, engines=sorted(engines),
                      busy_margin_cores=BUSY_MARGIN),
        models=[])
    bench = Bench(args)
    json_path = os.path.join(args.out, "results.json")

    for name in names:
        d = catalog.dir_name(name, args.size)
        model_dir = os.path.join(args.models_dir, d)
        work = os.path.join(work_root, d)
        os.makedirs(work, exist_ok=True)
        row = dict(name=name, dir=d, runs={}, status="ok" if "nncc" in engines else "nncc not run")
        report["models"].append(row)
        try:
            with open(os.path.join(model_dir, "meta.json")) as f:
                meta = json.load(f)
        except (OSError, ValueError) as e:
            row["status"] = f"no model: {e}"
            log(f"{d}: {row['status']}")
            continue
        row.update(flops=meta["flops"], op_histogram=meta["op_histogram"], params=meta["params"])
        refs = [os.path.join(model_dir, o["file"]) for o in meta["outputs"]]
        try:
            comp = None
            if "nncc" in engines:
                log(f"{d}: compiling with nncc")
                comp = bench.compile(meta, model_dir, work)
                row["compile"] = comp
                if comp["ok"]:
                    log(f"{d}: compiled in {comp['seconds']:.1f} s, peak {comp['peak_rss_mib']:.0f} MiB")
                else:
                    row["status"] = "compile failed: " + comp["error"]
                    log(f"{d}: {row['status']}")
            for t in threads:
                rt = row["runs"].setdefault(str(t), {})
                # nncc and ONNX Runtime take turns over --rounds rounds (the
                # order flips each round), so a slow spell of this shared
                # machine falls on both.
                per_round = args.repeat_seconds / args.rounds
                timings = {"nncc": [], "ort": []}
                for rnd in range(args.rounds):
                    order = ["nncc", "ort"] if rnd % 2 == 0 else ["ort", "nncc"]
                    for eng in order:
                        if eng == "nncc" and comp and comp["ok"]:
                            log(f"{d}: nncc {t} thread(s), round {rnd + 1}/{args.rounds}")
                            timings["nncc"].append(bench.nncc_time(
                                meta, model_dir, comp["so"], t,
                                os.path.join(work, f"nncc_out_{t}"), per_round))
                        elif eng == "ort" and "ort" in engines:
                            log(f"{d}: ONNX Runtime {t} thread(s), round {rnd + 1}/{args.rounds}")
                            timings["ort"].append(bench.ort_time(
                                meta, model_dir, t, os.path.join(work, f"ort_out_{t}"), per_round))
                for eng, results in timings.items():
                    if results:
                        rt[eng] = merge_rounds(results)
                if rt.get("ort", {}).get("ort_version"):
                    report["ort_version"] = rt["ort"]["ort_version"]
                if "torch" in engines:
                    log(f"{d}: PyTorch {t} thread(s)")
                    rt["torch"] = bench.torch_time(meta, model_dir, t,
                                                   os.path.join(work, f"torch_out_{t}"))
                    if rt["torch"].get("ok"):
                        report["torch_version"] = rt["torch"].get("torch_version")
                        blas = rt["torch"].get("blas") or []
                        report["torch_blas"] = ("OpenBLAS" if any("openblas" in b for b in blas)
                                                else "reference BLAS" if blas else "?")
            # Accuracy: the worst over thread counts.
            problems = []
            for t in threads:
                rt = row["runs"][str(t)]
                for eng in ("nncc", "ort", "torch"):
                    r = rt.get(eng)
                    if r and not r.get("ok"):
                        problems.append(f"{eng} {t}T: {r.get('error')}")
                n, o = rt.get("nncc"), rt.get("ort")
                if n and n.get("ok"):
                    c = compare(n["outputs"], refs, args.rtol, args.atol)
                    row.setdefault("vs_torch_by_threads", {})[str(t)] = c
                    if o and o.get("ok"):
                        co = compare(n["outputs"], o["outputs"], args.rtol, args.atol)
                        row.setdefault("vs_ort_by_threads", {})[str(t)] = co
                if o and o.get("ok"):
                    row.setdefault("ort_vs_torch_by_threads", {})[str(t)] = compare(
                        o["outputs"], refs, args.rtol, args.atol)
            for key in ("vs_torch", "vs_ort", "ort_vs_torch"):
                cs = list(row.get(key + "_by_threads", {}).values())
                if cs:
                    err = next((c for c in cs if c.get("error")), None)
                    row[key] = err or dict(
                        max_abs=max(c["max_abs"] for c in cs), max_rel=max(c["max_rel"] for c in cs),
                        ok=all(c["ok"] for c in cs))
            if row["status"] in ("ok", "nncc not run"):
                vt = row.get("vs_torch")
                if vt and not vt.get("ok"):
                    row["status"] = ("mismatch: " + vt["error"] if vt.get("error") else
                                     f"mismatch vs PyTorch (max abs {vt['max_abs']:.2g}, "
                                     f"max rel {vt['max_rel']:.2g})")
                elif problems:
                    row["status"] = problems[0]
            ovt = row.get("ort_vs_torch")
            if ovt and not ovt.get("ok"):
                row["status"] += " (note: ONNX Runtime disagrees with PyTorch: check the export)"
        except Exception as e:  # one model's failure never ends the benchmark
            import traceback
            row["status"] = f"benchmark error: {type(e).__name__}: {e}"
            row["traceback"] = traceback.format_exc()
            log(f"{d}: {row['status']}")
        log(f"{d}: {row['status']}")
        with open(json_path, "w") as f:
            json.dump(report, f, indent=1)

    report["seconds"] = round(time.time() - t_start, 1)
    md = make_markdown(report)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(md)
    with open(json_path, "w") as f:
        json.dump(report, f, indent=1)
    chart_err = make_chart(report, os.path.join(args.out, "ratios.png"))
    print(md)
    print(f"results: {os.path.join(args.out, 'results.md')}, {json_path}"
          + (f", {os.path.join(args.out, 'ratios.png')}" if not chart_err else f" ({chart_err})")
          + f"; {report['seconds']:.0f} s in all")


if __name__ == "__main__":
    main()
