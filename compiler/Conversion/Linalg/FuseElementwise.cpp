//===- FuseElementwise.cpp - Elementwise fusion without recomputation -----===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCFUSEELEMENTWISEPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// The cost model: fuse only when the consumer reads every element of the
/// producer's result exactly once, and nothing else reads the producer.
/// A producer with other users (a residual chain's add+relu feeds the next
/// block's convolution and its residual add) would otherwise be computed
/// twice: once for its other users and once inside the fused op, which also
/// keeps the producer's inputs alive and turns the next add into a growing
/// chain that no convolution epilogue can absorb.
bool fusesWithoutRecomputation(OpOperand *fusedOperand) {
  auto consumer = dyn_cast<linalg::LinalgOp>(fusedOperand->getOwner());
  if (!consumer)
    return false;
  Operation *producer = fusedOperand->get().getDefiningOp();
  if (!producer)
    return false;
  for (Operation *user : producer->getUsers())
    if (user != consumer.getOperation())
      return false;
  // An elementwise op on a convolution's result is that convolution's
  // epilogue (nncc-vectorize-convolutions runs it on each register tile);
  // fused into a reduction (ResNet's last residual add+relu into the global
  // average pool) it would leave the convolution without one.
  if (consumer.getNumReductionLoops() > 0)
    for (Value operand : producer->getOperands())
      if (auto def = operand.getDefiningOp<linalg::LinalgOp>())
        if (linalg::isaConvolutionOpInterface(def))
          return false;
  AffineMap map = consumer.getMatchingIndexingMap(fusedOperand);
  return map.isPermutation();
}

struct FuseElementwisePass
    : nncc::impl::NNCCFuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns,
                                                 fusesWithoutRecomputation);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
