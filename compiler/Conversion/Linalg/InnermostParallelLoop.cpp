//===- InnermostParallelLoop.cpp - Vectorizable loop order ----------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCINNERMOSTPARALLELLOOPPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// The permutation moving the output's last dimension innermost, or empty
/// when the op is not a contraction/convolution or already in that order.
SmallVector<unsigned> innermostOutputDim(linalg::GenericOp op) {
  if (!linalg::isaContractionOpInterface(op) &&
      !linalg::isaConvolutionOpInterface(op))
    return {};
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0)
    return {};
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outMap.getNumResults() == 0)
    return {};
  auto last = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  if (!last)
    return {};
  unsigned d = last.getPosition(), n = op.getNumLoops();
  if (d == n - 1)
    return {};
  SmallVector<unsigned> perm;
  for (unsigned i = 0; i < n; ++i)
    if (i != d)
      perm.push_back(i);
  perm.push_back(d);
  return perm;
}

struct InnermostParallelLoopPass
    : nncc::impl::NNCCInnermostParallelLoopPassBase<
          InnermostParallelLoopPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    // Named convolutions and pooling have no interchange; generalize them.
    SmallVector<linalg::LinalgOp> named;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::GenericOp>(op) &&
          (linalg::isaConvolutionOpInterface(op) ||
           isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op)))
        named.push_back(op);
    });
    for (linalg::LinalgOp op : named) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }
    SmallVector<linalg::GenericOp> generics;
    getOperation().walk([&](linalg::GenericOp op) { generics.push_back(op); });
    for (linalg::GenericOp op : generics) {
      SmallVector<unsigned> perm = innermostOutputDim(op);
      if (perm.empty())
        continue;
      rewriter.setInsertionPoint(op);
      if (failed(linalg::interchangeGenericOp(rewriter, op, perm)))
        continue;
    }
  }
};

} // namespace
