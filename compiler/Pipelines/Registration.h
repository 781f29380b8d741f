//===- Registration.h - Dialects and passes nncc uses -----------*- C++ -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_PIPELINES_REGISTRATION_H
#define NNCC_COMPILER_PIPELINES_REGISTRATION_H

#include "mlir/IR/DialectRegistry.h"

namespace mlir::nncc {

/// The nn dialect plus every upstream dialect, interface model and LLVM
/// translation the pipelines produce.
void registerAllDialects(DialectRegistry &registry);

/// nncc's passes and pipelines plus the upstream passes (for nncc-opt and
/// for textual pipelines).
void registerAllPasses();

} // namespace mlir::nncc

#endif // NNCC_COMPILER_PIPELINES_REGISTRATION_H
