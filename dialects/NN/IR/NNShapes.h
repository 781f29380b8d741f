//===- NNShapes.h - Shape functions of the NN dialect -----------*- C++ -*-===//
//
// Part of nncc.
//
// One shape function per op. The verifier, the ONNX importer and the
// lowering all call these, so they cannot disagree about a result shape.
// Shapes use ShapedType::kDynamic for unknown dimensions; a dynamic input
// dimension gives a dynamic output dimension rather than an error. On
// failure a function reports through `emitError` and returns failure().
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECTS_NN_IR_NNSHAPES_H
#define NNCC_DIALECTS_NN_IR_NNSHAPES_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace mlir::nncc::nn {

/// Produces the diagnostic a shape function reports into.
using EmitErrorFn = llvm::function_ref<InFlightDiagnostic()>;
using Shape = SmallVector<int64_t>;

/// Numpy (multidirectional) broadcast of two shapes.
FailureOr<Shape> inferBroadcastShape(ArrayRef<int64_t> lhs,
                                     ArrayRef<int64_t> rhs, EmitErrorFn emitError);

/// Conv2D: input NxCxHxW, weight FxC/GxKHxKW, optional bias F; pads are
/// [top, left, bottom, right].
FailureOr<Shape> inferConv2DShape(ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> weight,
                                  std::optional<ArrayRef<int64_t>> bias,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> dilations,
                                  ArrayRef<int64_t> pads, int64_t group,
                                  EmitErrorFn emitError);

/// Gemm: alpha * op(A) * op(B) + beta * C with C broadcastable to MxN.
FailureOr<Shape> inferGemmShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                                std::optional<ArrayRef<int64_t>> c, bool transA,
                                bool transB, EmitErrorFn emitError);

/// numpy.matmul semantics (rank-1 promotion, broadcast batch dimensions).
FailureOr<Shape> inferMatMulShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                                  EmitErrorFn emitError);

/// 2-D pooling over NxCxHxW; `dilations` may be empty (all ones).
FailureOr<Shape> inferPool2DShape(ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pads,
                                  ArrayRef<int64_t> dilations, bool ceilMode,
                                  EmitErrorFn emitError);

/// Global pooling: N x C x D1 ... -> N x C x 1 ...
FailureOr<Shape> inferGlobalPoolShape(ArrayRef<int64_t> input,
                                      EmitErrorFn emitError);

/// BatchNormalization (inference): parameters are rank-1 of size C.
FailureOr<Shape> inferBatchNormShape(ArrayRef<int64_t> input,
                                     ArrayRef<ArrayRef<int64_t>> params,
                                     EmitErrorFn emitError);

/// Flatten at `axis` (0 <= axis <= rank).
FailureOr<Shape> inferFlattenShape(ArrayRef<int64_t> input, int64_t axis,
                                   EmitErrorFn emitError);

/// ONNX Reshape: `target` may hold one -1 (inferred) and 0 (copy the input
/// dimension, unless `allowZero`).
FailureOr<Shape> inferReshapeShape(ArrayRef<int64_t> input,
                                   ArrayRef<int64_t> target, bool allowZero,
                                   EmitErrorFn emitError);

/// Transpose by a permutation of [0, rank).
FailureOr<Shape> inferTransposeShape(ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> perm,
                                     EmitErrorFn emitError);

/// Concat along `axis` (0 <= axis < rank).
FailureOr<Shape> inferConcatShape(ArrayRef<ArrayRef<int64_t>> inputs,
                                  int64_t axis, EmitErrorFn emitError);

/// Reduction over sorted, unique `axes` in [0, rank).
FailureOr<Shape> inferReduceShape(ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> axes, bool keepDims,
                                  EmitErrorFn emitError);

/// Gather: data.shape[:axis] + indices.shape + data.shape[axis+1:].
FailureOr<Shape> inferGatherShape(ArrayRef<int64_t> data,
                                  ArrayRef<int64_t> indices, int64_t axis,
                                  EmitErrorFn emitError);

/// Pad with `pads` = begins then ends (negative amounts crop): the crops
/// must keep at least one element of every dim (the modes that copy input
/// elements need one; zero-element tensors are not supported).
FailureOr<Shape> inferPadShape(ArrayRef<int64_t> input, ArrayRef<int64_t> pads,
                               EmitErrorFn emitError);

/// Slice with per-dim offsets/sizes/strides (already clamped); checks that
/// every accessed element is inside the input.
FailureOr<Shape> inferSliceShape(ArrayRef<int64_t> input,
                                 ArrayRef<int64_t> offsets,
                                 ArrayRef<int64_t> sizes,
                                 ArrayRef<int64_t> strides,
                                 EmitErrorFn emitError);

/// Checks that `input` broadcasts (numpy rules) to exactly `target`.
LogicalResult verifyBroadcastableTo(ArrayRef<int64_t> input,
                                    ArrayRef<int64_t> target,
                                    EmitErrorFn emitError);
/// Operand shapes of a recurrent op (nn.lstm, nn.gru, nn.rnn) in layout 0:
/// x is seq x batch x input; the optional ones are absent when nullopt.
struct RecurrentOperandShapes {
  ArrayRef<int64_t> x, w, r;
  std::optional<ArrayRef<int64_t>> b, initialH, initialC, peepholes;
};

/// Result shapes of a recurrent op.
struct RecurrentResultShapes {
  Shape y;  ///< seq x directions x batch x hidden
  Shape yH; ///< directions x batch x hidden (also the shape of LSTM's Y_c)
};

/// Recurrent ops with `numGates` stacked gates (LSTM 4, GRU 3, RNN 1):
/// w is D x G*H x input, r D x G*H x H, b D x 2*G*H, initial states
/// D x batch x H and LSTM peepholes D x 3*H.
FailureOr<RecurrentResultShapes>
inferRecurrentShapes(int64_t numGates, const RecurrentOperandShapes &operands,
                     int64_t numDirections, int64_t hiddenSize,
                     EmitErrorFn emitError);

/// Checks `axis` against `rank` (0 <= axis < rank).
LogicalResult verifyAxis(int64_t axis, int64_t rank, StringRef what,
                         EmitErrorFn emitError);

/// Number of elements, or std::nullopt if a dim is dynamic or it overflows.
std::optional<int64_t> getNumElements(ArrayRef<int64_t> shape);

/// Whether a tensor of `shape` with `elementBits`-bit elements has a byte
/// size that address arithmetic and the model ABI can hold (within int64,
/// with headroom for strides): false for dynamic shapes too.
bool hasAddressableSize(ArrayRef<int64_t> shape, unsigned elementBits);

} // namespace mlir::nncc::nn

#endif // NNCC_DIALECTS_NN_IR_NNSHAPES_H
