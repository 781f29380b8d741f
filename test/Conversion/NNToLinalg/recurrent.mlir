// RUN: nncc-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(convert-nn-to-linalg))" | FileCheck %s

// LSTM: the biases (Wb + Rb) initialise one contraction that projects every
// time step at once (loops d, t, b, g, k); then an scf.for over time carries
// h, c, Y and the gate accumulator. A step is a named matmul h R^T (maps
// transposing R), a linalg.map for c (i, f, c gates and the Pi, Pf
// peepholes) and one for h (o gate, Po), and an insert of h into Y[t].
// CHECK-DAG: #[[BIAS:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// CHECK-DAG: #[[X:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2, d4)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d4, d3)>
// CHECK-LABEL: func.func @lstm_forward
// CHECK: %[[WB:.+]] = tensor.extract_slice %{{.+}}[0, 0] [1, 12] [1, 1] : tensor<1x24xf32> to tensor<1x12xf32>
// CHECK: %[[RB:.+]] = tensor.extract_slice %{{.+}}[0, 12] [1, 12] [1, 1] : tensor<1x24xf32> to tensor<1x12xf32>
// CHECK: %[[INIT:.+]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[BIAS]], {{.+}}]{{.*}} ins(%[[WB]], %[[RB]] : {{.+}}) outs({{.+}} : tensor<1x3x2x12xf32>)
// CHECK: %[[WT:.+]] = linalg.transpose ins(%arg1 : tensor<1x12x4xf32>) outs(%{{.+}} : tensor<1x4x12xf32>) permutation = [0, 2, 1]
// CHECK: %[[XW:.+]] = linalg.generic {indexing_maps = [#[[X]], #[[W]], {{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %[[WT]] : {{.+}}) outs(%[[INIT]] : tensor<1x3x2x12xf32>)
// CHECK: %[[RS:.+]] = tensor.extract_slice %arg2[0, 0, 0] [1, 12, 3] [1, 1, 1] : tensor<1x12x3xf32> to tensor<12x3xf32>
// CHECK: %[[R:.+]] = linalg.transpose ins(%[[RS]] : tensor<12x3xf32>) outs(%{{.+}} : tensor<3x12xf32>) permutation = [1, 0]
// CHECK: linalg.broadcast
// CHECK: %[[LOOP:.+]]:4 = scf.for %[[T:[a-z0-9_]+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[H:.+]] = %{{.+}}, %[[C:.+]] = %{{.+}}, %[[Y:.+]] = %{{.+}}, %[[ACC:.+]] = %{{.+}}) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<3x1x2x3xf32>, tensor<2x12xf32>)
// CHECK:   %[[XWT:.+]] = tensor.extract_slice %[[XW]][0, %[[T]], 0, 0] [1, 1, 2, 12] [1, 1, 1, 1] : tensor<1x3x2x12xf32> to tensor<2x12xf32>
// CHECK:   %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[ACC]] : tensor<2x12xf32>)
// CHECK:   %[[HR:.+]] = linalg.matmul ins(%[[H]], %[[R]] : tensor<2x3xf32>, tensor<3x12xf32>) outs(%[[ZERO]] : tensor<2x12xf32>)
// CHECK:   %[[CNEW:.+]] = linalg.map ins({{.+}}, %[[C]], {{.+}} : {{.+}}) outs(%[[C]] : tensor<2x3xf32>)
// CHECK:     math.exp
// CHECK:     math.tanh
// CHECK:   %[[HNEW:.+]] = linalg.map ins({{.+}}, %[[CNEW]], {{.+}} : {{.+}}) outs(%[[H]] : tensor<2x3xf32>)
// CHECK:   %[[YNEW:.+]] = tensor.insert_slice %[[HNEW]] into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 3] [1, 1, 1, 1] : tensor<2x3xf32> into tensor<3x1x2x3xf32>
// CHECK:   scf.yield %[[HNEW]], %[[CNEW]], %[[YNEW]], %[[HR]]
// CHECK: %[[YC:.+]] = tensor.expand_shape %[[LOOP]]#1 {{\[}}[0, 1], [2]] output_shape [1, 2, 3] : tensor<2x3xf32> into tensor<1x2x3xf32>
// CHECK: return %[[LOOP]]#2, %[[YC]]
func.func @lstm_forward(%x: tensor<3x2x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>, %b: tensor<1x24xf32>, %p: tensor<1x9xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %y_h, %y_c = nn.lstm %x, %w, %r bias(%b) peepholes(%p) {direction = "forward", hidden_size = 3 : i64} : (tensor<3x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x24xf32>, tensor<1x9xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %y, %y_c : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

// -----

// The reverse direction walks t = seq-1 .. 0; an unused Y is not carried
// and not written. Without a bias the projection starts from zeros.
// CHECK-LABEL: func.func @rnn_reverse_no_y
// CHECK-NOT: linalg.generic {{.*}}ins(%arg3
// CHECK: %[[LAST:.+]] = arith.constant 3 : index
// CHECK: scf.for %[[IV:[a-z0-9_]+]] = {{.+}} iter_args(%{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) -> (tensor<1x4xf32>, tensor<1x4xf32>)
// CHECK:   %[[T:[a-z0-9_]+]] = arith.subi %[[LAST]], %[[IV]] : index
// CHECK:   tensor.extract_slice %{{.+}}[0, %[[T]], 0, 0] [1, 1, 1, 4]
// CHECK:   linalg.matmul
// CHECK:   linalg.map
// CHECK:     math.tanh
// CHECK-NOT: tensor.insert_slice
// CHECK:   scf.yield
func.func @rnn_reverse_no_y(%x: tensor<4x1x2xf32>, %w: tensor<1x4x2xf32>, %r: tensor<1x4x4xf32>) -> tensor<1x1x4xf32> {
  %y, %y_h = nn.rnn %x, %w, %r {direction = "reverse", hidden_size = 4 : i64} : (tensor<4x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>) -> (tensor<4x1x1x4xf32>, tensor<1x1x4xf32>)
  return %y_h : tensor<1x1x4xf32>
}

// -----

// GRU, linear_before_reset = false: r * h feeds a second product with Rh, so
// a step has two matmuls (h Rzr^T, then (r * h) Rh^T, with R transposed
// once before the loop), each into its own
// loop-carried accumulator. The initial state is copied, never written in
// place. Every iter_arg starts from its own bufferization.alloc_tensor:
// tensor.empty ops of one type would be merged by CSE, and one-shot
// bufferization then gives the iter_args one shared buffer (regression: the
// r * h and (r * h) Rh^T accumulators overwrote each other).
// CHECK-LABEL: func.func @gru_split
// CHECK-DAG: %[[RZR:.+]] = tensor.extract_slice %{{.+}}[0, 0] [2, 4] [1, 1] : tensor<2x6xf32> to tensor<2x4xf32>
// CHECK-DAG: %[[RH:.+]] = tensor.extract_slice %{{.+}}[0, 4] [2, 2] [1, 1] : tensor<2x6xf32> to tensor<2x2xf32>
// CHECK: %[[H0:.+]] = tensor.extract_slice %arg3[0, 0, 0] [1, 1, 2] [1, 1, 1] : tensor<1x1x2xf32> to tensor<1x2xf32>
// CHECK: linalg.copy ins(%[[H0]] : tensor<1x2xf32>) outs(%{{.+}} : tensor<1x2xf32>)
// CHECK-COUNT-3: bufferization.alloc_tensor()
// CHECK: scf.for
// CHECK:   linalg.matmul {{.*}}ins(%{{.+}}, %[[RZR]] : tensor<1x2xf32>, tensor<2x4xf32>)
// CHECK:   %[[RHV:.+]] = linalg.map
// CHECK:   linalg.matmul {{.*}}ins(%[[RHV]], %[[RH]] : tensor<1x2xf32>, tensor<2x2xf32>)
// CHECK:   linalg.map
// CHECK:   scf.yield
func.func @gru_split(%x: tensor<3x1x2xf32>, %w: tensor<1x6x2xf32>, %r: tensor<1x6x2xf32>, %h0: tensor<1x1x2xf32>) -> tensor<3x1x1x2xf32> {
  %y, %y_h = nn.gru %x, %w, %r initial_h(%h0) {direction = "forward", hidden_size = 2 : i64, linear_before_reset = false} : (tensor<3x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>, tensor<1x1x2xf32>) -> (tensor<3x1x1x2xf32>, tensor<1x1x2xf32>)
  return %y : tensor<3x1x1x2xf32>
}

// -----

// Bidirectional GRU, linear_before_reset = true: Rb stays out of the
// projection (only Wb initialises it) and starts each step's accumulator,
// so that n = tanh(xWh + r * (h Rh^T + Rbh)). Direction 0 runs forward,
// direction 1 backward, both writing into the same Y; Y_h stacks the last
// states.
// CHECK-LABEL: func.func @gru_bidirectional_linear_before_reset
// CHECK: %[[WB:.+]] = tensor.extract_slice %arg3[0, 0] [2, 6] [1, 1] : tensor<2x12xf32> to tensor<2x6xf32>
// CHECK: linalg.generic {{.*}}ins(%[[WB]] : tensor<2x6xf32>)
// CHECK: %[[RB0:.+]] = tensor.extract_slice %arg3[0, 6] [1, 6] [1, 1] : tensor<2x12xf32> to tensor<6xf32>
// CHECK: %[[RB0B:.+]] = linalg.broadcast ins(%[[RB0]] : tensor<6xf32>)
// CHECK: %[[FWD:.+]]:3 = scf.for %[[T0:[a-z0-9_]+]] =
// CHECK:   linalg.copy ins(%[[RB0B]] : tensor<1x6xf32>)
// CHECK:   linalg.matmul
// CHECK:   tensor.insert_slice %{{.+}} into %{{.+}}[%[[T0]], 0, 0, 0] [1, 1, 1, 2]
// CHECK: %[[RB1:.+]] = tensor.extract_slice %arg3[1, 6] [1, 6] [1, 1] : tensor<2x12xf32> to tensor<6xf32>
// CHECK: %[[BWD:.+]]:3 = scf.for {{.+}} iter_args(%{{.+}} = %{{.+}}, %{{.+}} = %[[FWD]]#1, %{{.+}} = %{{.+}})
// CHECK:   %[[T1:.+]] = arith.subi
// CHECK:   tensor.insert_slice %{{.+}} into %{{.+}}[%[[T1]], 1, 0, 0] [1, 1, 1, 2]
// CHECK: %[[S0:.+]] = tensor.insert_slice %[[FWD]]#0 into %{{.+}}[0, 0, 0] [1, 1, 2]
// CHECK: %[[S1:.+]] = tensor.insert_slice %[[BWD]]#0 into %[[S0]][1, 0, 0] [1, 1, 2]
// CHECK: return %[[BWD]]#1, %[[S1]]
func.func @gru_bidirectional_linear_before_reset(%x: tensor<3x1x2xf32>, %w: tensor<2x6x2xf32>, %r: tensor<2x6x2xf32>, %b: tensor<2x12xf32>) -> (tensor<3x2x1x2xf32>, tensor<2x1x2xf32>) {
  %y, %y_h = nn.gru %x, %w, %r bias(%b) {direction = "bidirectional", hidden_size = 2 : i64, linear_before_reset = true} : (tensor<3x1x2xf32>, tensor<2x6x2xf32>, tensor<2x6x2xf32>, tensor<2x12xf32>) -> (tensor<3x2x1x2xf32>, tensor<2x1x2xf32>)
  return %y, %y_h : tensor<3x2x1x2xf32>, tensor<2x1x2xf32>
}
