//===- Profile.h - Names shared by profiling passes and codegen -*- C++ -*-===//
//
// Part of nncc.
//
// nncc-instrument-kernels writes these; the model emitter reads them to
// build the model's nnrt_model_profile_v1_t (runtime/include/nnrt/
// model_abi.h); libnnrt_model.a defines the two functions.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_CONVERSION_PROFILE_PROFILE_H
#define NNCC_COMPILER_CONVERSION_PROFILE_PROFILE_H

#include "llvm/ADT/StringRef.h"

namespace mlir::nncc {

/// Module attribute: the kernel table, one dictionary per kernel id:
/// {flops = <i64>, name = "<kinds>", nodes = ["<ONNX node>", ...]}.
constexpr llvm::StringLiteral kProfileKernelsAttrName = "nncc.profile_kernels";
/// Mutable global of 2 * <kernels> i64: [2k] total ns, [2k+1] calls.
constexpr llvm::StringLiteral kProfileCountersName = "__nncc_profile_counters";
/// int64_t nncc_profile_begin(void): a timestamp in ns.
constexpr llvm::StringLiteral kProfileBeginName = "nncc_profile_begin";
/// void nncc_profile_end(int64_t *counters, int64_t id, int64_t start).
constexpr llvm::StringLiteral kProfileEndName = "nncc_profile_end";

} // namespace mlir::nncc

#endif // NNCC_COMPILER_CONVERSION_PROFILE_PROFILE_H
