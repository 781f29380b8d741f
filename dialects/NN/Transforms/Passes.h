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

} // namespace mlir::nncc

#endif // NNCC_DIALECTS_NN_TRANSFORMS_PASSES_H
