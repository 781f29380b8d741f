#!/usr/bin/env bash
# Checks that the tools link LLVM/MLIR only as the shared libMLIR.so and
# libLLVM.so (static copies next to the shared ones abort at start-up with
# "Option registered more than once", and bloat every binary).
# usage: check_shared_llvm.sh BUILD_DIR TOOL...
set -u
build=$1
shift
status=0
for tool in "$@"; do
  needed=$(readelf -d "$tool" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
  for lib in libMLIR.so.22.1 libLLVM.so.22.1; do
    if ! grep -qx "$lib" <<<"$needed"; then
      echo "FAIL: $tool does not link $lib"
      status=1
    fi
  done
done
static=$(ninja -C "$build" -t commands 2>/dev/null | grep -oE 'lib(MLIR|LLVM)[A-Za-z0-9]+\.a' | sort -u)
if [[ -n $static ]]; then
  echo "FAIL: static LLVM/MLIR libraries on a link line:"
  echo "$static"
  status=1
fi
if ((status == 0)); then echo "PASS: $* link libMLIR.so and libLLVM.so only"; fi
exit $status
