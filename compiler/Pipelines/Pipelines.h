//===- Pipelines.h - nncc pass pipelines ------------------------*- C++ -*-===//
//
// Part of nncc.
//
// The only place that knows pass order. nncc and nncc-opt (as
// `--nncc-pipeline`) run the same pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_PIPELINES_PIPELINES_H
#define NNCC_COMPILER_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::nncc {

/// Where the pipeline stops; each stage includes the ones before it.
enum class PipelineStage {
  /// nn dialect after graph-level canonicalization.
  NN,
  /// linalg/tensor/arith/math on tensors.
  Linalg,
  /// LLVM dialect, ready for translation to LLVM IR.
  LLVM,
};

struct PipelineOptions : public PassPipelineOptions<PipelineOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("Optimization level 0-3"),
                            llvm::cl::init(2)};
  Option<unsigned> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Vector register width of the target CPU in bits"),
      llvm::cl::init(256)};
  Option<unsigned> vectorRegisters{
      *this, "vector-registers",
      llvm::cl::desc("Number of vector registers of the target CPU"),
      llvm::cl::init(16)};
  Option<bool> winograd{
      *this, "winograd",
      llvm::cl::desc("Run qualifying 3x3 stride-1 convolutions as Winograd "
                     "F(2x2, 3x3) (-O1 and up)"),
      llvm::cl::init(true)};
  Option<bool> profile{
      *this, "profile",
      llvm::cl::desc("Time every kernel (nncc --profile): FLOP counts per "
                     "ONNX node, then calls to the profiling runtime"),
      llvm::cl::init(false)};
};

/// Appends the passes from imported nn IR up to (and including) `stopAfter`.
/// Fails (with a diagnostic string) only on a malformed internal pipeline.
LogicalResult buildNNCCPipeline(OpPassManager &pm,
                                const PipelineOptions &options,
                                PipelineStage stopAfter,
                                std::string *errorMessage = nullptr);

/// Registers `nncc-pipeline` for nncc-opt.
void registerNNCCPipelines();

} // namespace mlir::nncc

#endif // NNCC_COMPILER_PIPELINES_PIPELINES_H
