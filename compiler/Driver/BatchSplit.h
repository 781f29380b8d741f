//===- BatchSplit.h - Compile a batch as a loop over images -----*- C++ -*-===//
//
// Part of nncc.
//
// A model run on a batch of N images whose every op treats the images
// independently (convolutions, pools, elementwise ops, per-image Gemm
// rows...) computes, image by image, what the same graph computes on one
// image. nncc then compiles the graph for one image and has the model's run
// function call it N times: each image's activations stay in cache from
// layer to layer (a batch-8 ResNet-50 streams 8x larger activations through
// L3 when every layer runs on the whole batch), and the workspace is one
// image's.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_DRIVER_BATCHSPLIT_H
#define NNCC_COMPILER_DRIVER_BATCHSPLIT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/DenseSet.h"

#include <cstdint>
#include <optional>
#include <string>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::nncc {

/// A batch of `n` images that a function keeps apart, and the values that
/// carry it (leading dim n, computed from the inputs).
struct SeparableBatch {
  int64_t n = 0;
  llvm::DenseSet<Value> batched;
};

/// The batch when `func` (nn dialect, static shapes) computes each of its
/// results' N > 1 images from the same image of every input: every input and
/// result has N as its leading dim, and every op reading a batched value is
/// one that keeps images apart (a convolution, a pool, an elementwise op
/// broadcasting unbatched operands, a Gemm with the batch as A's rows, a
/// reshape keeping the leading dim, a softmax not over it...). Otherwise
/// std::nullopt, with `reason` naming the first op (or signature) that
/// mixes images.
std::optional<SeparableBatch> findSeparableBatch(func::FuncOp func,
                                                 std::string &reason);

/// Sets the leading dim of `model`'s graph inputs and outputs from `n` to 1
/// and drops its intermediate value_info (shape inference redoes them).
/// Initializers are untouched: IR imported from `model` stays valid.
void setOneImage(onnx::ModelProto &model, int64_t n);

/// Whether `one` (the graph imported for one image) is `batched` with its
/// `batch` cut to 1: the same ops in the same order, each value that
/// carries the batch having the same type with leading dim 1 in `one`, all
/// others the same type. Otherwise false, with `reason`.
bool isOneImageOf(func::FuncOp one, func::FuncOp batched,
                  const SeparableBatch &batch, std::string &reason);

} // namespace mlir::nncc

#endif // NNCC_COMPILER_DRIVER_BATCHSPLIT_H
