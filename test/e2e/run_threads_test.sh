#!/usr/bin/env bash
# Compiles a model with nncc (default -O2: parallel chunks) and checks that
# runs on 1 and 2 threads give bit-identical outputs that also match the
# reference outputs of every test_data_set_*.
# usage: run_threads_test.sh NNCC NNCC_RUN CASE_DIR WORK_DIR [RTOL ATOL]
set -u
nncc=$1 run=$2 case=$3 work=$4 rtol=${5:-1e-3} atol=${6:-1e-5}
mkdir -p "$work"
so=$work/model.so
"$nncc" "$case/model.onnx" -o "$so" || { echo "FAIL: nncc could not compile $case"; exit 1; }
sets=0
for ds in "$case"/test_data_set_*; do
  [[ -d $ds ]] || continue
  inputs=() expects=()
  while IFS= read -r f; do inputs+=(--input "$f"); done < <(ls "$ds"/input_*.pb | sort -V)
  while IFS= read -r f; do expects+=("$f"); done < <(ls "$ds"/output_*.pb | sort -V)
  for t in 1 2; do
    rm -rf "$work/out$t"
    "$run" "$so" "${inputs[@]}" --expect "${expects[@]}" --rtol "$rtol" --atol "$atol" \
      --threads $t --save-outputs "$work/out$t" || { echo "FAIL: $ds on $t threads"; exit 1; }
  done
  for f in "$work"/out1/*.npy; do
    cmp "$f" "$work/out2/${f##*/}" ||
      { echo "FAIL: $ds: ${f##*/} differs between 1 and 2 threads"; exit 1; }
  done
  sets=$((sets + 1))
done
if ((sets == 0)); then echo "FAIL: no test_data_set_* in $case"; exit 1; fi
echo "PASS: $case ($sets data sets, 1 and 2 threads bit-identical)"
