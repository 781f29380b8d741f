//===- TileParallel.cpp - Split large linalg ops into scf.forall ----------===//
//
// Part of nncc.
//
// nncc-tile-parallel: tiles the outermost parallel loop of every large
// linalg op into an scf.forall of chunks (scf::tileUsingSCF), which
// nncc-outline-parallel later turns into tasks of the runtime's thread pool.
// Ops marked nncc.tiled (tiled by an earlier pass) are left alone.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Parallel/ParallelTiling.h"
#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "nncc-tile-parallel"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCTILEPARALLELPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

/// Marks an op that is already tiled; nncc-tile-parallel skips it.
static constexpr StringLiteral kTiledAttr = "nncc.tiled";
/// Chunks of the innermost loop are multiples of this many elements (one
/// AVX-512 register of f32) and have at least kMinInnerChunk of them (512
/// contiguous bytes of f32 per row: shorter rows defeat the prefetchers).
static constexpr int64_t kVectorElements = 16;
static constexpr int64_t kMinInnerChunk = 128;

//===----------------------------------------------------------------------===//
// Heuristic
//===----------------------------------------------------------------------===//

int64_t mlir::nncc::chooseParallelTileSize(int64_t extent, int64_t maxChunks) {
  if (extent <= 1 || maxChunks <= 1)
    return std::max<int64_t>(extent, 1);
  int64_t chunks = std::min(extent, maxChunks);
  for (int64_t d = chunks; d >= (chunks + 1) / 2 && d > 1; --d)
    if (extent % d == 0)
      return extent / d;
  return (extent + chunks - 1) / chunks;
}

std::optional<ParallelTile>
mlir::nncc::selectParallelTile(linalg::LinalgOp op, int64_t minIterations,
                               int64_t maxChunks) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() == 0)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t points = 1;
  for (int64_t r : ranges) {
    if (ShapedType::isDynamic(r))
      return std::nullopt;
    // Saturate: only the comparison with minIterations matters.
    points = r != 0 && points > INT64_MAX / r ? INT64_MAX : points * r;
  }
  if (points < minIterations)
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < ranges.size(); ++d) {
    if (iterators[d] != utils::IteratorType::parallel || ranges[d] <= 1)
      continue;
    // Chunks must write disjoint parts of every output.
    bool indexesOutputs =
        llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
          AffineMap map = op.getMatchingIndexingMap(&init);
          return llvm::any_of(map.getResults(), [&](AffineExpr e) {
            auto dim = dyn_cast<AffineDimExpr>(e);
            return dim && dim.getPosition() == d;
          });
        });
    if (!indexesOutputs)
      continue;
    ParallelTile tile;
    tile.dim = d;
    // Each chunk gets at least minIterations / 2 points, so per-chunk
    // overhead stays small next to its work.
    int64_t chunks =
        std::min(maxChunks, points / std::max<int64_t>(minIterations / 2, 1));
    // The innermost loop is the one LLVM vectorizes and streams through
    // memory: chunks of it keep at least kMinInnerChunk elements, in whole
    // vectors.
    bool innermost = d + 1 == ranges.size();
    if (innermost)
      chunks = std::min(chunks, ranges[d] / kMinInnerChunk);
    if (chunks <= 1)
      return std::nullopt;
    tile.tileSize =
        innermost ? static_cast<int64_t>(llvm::alignTo(
                        llvm::divideCeil(ranges[d], chunks), kVectorElements))
                  : chooseParallelTileSize(ranges[d], chunks);
    tile.numChunks = (ranges[d] + tile.tileSize - 1) / tile.tileSize;
    if (tile.numChunks <= 1)
      return std::nullopt;
    return tile;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {

struct TileParallelPass
    : nncc::impl::NNCCTileParallelPassBase<TileParallelPass> {
  using Base::Base;

  void runOnOperation() override {
    if (minIterations < 1 || maxChunks < 1) {
      getOperation().emitError("nncc-tile-parallel: min-iterations and "
                               "max-chunks must be >= 1, got ")
          << static_cast<int64_t>(minIterations) << " and "
          << static_cast<int64_t>(maxChunks);
      return signalPassFailure();
    }
    SmallVector<std::pair<linalg::LinalgOp, ParallelTile>> work;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kTiledAttr) || op->getParentOfType<scf::ForallOp>() ||
          !isa<TilingInterface>(op.getOperation()))
        return;
      if (std::optional<ParallelTile> tile =
              selectParallelTile(op, minIterations, maxChunks))
        work.push_back({op, *tile});
    });

    IRRewriter rewriter(&getContext());
    for (auto [op, tile] : work) {
      SmallVector<OpFoldResult> sizes(op.getNumLoops(),
                                      rewriter.getIndexAttr(0));
      sizes[tile.dim] = rewriter.getIndexAttr(tile.tileSize);
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp)
          .setTileSizes(sizes);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled)) {
        // Not an error: the op simply stays serial.
        LLVM_DEBUG(llvm::dbgs() << "cannot tile " << *op << "\n");
        continue;
      }
      for (Operation *t : tiled->tiledOps)
        t->setAttr(kTiledAttr, rewriter.getUnitAttr());
      rewriter.replaceOp(op, tiled->replacements);
    }
  }
};

} // namespace
