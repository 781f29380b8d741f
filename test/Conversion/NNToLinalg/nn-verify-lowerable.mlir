// RUN: nncc-opt %s -split-input-file -nn-verify-lowerable -verify-diagnostics
// The gate reports, at each op, what the CPU backend cannot lower yet.

func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{'nn.relu' op dynamic dimensions are not supported by the CPU backend yet (type 'tensor<?x4xf32>')}}
  %0 = nn.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @f8(%x: tensor<4xf8E4M3FN>) -> tensor<4xf8E4M3FN> {
  // expected-error@+1 {{'nn.relu' op element type 'f8E4M3FN' is not supported by the CPU backend yet}}
  %0 = nn.relu %x : tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}

// -----

func.func @pow_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error@+1 {{'nn.pow' op element type 'i32' is not supported by the CPU backend yet}}
  %0 = nn.pow %x, %x : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @zero_elements(%x: tensor<0x3xf32>) -> tensor<3x0xf32> {
  // expected-error@+1 {{'nn.reshape' op tensors with zero elements are not supported by the CPU backend yet (type 'tensor<0x3xf32>')}}
  %0 = nn.reshape %x : tensor<0x3xf32> -> tensor<3x0xf32>
  return %0 : tensor<3x0xf32>
}

// -----

func.func @too_large(%x: tensor<4611686018427387904x8xf32>) -> tensor<4611686018427387904x8xf32> {
  // expected-error@+1 {{'nn.relu' op tensor type 'tensor<4611686018427387904x8xf32>' is too large (its byte size overflows)}}
  %0 = nn.relu %x : tensor<4611686018427387904x8xf32>
  return %0 : tensor<4611686018427387904x8xf32>
}

// -----

// Supported ops pass unchanged.
func.func @ok(%x: tensor<4xf32>, %y: tensor<4xi64>, %h: tensor<4xf16>, %u: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xi64>, tensor<4xf16>, tensor<4xui8>) {
  %0 = nn.relu %x : tensor<4xf32>
  %1 = nn.add %y, %y : tensor<4xi64>, tensor<4xi64> -> tensor<4xi64>
  %2 = nn.max %h, %h : tensor<4xf16>, tensor<4xf16> -> tensor<4xf16>
  %3 = nn.div %u, %u : tensor<4xui8>, tensor<4xui8> -> tensor<4xui8>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xi64>, tensor<4xf16>, tensor<4xui8>
}
