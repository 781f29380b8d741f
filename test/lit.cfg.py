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
llvm_config.add_tool_substitutions(
    [ToolSubst("nncc-opt", unresolved="fatal"),
     ToolSubst("nncc", unresolved="fatal"),
     ToolSubst("nncc-run", unresolved="fatal")],
    [config.nncc_tools_dir])
