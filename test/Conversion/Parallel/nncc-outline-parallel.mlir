// RUN: nncc-opt %s --split-input-file --nncc-outline-parallel | FileCheck %s

// A 1-D forall over function arguments: the body moves into a task that
// rebuilds both memrefs from their pointers; the loop becomes a call.
// CHECK: func.func private @nncc_model_parallel_for(i64, (!llvm.ptr, i64) -> (), !llvm.ptr)
// CHECK-LABEL: func.func @forall_1d
// CHECK-SAME: (%[[A:.+]]: memref<64x16xf32>, %[[B:.+]]: memref<64x16xf32>)
// CHECK: %[[ONE:.+]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: %[[CTX:.+]] = llvm.alloca %[[ONE]] x !llvm.struct<(ptr, ptr)>
// CHECK-NOT: scf.forall
// CHECK: %[[PA:.+]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[IA:.+]] = arith.index_cast %[[PA]] : index to i64
// CHECK: %[[QA:.+]] = llvm.inttoptr %[[IA]] : i64 to !llvm.ptr
// CHECK: %[[SA:.+]] = llvm.getelementptr inbounds %[[CTX]][0, 0]
// CHECK: llvm.store %[[QA]], %[[SA]]
// CHECK: memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: llvm.getelementptr inbounds %[[CTX]][0, 1]
// CHECK: %[[FN:.+]] = constant @[[TASK:__nncc_task_0]] : (!llvm.ptr, i64) -> ()
// CHECK: %[[N:.+]] = arith.constant 64 : i64
// CHECK: call @nncc_model_parallel_for(%[[N]], %[[FN]], %[[CTX]])
// CHECK-NOT: scf.forall
// CHECK: return
// CHECK: func.func private @[[TASK]](%[[C:.+]]: !llvm.ptr, %[[I:.+]]: i64) attributes {nncc.parallel_task}
// CHECK: %[[S0:.+]] = llvm.getelementptr inbounds %[[C]][0, 0]
// CHECK: %[[P0:.+]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.insertvalue %[[P0]]
// CHECK: %[[M0:.+]] = builtin.unrealized_conversion_cast %{{.+}} : !llvm.struct<(ptr, ptr, i64)> to memref<f32>
// CHECK: %[[A2:.+]] = memref.reinterpret_cast %[[M0]] to offset: [0], sizes: [64, 16], strides: [16, 1] : memref<f32> to memref<64x16xf32>
// CHECK: %[[B2:.+]] = memref.reinterpret_cast %{{.+}} to offset: [0], sizes: [64, 16], strides: [16, 1] : memref<f32> to memref<64x16xf32>
// Constants are cloned, not captured.
// CHECK: %[[C16:.+]] = arith.constant 16 : index
// CHECK: %[[IV:.+]] = arith.index_cast %[[I]] : i64 to index
// CHECK: scf.for %[[J:.+]] = %{{.+}} to %[[C16]]
// CHECK: %[[V:.+]] = memref.load %[[A2]][%[[IV]], %[[J]]]
// CHECK: memref.store %[[V]], %[[B2]][%[[IV]], %[[J]]]
// CHECK: return
func.func @forall_1d(%a: memref<64x16xf32>, %b: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.forall (%i) in (64) {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %a[%i, %j] : memref<64x16xf32>
      memref.store %v, %b[%i, %j] : memref<64x16xf32>
    }
  }
  return
}

// -----

// A 2-D forall with lower bounds and steps is linearised (4 x 8 = 32 tasks,
// the inner dim fastest); index and f32 scalars travel by value.
// CHECK-LABEL: func.func @forall_2d
// CHECK-SAME: (%[[A:.+]]: memref<4x8xf32>, %[[S:.+]]: f32, %[[OFF:.+]]: index)
// CHECK: %[[CTX:.+]] = llvm.alloca %{{.+}} x !llvm.struct<(i64, f32, ptr)>
// CHECK: %[[OFF64:.+]] = arith.index_cast %[[OFF]] : index to i64
// CHECK: llvm.store %[[OFF64]], %{{.+}} : i64, !llvm.ptr
// CHECK: llvm.store %[[S]], %{{.+}} : f32, !llvm.ptr
// CHECK: %[[N:.+]] = arith.constant 32 : i64
// CHECK: call @nncc_model_parallel_for(%[[N]], %{{.+}}, %[[CTX]])
// CHECK: func.func private @__nncc_task_0(%[[C:.+]]: !llvm.ptr, %[[I:.+]]: i64)
// CHECK: %[[OFFL:.+]] = llvm.load %{{.+}} : !llvm.ptr -> i64
// CHECK: %[[OFF2:.+]] = arith.index_cast %[[OFFL]] : i64 to index
// CHECK: %[[S2:.+]] = llvm.load %{{.+}} : !llvm.ptr -> f32
// CHECK: %[[L:.+]] = arith.index_cast %[[I]] : i64 to index
// CHECK: %[[C8:.+]] = arith.constant 8 : index
// CHECK: %[[J:.+]] = arith.remui %[[L]], %[[C8]] : index
// CHECK: %[[Q:.+]] = arith.divui %[[L]], %[[C8]] : index
// CHECK: %[[C2:.+]] = arith.constant 2 : index
// CHECK: %[[Q2:.+]] = arith.muli %[[Q]], %[[C2]] : index
// CHECK: %[[C1:.+]] = arith.constant 1 : index
// CHECK: %[[II:.+]] = arith.addi %[[Q2]], %[[C1]] : index
// CHECK: arith.addi %[[II]], %[[OFF2]] : index
// CHECK: arith.addf %{{.+}}, %[[S2]] : f32
// CHECK: memref.store %{{.+}}, %{{.+}}[%{{.+}}, %[[J]]] : memref<4x8xf32>
func.func @forall_2d(%a: memref<4x8xf32>, %s: f32, %n: index) {
  scf.forall (%i, %j) = (1, 0) to (9, 8) step (2, 1) {
    %k = arith.addi %i, %n : index
    %ki = arith.index_cast %k : index to i32
    %kf = arith.sitofp %ki : i32 to f32
    %v = arith.addf %kf, %s : f32
    %r = arith.constant 1 : index
    %ii = arith.subi %i, %r : index
    %c2 = arith.constant 2 : index
    %ih = arith.divui %ii, %c2 : index
    memref.store %v, %a[%ih, %j] : memref<4x8xf32>
  }
  return
}

// -----

// A 1-D scf.parallel (lower bound 2, step 3: 4 iterations).
// CHECK-LABEL: func.func @parallel_1d
// CHECK-NOT: scf.parallel
// CHECK: %[[N:.+]] = arith.constant 4 : i64
// CHECK: call @nncc_model_parallel_for(%[[N]]
// CHECK: func.func private @__nncc_task_0(
// CHECK: %[[L:.+]] = arith.index_cast %{{.+}} : i64 to index
// CHECK: %[[C3:.+]] = arith.constant 3 : index
// CHECK: %[[M:.+]] = arith.muli %[[L]], %[[C3]] : index
// CHECK: %[[C2:.+]] = arith.constant 2 : index
// CHECK: %[[IV:.+]] = arith.addi %[[M]], %[[C2]] : index
// CHECK: memref.store %{{.+}}, %{{.+}}[%[[IV]]] : memref<16xf32>
func.func @parallel_1d(%a: memref<16xf32>) {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c12 = arith.constant 12 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c2) to (%c12) step (%c3) {
    memref.store %f, %a[%i] : memref<16xf32>
  }
  return
}

// -----

// Globals are read in the task (get_global cloned); a view with a static
// offset is passed as its base pointer and rebuilt with that offset; a view
// with a dynamic offset is cloned into the task from its captured source
// and offset; allocations in the body stay in the task.
memref.global "private" constant @w : memref<8xf32> = dense<1.0>
// CHECK-LABEL: func.func @captures
// CHECK-SAME: (%[[A:.+]]: memref<32x8xf32>, %[[OFF:.+]]: index)
// CHECK: %[[CTX:.+]] = llvm.alloca %{{.+}} x !llvm.struct<(ptr, ptr, i64)>
// CHECK: %[[SV:.+]] = memref.subview %[[A]][8, 0] [4, 8] [1, 1]
// CHECK: memref.extract_aligned_pointer_as_index %[[SV]] : memref<4x8xf32, strided<[8, 1], offset: 64>>
// CHECK: memref.extract_aligned_pointer_as_index %[[A]] : memref<32x8xf32>
// CHECK: arith.index_cast %[[OFF]] : index to i64
// CHECK: call @nncc_model_parallel_for
// CHECK: func.func private @__nncc_task_0(
// CHECK: %[[SV2:.+]] = memref.reinterpret_cast %{{.+}} to offset: [64], sizes: [4, 8], strides: [8, 1] : memref<f32> to memref<4x8xf32, strided<[8, 1], offset: 64>>
// CHECK: %[[A2:.+]] = memref.reinterpret_cast %{{.+}} to offset: [0], sizes: [32, 8], strides: [8, 1] : memref<f32> to memref<32x8xf32>
// CHECK: %[[OFF2:.+]] = arith.index_cast %{{.+}} : i64 to index
// CHECK-DAG: memref.get_global @w : memref<8xf32>
// CHECK-DAG: memref.subview %[[A2]][%[[OFF2]], 0] [4, 8] [1, 1]
// CHECK: memref.alloc() : memref<8xf32>
// CHECK: memref.dealloc
// CHECK: return
func.func @captures(%a: memref<32x8xf32>, %off: index) {
  %g = memref.get_global @w : memref<8xf32>
  %sv = memref.subview %a[8, 0] [4, 8] [1, 1] : memref<32x8xf32> to memref<4x8xf32, strided<[8, 1], offset: 64>>
  %dv = memref.subview %a[%off, 0] [4, 8] [1, 1] : memref<32x8xf32> to memref<4x8xf32, strided<[8, 1], offset: ?>>
  %c0 = arith.constant 0 : index
  scf.forall (%i) in (4) {
    %tmp = memref.alloc() : memref<8xf32>
    %x = memref.load %sv[%i, %c0] : memref<4x8xf32, strided<[8, 1], offset: 64>>
    %y = memref.load %g[%i] : memref<8xf32>
    %z = arith.addf %x, %y : f32
    memref.store %z, %tmp[%c0] : memref<8xf32>
    %t = memref.load %tmp[%c0] : memref<8xf32>
    memref.store %t, %dv[%i, %c0] : memref<4x8xf32, strided<[8, 1], offset: ?>>
    memref.dealloc %tmp : memref<8xf32>
  }
  return
}

// -----

// Only the outermost loop is outlined; the inner forall stays in the task
// (it runs serially there). A loop inside scf.for gets its context from the
// entry block, outside the sequential loop.
// CHECK-LABEL: func.func @nested
// CHECK: llvm.alloca
// CHECK: scf.for
// CHECK-NOT: llvm.alloca
// CHECK: call @nncc_model_parallel_for
// CHECK: func.func private @__nncc_task_0(
// CHECK: scf.forall (%{{.+}}) in (8)
func.func @nested(%a: memref<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %f = arith.constant 1.0 : f32
  scf.for %t = %c0 to %c3 step %c1 {
    scf.forall (%i) in (8) {
      scf.forall (%j) in (8) {
        memref.store %f, %a[%i, %j] : memref<8x8xf32>
      }
    }
  }
  return
}

// -----

// Two loops in one function get two tasks and two contexts; a loop without
// captures passes a null context.
// CHECK-LABEL: func.func @two_loops
// CHECK: constant @__nncc_task_0 :
// CHECK: %[[NULL:.+]] = llvm.mlir.zero : !llvm.ptr
// CHECK: constant @__nncc_task_1 :
// CHECK: call @nncc_model_parallel_for(%{{.+}}, %{{.+}}, %[[NULL]])
// CHECK: func.func private @__nncc_task_1(
// CHECK: func.func private @__nncc_task_0(
func.func @two_loops(%a: memref<8xf32>) {
  %f = arith.constant 1.0 : f32
  scf.forall (%i) in (8) {
    memref.store %f, %a[%i] : memref<8xf32>
  }
  scf.forall (%i) in (2) {
    %c = arith.constant 0 : index
  }
  return
}

// -----

// A trip count of 1 is not worth a task.
// CHECK-LABEL: func.func @single_iteration
// CHECK-NOT: nncc_model_parallel_for
// CHECK: scf.for
func.func @single_iteration(%a: memref<8xf32>) {
  %f = arith.constant 1.0 : f32
  scf.forall (%i) in (1) {
    memref.store %f, %a[%i] : memref<8xf32>
  }
  return
}
