#!/bin/sh
# Copies the ONNX backend test models (Debian package libonnx-testdata) into a
# libFuzzer seed corpus. They are not committed: only crash regressions are.
# Usage: make_seed_corpus.sh TESTDATA_DIR OUT_DIR
set -eu
src=$1
out=$2
mkdir -p "$out"
n=0
for d in node pytorch-converted pytorch-operator simple; do
  [ -d "$src/$d" ] || continue
  for m in "$src/$d"/*/model.onnx; do
    [ -f "$m" ] || continue
    cp "$m" "$out/$d-$(basename "$(dirname "$m")").onnx"
    n=$((n + 1))
  done
done
echo "seed corpus: $n models in $out"
[ "$n" -gt 0 ]
