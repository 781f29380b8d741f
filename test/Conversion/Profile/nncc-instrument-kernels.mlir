// RUN: nncc-opt %s --nncc-instrument-kernels --split-input-file --verify-diagnostics | FileCheck %s

// Three kernels: a copy located at the conv node (its FLOPs go elsewhere),
// a loop nest with the conv's and the relu's arithmetic (so both nodes'
// FLOPs), and a linalg op without any node location. The allocation, the
// view and the deallocation are not kernels; the private helper is not
// instrumented. The per-node table (nncc.node_info) is replaced by the
// kernel table.
// CHECK-LABEL: module attributes {nncc.profile_kernels = [
// CHECK-SAME: {flops = 0 : i64, name = "conv2d (copy)", nodes = ["conv"]},
// CHECK-SAME: {flops = 110 : i64, name = "conv2d+relu", nodes = ["conv", "relu"]},
// CHECK-SAME: {flops = 0 : i64, name = "linalg.generic", nodes = []}]}
// CHECK-NOT: nncc.node_info
// CHECK: memref.global "private" @__nncc_profile_counters : memref<6xi64> = dense<0> {alignment = 64 : i64}
// CHECK-DAG: func.func private @nncc_profile_begin() -> i64
// CHECK-DAG: func.func private @nncc_profile_end(memref<6xi64>, i64, i64)
// CHECK-LABEL: func.func @main_graph
// CHECK: %[[CNT:.*]] = memref.get_global @__nncc_profile_counters : memref<6xi64>
// CHECK: memref.alloc
// CHECK-NEXT: memref.subview
// CHECK-NEXT: %[[T0:.*]] = call @nncc_profile_begin() : () -> i64
// CHECK-NEXT: memref.copy
// CHECK-NEXT: %[[K0:.*]] = arith.constant 0 : i64
// CHECK-NEXT: call @nncc_profile_end(%[[CNT]], %[[K0]], %[[T0]]) : (memref<6xi64>, i64, i64) -> ()
// CHECK-NEXT: %[[T1:.*]] = call @nncc_profile_begin()
// CHECK-NEXT: scf.for
// CHECK: arith.maximumf
// CHECK-NEXT: memref.store
// CHECK-NEXT: }
// CHECK-NEXT: %[[K1:.*]] = arith.constant 1 : i64
// CHECK-NEXT: call @nncc_profile_end(%[[CNT]], %[[K1]], %[[T1]])
// CHECK-NEXT: %[[T2:.*]] = call @nncc_profile_begin()
// CHECK-NEXT: linalg.generic
// CHECK: linalg.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[K2:.*]] = arith.constant 2 : i64
// CHECK-NEXT: call @nncc_profile_end(%[[CNT]], %[[K2]], %[[T2]])
// CHECK-NEXT: scf.if
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: }
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: nncc_profile
// CHECK: return
module attributes {nncc.node_info = {conv = {flops = 100 : i64, kind = "conv2d"}, relu = {flops = 10 : i64, kind = "relu"}}} {
  func.func @main_graph(%x: memref<4xf32>, %y: memref<4xf32>, %flag: i1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %zero = arith.constant 0.0 : f32
    %alloc = memref.alloc() : memref<4xf32>
    %view = memref.subview %alloc[0] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1]>>
    memref.copy %x, %alloc : memref<4xf32> to memref<4xf32> loc(#conv)
    scf.for %i = %c0 to %c4 step %c1 {
      %a = memref.load %alloc[%i] : memref<4xf32> loc(#conv)
      %m = arith.mulf %a, %a : f32 loc(#conv)
      %r = arith.maximumf %m, %zero : f32 loc(#relu)
      memref.store %r, %y[%i] : memref<4xf32>
    }
    linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%y : memref<4xf32>) {
    ^bb0(%o: f32):
      %n = arith.negf %o : f32
      linalg.yield %n : f32
    }
    scf.if %flag {
      memref.dealloc %alloc : memref<4xf32>
    }
    return
  }
  func.func private @helper(%y: memref<4xf32>) {
    %c0 = arith.constant 0 : index
    %zero = arith.constant 0.0 : f32
    memref.store %zero, %y[%c0] : memref<4xf32>
    return
  }
}
#file = loc("m.onnx":0:0)
#conv = loc("conv"(#file))
#relu = loc("relu"(#file))

// -----

// Node names are found through FusedLoc and CallSiteLoc; a node's FLOPs go
// to the kernel with the most of its arithmetic (here the second), and a
// node without node_info gives no kind (the kernel is named after its op).
// Nodes are listed in program order (node_info's `order`; "b" comes first),
// those without one after them.
// CHECK-LABEL: module attributes {nncc.profile_kernels = [
// CHECK-SAME: {flops = 0 : i64, name = "sub+add", nodes = ["b", "a"]},
// CHECK-SAME: {flops = 7 : i64, name = "add", nodes = ["a"]},
// CHECK-SAME: {flops = 0 : i64, name = "scf.for", nodes = ["x"]}]}
module attributes {nncc.node_info = {a = {flops = 7 : i64, kind = "add", order = 1 : i64}, b = {flops = 0 : i64, kind = "sub", order = 0 : i64}}} {
  func.func @main_graph(%y: memref<4xf32>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    scf.for %i = %c0 to %c4 step %c1 {
      %v = memref.load %y[%i] : memref<4xf32>
      %s = arith.addf %v, %v : f32 loc(fused["a"("m.onnx":0:0), "b"("m.onnx":0:0)])
      memref.store %s, %y[%i] : memref<4xf32>
    }
    scf.for %i = %c0 to %c4 step %c1 {
      %v = memref.load %y[%i] : memref<4xf32>
      %s = arith.addf %v, %v : f32 loc(callsite("a"("m.onnx":0:0) at "m.onnx":1:1))
      %t = arith.addf %s, %v : f32 loc("a"("m.onnx":0:0))
      memref.store %t, %y[%i] : memref<4xf32>
    }
    scf.for %i = %c0 to %c4 step %c1 {
      %v = memref.load %y[%i] : memref<4xf32>
      %s = arith.mulf %v, %v : f32 loc("x"("m.onnx":0:0))
      memref.store %s, %y[%i] : memref<4xf32>
    }
    return
  }
}

// -----

// Multiplications decide before other arithmetic: node "w" (a Winograd
// convolution) has a transform kernel with three adds and a product kernel
// with one FMA; its FLOPs go to the product.
// CHECK-LABEL: module attributes {nncc.profile_kernels = [
// CHECK-SAME: {flops = 0 : i64, name = "conv2d", nodes = ["w"]},
// CHECK-SAME: {flops = 50 : i64, name = "conv2d", nodes = ["w"]}]}
module attributes {nncc.node_info = {w = {flops = 50 : i64, kind = "conv2d", order = 0 : i64}}} {
  func.func @main_graph(%y: memref<4xvector<8xf32>>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    scf.for %i = %c0 to %c4 step %c1 {
      %v = memref.load %y[%i] : memref<4xvector<8xf32>>
      %a = arith.addf %v, %v : vector<8xf32> loc("w"("m.onnx":0:0))
      %b = arith.subf %a, %v : vector<8xf32> loc("w"("m.onnx":0:0))
      %c = arith.addf %b, %a : vector<8xf32> loc("w"("m.onnx":0:0))
      memref.store %c, %y[%i] : memref<4xvector<8xf32>>
    }
    scf.for %i = %c0 to %c4 step %c1 {
      %v = memref.load %y[%i] : memref<4xvector<8xf32>>
      %f = vector.fma %v, %v, %v : vector<8xf32> loc("w"("m.onnx":0:0))
      memref.store %f, %y[%i] : memref<4xvector<8xf32>>
    }
    return
  }
}

// -----

// No kernels: an empty table, and nothing is added.
// CHECK-LABEL: module attributes {nncc.profile_kernels = []}
// CHECK-NOT: memref.global
// CHECK-NOT: nncc_profile
// CHECK-LABEL: func.func @main_graph
// CHECK-NEXT: return
module {
  func.func @main_graph(%x: memref<4xf32>) {
    return
  }
}

// -----

// expected-error @below {{the module is already instrumented for profiling}}
module attributes {nncc.profile_kernels = []} {
  func.func @main_graph(%x: memref<4xf32>) {
    return
  }
}
