// RUN: nncc-opt %s --split-input-file --verify-diagnostics --nncc-outline-parallel="emit-remarks=1" | FileCheck %s
// Loops that cannot become tasks stay serial (an scf.forall becomes an
// scf.for) and never miscompile; emit-remarks says why, and reports the
// loops that were outlined.

// CHECK-LABEL: func.func @outlined
// CHECK: call @nncc_model_parallel_for
func.func @outlined(%a: memref<8xf32>) {
  %f = arith.constant 1.0 : f32
  // expected-remark@+1 {{outlined as 8 parallel tasks with 1 captured values}}
  scf.forall (%i) in (8) {
    memref.store %f, %a[%i] : memref<8xf32>
  }
  return
}

// -----

// A vector captured from outside cannot be passed.
// CHECK-LABEL: func.func @vector_capture
// CHECK-NOT: nncc_model_parallel_for
// CHECK: scf.for
// CHECK: vector.store
func.func @vector_capture(%a: memref<8x4xf32>, %v: vector<4xf32>) {
  %c0 = arith.constant 0 : index
  // expected-remark@+1 {{parallel loop left serial: cannot pass a value of type 'vector<4xf32>' to a task}}
  scf.forall (%i) in (8) {
    vector.store %v, %a[%i, %c0] : memref<8x4xf32>, vector<4xf32>
  }
  return
}

// -----

// Nor can a memref with a dynamic shape (it would need its sizes).
// CHECK-LABEL: func.func @dynamic_memref
// CHECK-NOT: nncc_model_parallel_for
// CHECK: scf.for
func.func @dynamic_memref(%a: memref<?xf32>) {
  %f = arith.constant 1.0 : f32
  // expected-remark@+1 {{parallel loop left serial: cannot pass a value of type 'memref<?xf32>' to a task}}
  scf.forall (%i) in (8) {
    memref.store %f, %a[%i] : memref<?xf32>
  }
  return
}

// -----

// Dynamic bounds.
// CHECK-LABEL: func.func @dynamic_bounds
// CHECK-NOT: nncc_model_parallel_for
// CHECK: scf.for
func.func @dynamic_bounds(%a: memref<8xf32>, %n: index) {
  %f = arith.constant 1.0 : f32
  // expected-remark@+1 {{parallel loop left serial: the loop has dynamic bounds}}
  scf.forall (%i) in (%n) {
    memref.store %f, %a[%i] : memref<8xf32>
  }
  return
}

// -----

// A single iteration.
// CHECK-LABEL: func.func @single
// CHECK-NOT: nncc_model_parallel_for
// CHECK: scf.for
func.func @single(%a: memref<8xf32>) {
  %f = arith.constant 1.0 : f32
  // expected-remark@+1 {{parallel loop left serial: the trip count is 1}}
  scf.forall (%i) in (1) {
    memref.store %f, %a[%i] : memref<8xf32>
  }
  return
}

// -----

// A forall on tensors (not bufferized) is left as it is.
// CHECK-LABEL: func.func @tensor_forall
// CHECK: scf.forall
func.func @tensor_forall(%t: tensor<8xf32>) -> tensor<8xf32> {
  %f = arith.constant 1.0 : f32
  // expected-remark@+1 {{parallel loop left serial: the loop has shared outputs (tensors)}}
  %r = scf.forall (%i) in (8) shared_outs(%o = %t) -> (tensor<8xf32>) {
    %s = tensor.from_elements %f : tensor<1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf32> into tensor<8xf32>
    }
  }
  return %r : tensor<8xf32>
}

// -----

// An scf.parallel with a reduction stays (it lowers to serial loops).
// CHECK-LABEL: func.func @parallel_reduction
// CHECK-NOT: nncc_model_parallel_for
// CHECK: scf.parallel
func.func @parallel_reduction(%a: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  // expected-remark@+1 {{parallel loop left serial: the loop has reductions}}
  %r = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%zero) -> f32 {
    %v = memref.load %a[%i] : memref<8xf32>
    scf.reduce(%v : f32) {
    ^bb0(%x: f32, %y: f32):
      %s = arith.addf %x, %y : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}
