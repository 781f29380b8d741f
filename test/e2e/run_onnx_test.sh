#!/usr/bin/env bash
# Compiles one ONNX backend test case with nncc and checks every
# test_data_set_* with nncc-run.
# usage: run_onnx_test.sh NNCC NNCC_RUN CASE_DIR WORK_DIR [RTOL ATOL [FREEZE]]
# FREEZE is a comma-separated list of input indices compiled as constants
# ("constant" mode, e.g. the shape input of Reshape); the model is then
# compiled once per data set with those inputs frozen to its values.
set -u
nncc=$1 run=$2 case=$3 work=$4 rtol=${5:-1e-3} atol=${6:-1e-5} freeze=${7:-}
if [[ ! -f $case/model.onnx ]]; then
  echo "missing test case: $case/model.onnx (is libonnx-testdata installed?)"
  exit 1
fi
mkdir -p "$work"
so=$work/model.so
if [[ -z $freeze ]]; then
  "$nncc" "$case/model.onnx" -o "$so" || { echo "FAIL: nncc could not compile $case"; exit 1; }
fi
frozen=",$freeze,"
sets=0
for ds in "$case"/test_data_set_*; do
  [[ -d $ds ]] || continue
  inputs=() expects=() freezes=()
  while IFS= read -r f; do
    idx=${f##*/input_}
    idx=${idx%.pb}
    if [[ $frozen == *",$idx,"* ]]; then
      freezes+=(--freeze-input "$f")
    else
      inputs+=(--input "$f")
    fi
  done < <(ls "$ds"/input_*.pb 2>/dev/null | sort -V)
  while IFS= read -r f; do expects+=("$f"); done < <(ls "$ds"/output_*.pb 2>/dev/null | sort -V)
  if ((${#expects[@]} == 0)); then echo "FAIL: $ds has no outputs"; exit 1; fi
  if [[ -n $freeze ]]; then
    so=$work/model_${ds##*/}.so
    "$nncc" "$case/model.onnx" "${freezes[@]}" -o "$so" ||
      { echo "FAIL: nncc could not compile $case with ${freezes[*]}"; exit 1; }
  fi
  "$run" "$so" "${inputs[@]}" --expect "${expects[@]}" --rtol "$rtol" --atol "$atol" ||
    { echo "FAIL: $ds"; exit 1; }
  sets=$((sets + 1))
done
if ((sets == 0)); then echo "FAIL: no test_data_set_* in $case"; exit 1; fi
echo "PASS: $case ($sets data sets)"
