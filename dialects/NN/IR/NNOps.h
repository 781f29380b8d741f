//===- NNOps.h - NN dialect operations --------------------------*- C++ -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECTS_NN_IR_NNOPS_H
#define NNCC_DIALECTS_NN_IR_NNOPS_H

#include "dialects/NN/IR/NNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>
#include <vector>

#define GET_OP_CLASSES
#include "dialects/NN/IR/NNOps.h.inc"

namespace mlir::nncc::nn {

/// The constant `value` (a dense or dense_resource elements attribute),
/// viewed with shape `inShape` (same number of elements, row-major), with
/// its dims permuted by `perm` (result dim i = input dim perm[i]) into
/// `outType`. Any size; large results are new resource blobs. Returns null
/// when `value` is not such a constant of byte-sized elements.
ElementsAttr permuteConstant(Attribute value, ArrayRef<int64_t> inShape,
                             ArrayRef<int64_t> perm, RankedTensorType outType);

/// The constant `value` of type `inType` zero-padded at the end of each dim
/// into `outType` (same rank and element type, every dim at least as large).
/// Large results are new resource blobs. Returns null when `value` is not
/// such a constant of byte-sized elements.
ElementsAttr padConstant(Attribute value, RankedTensorType inType,
                         RankedTensorType outType);

/// The `n` elements of the f32 constant `value` (dense, splat or
/// dense_resource), or nullopt when it is not such a constant.
std::optional<std::vector<float>> constantFloats(Attribute value, int64_t n);

/// An f32 constant of `type` holding `data`: dense when small, else a new
/// resource blob named after `baseName`.
ElementsAttr floatsConstant(RankedTensorType type, ArrayRef<float> data,
                            StringRef baseName);

/// The Winograd F(2x2, 3x3) transform U = G g G^T of the 3x3 f32
/// convolution weights `value` of type `hwcfType` (3 x 3 x C x F), as a
/// 16 x 1 x C x F constant: U[4a + b] is the C x F matrix of transformed tap
/// (a, b). Returns null when `value` is not such a constant.
ElementsAttr winogradWeights(Attribute value, RankedTensorType hwcfType);

} // namespace mlir::nncc::nn

#endif // NNCC_DIALECTS_NN_IR_NNOPS_H
