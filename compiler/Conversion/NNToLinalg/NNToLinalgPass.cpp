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
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_CONVERTNNTOLINALGPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

void mlir::nncc::populateNNToLinalgTypeConversions(TypeConverter &converter) {
  converter.addConversion([](Type t) { return t; });
  converter.addConversion([](RankedTensorType t) -> Type {
    auto it = dyn_cast<IntegerType>(t.getElementType());
    if (!it || it.isSignless())
      return t;
    return t.clone(IntegerType::get(t.getContext(), it.getWidth()));
  });
}

void mlir::nncc::populateNNToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  populateElementwiseLoweringPatterns(converter, patterns);
  populateConvPoolLoweringPatterns(converter, patterns);
  populateMatMulLoweringPatterns(converter, patterns);
  populateTensorLoweringPatterns(converter, patterns);
  populateReduceLoweringPatterns(converter, patterns);
  populateRecurrentLoweringPatterns(converter, patterns);
}

namespace {
struct ConvertNNToLinalgPass
    : nncc::impl::ConvertNNToLinalgPassBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    TypeConverter converter;
    populateNNToLinalgTypeConversions(converter);
    // Every nn op must go; function signatures and returns must use
    // converted types; everything else (the ops the patterns create) stays.
    target.addIllegalDialect<nn::NNDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
      return converter.isSignatureLegal(f.getFunctionType()) &&
             converter.isLegal(&f.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp>(
        [&](func::ReturnOp r) { return converter.isLegal(r); });
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    populateNNToLinalgConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    if (failed(applyFullConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
