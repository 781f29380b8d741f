// Multi-threaded generated code, end to end: nncc-tile-parallel splits the
// matmul (97 rows: 5 chunks of 20 rows, the last one of 17), and
// nncc-outline-parallel outlines it and the hand-written 2-D scf.forall
// (which captures a scalar, a view with a static offset and a view with a
// dynamic offset, and allocates per task). Runs on 1, 2 and 3 threads must
// give exact results, bit-identical between 1 and 2 threads.
// RUN: %python %S/Inputs/parallel_inputs.py %t
// RUN: nncc %s -o %t.so
// RUN: nncc-run %t.so --input %t.x.npy --input %t.w.npy --expect %t.y.npy %t.r.npy --rtol 0 --atol 0 --threads 1 --save-outputs %t.1
// RUN: nncc-run %t.so --input %t.x.npy --input %t.w.npy --expect %t.y.npy %t.r.npy --rtol 0 --atol 0 --threads 2 --save-outputs %t.2
// RUN: nncc-run %t.so --input %t.x.npy --input %t.w.npy --expect %t.y.npy %t.r.npy --rtol 0 --atol 0 --threads 3
// RUN: cmp %t.1/output0.npy %t.2/output0.npy
// RUN: cmp %t.1/output1.npy %t.2/output1.npy

// Both loops go through the runtime's pool, and the run installs its env.
// RUN: nncc %s --emit=llvm-ir | FileCheck %s
// CHECK-DAG: call void @nncc_model_parallel_for(i64 5, ptr nonnull @__nncc_task_{{[0-9]+}}
// CHECK-DAG: call void @nncc_model_parallel_for(i64 24, ptr nonnull @__nncc_task_{{[0-9]+}}
// CHECK-DAG: call ptr @nncc_model_env_enter(ptr
// CHECK-DAG: call void @nncc_model_env_exit(ptr

// -O0 stays serial: no tasks, no env.
// RUN: nncc %s -O0 --emit=llvm-ir | FileCheck %s --check-prefix=O0
// O0-NOT: nncc_model_parallel_for
// O0-NOT: nncc_model_env_enter
// RUN: nncc %s -O0 -o %t.O0.so
// RUN: nncc-run %t.O0.so --input %t.x.npy --input %t.w.npy --expect %t.y.npy %t.r.npy --rtol 0 --atol 0 --threads 2

#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @main_graph(%x: tensor<97x48xf32>, %w: tensor<48x40xf32>) -> (tensor<97x40xf32>, tensor<4x6x8xf32>) {
  // Tiled by nncc-tile-parallel (97 rows: 5 chunks, the last one short).
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<97x40xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<97x40xf32>) -> tensor<97x40xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<97x48xf32>, tensor<48x40xf32>) outs(%f : tensor<97x40xf32>) -> tensor<97x40xf32>
  // A hand-written 2-D forall: a scalar, a strided view with a static offset and a view with a
  // dynamic offset are captured.
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %s = tensor.extract %x[%c0, %c0] : tensor<97x48xf32>
  %si = arith.fptoui %s : f32 to i32
  %off = arith.index_cast %si : i32 to index
  %view = tensor.extract_slice %x[8, 0] [32, 48] [1, 1] : tensor<97x48xf32> to tensor<32x48xf32>
  %dyn = tensor.extract_slice %x[%off, 0] [4, 48] [1, 1] : tensor<97x48xf32> to tensor<4x48xf32>
  %o = tensor.empty() : tensor<4x6x8xf32>
  %r = scf.forall (%i, %j) in (4, 6) shared_outs(%acc = %o) -> (tensor<4x6x8xf32>) {
    %row = tensor.empty() : tensor<1x1x8xf32>
    %filled = scf.for %k = %c0 to %c8 step %c1 iter_args(%t = %row) -> (tensor<1x1x8xf32>) {
      %jk = arith.addi %j, %k : index
      %a = tensor.extract %view[%i, %jk] : tensor<32x48xf32>
      %b = tensor.extract %dyn[%i, %k] : tensor<4x48xf32>
      %ab = arith.mulf %a, %b : f32
      %v = arith.addf %ab, %s : f32
      %t2 = tensor.insert %v into %t[%c0, %c0, %k] : tensor<1x1x8xf32>
      scf.yield %t2 : tensor<1x1x8xf32>
    }
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %filled into %acc[%i, %j, 0] [1, 1, 8] [1, 1, 1] : tensor<1x1x8xf32> into tensor<4x6x8xf32>
    }
  }
  return %mm, %r : tensor<97x40xf32>, tensor<4x6x8xf32>
}
