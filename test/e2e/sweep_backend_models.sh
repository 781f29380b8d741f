#!/usr/bin/env bash
# Robustness sweep: compiles every model of the ONNX backend test data
# (about 1070, most of them outside the e2e list) and fails if nncc exits
# with anything but 0 (compiled) or 1 (a reported error): a crash, an abort
# or a hang (60 s limit per model) is a bug.
# usage: sweep_backend_models.sh NNCC DATA_DIR WORK_DIR
set -u
nncc=$1 data=$2 work=$3
mkdir -p "$work"
total=0 ok=0 rejected=0 bad=0
for model in "$data"/*/*/model.onnx; do
  [[ -f $model ]] || continue
  total=$((total + 1))
  timeout 60 "$nncc" "$model" -o "$work/model.so" >"$work/last.log" 2>&1
  rc=$?
  case $rc in
    0) ok=$((ok + 1)) ;;
    1) rejected=$((rejected + 1)) ;;
    *) bad=$((bad + 1))
       echo "FAIL: exit $rc on $model"
       head -5 "$work/last.log" ;;
  esac
done
echo "$total models: $ok compiled, $rejected rejected with an error, $bad crashed or hung"
if ((total == 0)); then echo "FAIL: no models under $data"; exit 1; fi
((bad == 0))
