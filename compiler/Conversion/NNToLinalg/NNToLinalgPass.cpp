//===- NNToLinalgPass.cpp - The convert-nn-to-linalg pass -----------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/NN/IR/NNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_CONVERTNNTOLINALGPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

void mlir::nncc::populateNNToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  populateElementwiseLoweringPatterns(patterns);
  populateConvPoolLoweringPatterns(patterns);
  populateMatMulLoweringPatterns(patterns);
  populateTensorLoweringPatterns(patterns);
}

namespace {
struct ConvertNNToLinalgPass
    : nncc::impl::ConvertNNToLinalgPassBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    // Every nn op must go; everything else (func, and the ops the patterns
    // create) stays.
    target.addIllegalDialect<nn::NNDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    populateNNToLinalgConversionPatterns(patterns);
    if (failed(applyFullConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
