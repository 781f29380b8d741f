//===- Driver.h - nncc as a library -----------------------------*- C++ -*-===//
//
// Part of nncc.
//
// Everything the `nncc` command does: parse options, import the model,
// run the pipeline (with IR printing and timing on request), and emit IR,
// assembly, an object or a model.so.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_DRIVER_DRIVER_H
#define NNCC_COMPILER_DRIVER_DRIVER_H

namespace mlir::nncc {

/// Exit codes of the nncc tool.
enum ExitCode : int {
  ExitOK = 0,
  /// The model (or another input file) is bad or cannot be compiled.
  ExitModelError = 1,
  /// Bad command-line usage.
  ExitUsageError = 2,
};

/// Runs nncc with a command line; returns an ExitCode.
int runNNCC(int argc, char **argv);

} // namespace mlir::nncc

#endif // NNCC_COMPILER_DRIVER_DRIVER_H
