//===- nncc-opt.cpp - nncc's mlir-opt for lit tests -----------------------===//
//
// Part of nncc.
//
// Registers the nn dialect, nncc's passes and pipelines, and the upstream
// dialects and passes they produce, then runs MlirOptMain.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Registration.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::nncc::registerAllDialects(registry);
  mlir::nncc::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nncc optimizer driver\n", registry));
}
