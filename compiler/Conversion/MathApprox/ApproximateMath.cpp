//===- ApproximateMath.cpp - Polynomial math for model.so -----------------===//
//
// Part of nncc.
//
// Expands composite math ops (tanh, powf, ...) and replaces f32
// transcendental functions with MLIR's polynomial approximations, so the
// generated code is self-contained (no libm) and vectorizable.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCAPPROXIMATEMATHPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {
struct ApproximateMathPass
    : nncc::impl::NNCCApproximateMathPassBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    math::populateExpansionPatterns(patterns);
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
