//===- Passes.h - nn graph-level passes -------------------------*- C++ -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECTS_NN_TRANSFORMS_PASSES_H
#define NNCC_DIALECTS_NN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

#define GEN_PASS_DECL
#include "dialects/NN/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/NN/Transforms/Passes.h.inc"

/// Module attribute written by nn-annotate-flops:
/// {<ONNX node name> = {flops = <i64>, kind = "<nn op kind(s)>"}}.
constexpr llvm::StringLiteral kNodeInfoAttrName = "nncc.node_info";

namespace nn {
/// Floating-point operations `op` (an nn op) performs per run, by the rules
/// of nn-annotate-flops; nullopt when a shape it needs is dynamic.
std::optional<int64_t> countFlops(Operation *op);
} // namespace nn

} // namespace mlir::nncc

#endif // NNCC_DIALECTS_NN_TRANSFORMS_PASSES_H
