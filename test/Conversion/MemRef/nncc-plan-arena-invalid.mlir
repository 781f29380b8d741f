// RUN: not nncc-opt %s --nncc-plan-arena="functions=main_graph,missing" 2>&1 | FileCheck %s
// A function named in `functions` must exist.
// CHECK: error: nncc-plan-arena: no function 'missing'

func.func @main_graph() {
  return
}
