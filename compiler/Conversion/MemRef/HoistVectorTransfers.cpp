//===- HoistVectorTransfers.cpp - Keep accumulators in registers ----------===//
//
// Part of nncc.
//
// After bufferization, a vectorized kernel reads its accumulator tile from
// memory and writes it back on every iteration of the reduction loops. This
// pass hoists such read/write pairs out of the loops so the accumulators
// live in registers for the whole reduction:
//   1. loop-invariant code motion on every scf.for (moves the subviews of
//      the output tile out);
//   2. fold memref.subview into the transfers' indices, so that the
//      transfers address the underlying buffer (hoisting refuses view-like
//      sources, as they might alias), then canonicalize + CSE;
//   3. hoist the redundant transfer pairs (linalg's hoisting utility);
//   4. lower vector.contract to outer products (FMAs) and transfer
//      permutations to plain transfers.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCHOISTVECTORTRANSFERSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

struct HoistVectorTransfersPass
    : mlir::nncc::impl::NNCCHoistVectorTransfersPassBase<
          HoistVectorTransfersPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    bool hasVectorTransfers = false;
    func.walk([&](vector::TransferReadOp) { hasVectorTransfers = true; });
    if (!hasVectorTransfers)
      return;

    func.walk([](LoopLikeOpInterface loop) { moveLoopInvariantCode(loop); });

    RewritePatternSet fold(ctx);
    memref::populateFoldMemRefAliasOpPatterns(fold);
    for (Dialect *dialect : ctx->getLoadedDialects())
      dialect->getCanonicalizationPatterns(fold);
    for (RegisteredOperationName op : ctx->getRegisteredOperations())
      op.getCanonicalizationPatterns(fold, ctx);
    // Not converging within the driver's iteration limit leaves valid
    // (if less optimized) IR: not an error.
    (void)applyPatternsGreedily(func, std::move(fold));
    {
      IRRewriter rewriter(ctx);
      DominanceInfo dom(func);
      eliminateCommonSubExpressions(rewriter, dom, func);
    }

    linalg::hoistRedundantVectorTransfers(func);

    RewritePatternSet lower(ctx);
    vector::populateVectorContractLoweringPatterns(
        lower, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorTransferPermutationMapLoweringPatterns(lower);
    vector::populateVectorOuterProductLoweringPatterns(lower);
    // Not converging within the driver's iteration limit leaves valid
    // (if less optimized) IR: not an error.
    (void)applyPatternsGreedily(func, std::move(lower));
  }
};

} // namespace
