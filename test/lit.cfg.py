# -*- Python -*-
# lit configuration for nncc's FileCheck tests.
import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "NNCC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtext", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit",
                   "e2e", "Inputs", "build"]
config.substitutions.append(("%python", sys.executable))
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nncc_obj_root, "test")

llvm_config.use_default_substitutions()
# not, count, FileCheck, llvm-nm from LLVM 22 (Debian installs them off PATH).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.nncc_tools_dir, append_path=True)
config.substitutions.append(("%nncc_src_root", config.nncc_src_root))

# %limits CMD...: runs CMD with 60 s of CPU time and 2 GiB of memory
# (hostile-model tests). Normally the memory bound is an address-space limit.
# ASan and TSan reserve terabytes of address space for their shadow memory at
# start-up, which such a limit forbids, so in such a build (NNCC_SANITIZE)
# the sanitizer bounds memory itself: it aborts the process once its resident
# memory passes 2 GiB (hard_rss_limit_mb) and refuses any single allocation
# over 2 GiB (max_allocation_size_mb). Tests using it pin each exact error,
# so a process stopped by a bound fails the test either way.
def limits_command(sanitize):
    bounds = "hard_rss_limit_mb=2048:max_allocation_size_mb=2048"
    settings = []
    for name, var in (("address", "ASAN_OPTIONS"), ("thread", "TSAN_OPTIONS"),
                      ("memory", "MSAN_OPTIONS")):
        if name in sanitize.split(","):
            # Later settings win, so these are appended to the suite's own.
            base = os.environ.get(var, "")
            settings.append(var + "=" + (base + ":" if base else "") + bounds)
    if not settings:
        return "prlimit --as=2147483648 --cpu=60"
    return "prlimit --cpu=60 env " + " ".join(settings)


config.substitutions.append(("%limits", limits_command(config.nncc_sanitize)))
llvm_config.add_tool_substitutions(
    [ToolSubst("nncc-opt", unresolved="fatal"),
     ToolSubst("nncc", unresolved="fatal"),
     ToolSubst("nncc-run", unresolved="fatal")],
    [config.nncc_tools_dir])
