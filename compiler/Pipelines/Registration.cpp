//===- Registration.cpp - Dialects and passes nncc uses -------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Registration.h"

#include "compiler/Conversion/Passes.h"
#include "compiler/Pipelines/Pipelines.h"
#include "dialects/NN/IR/NNDialect.h"
#include "dialects/NN/Transforms/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"

void mlir::nncc::registerAllDialects(DialectRegistry &registry) {
  registry.insert<nn::NNDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
}

void mlir::nncc::registerAllPasses() {
  mlir::registerAllPasses();
  registerNNCCConversionPasses();
  registerNNTransformsPasses();
  registerNNCCPipelines();
}
