//===- ParallelTiling.h - Choosing parallel chunks --------------*- C++ -*-===//
//
// Part of nncc.
//
// The heuristic half of nncc-tile-parallel: which loop of a linalg op to
// split across threads and into how many chunks. Free functions, so unit
// tests can call them without running the pass.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_CONVERSION_PARALLEL_PARALLELTILING_H
#define NNCC_COMPILER_CONVERSION_PARALLEL_PARALLELTILING_H

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"

#include <cstdint>
#include <optional>

namespace mlir::nncc {

/// Where to split an op: loop `dim` in chunks of `tileSize` iterations,
/// `numChunks` of them (the last one may be smaller).
struct ParallelTile {
  unsigned dim = 0;
  int64_t tileSize = 0;
  int64_t numChunks = 0;
};

/// The chunk size for a loop of `extent` iterations split into at most
/// `maxChunks` chunks (both >= 1): extent / d for the largest divisor d of
/// extent in [ceil(maxChunks / 2), maxChunks], so that all chunks are
/// equal; otherwise ceil(extent / min(extent, maxChunks)).
int64_t chooseParallelTileSize(int64_t extent, int64_t maxChunks);

/// The split of `op` nncc-tile-parallel applies, or std::nullopt when the
/// op is left alone: not on tensors, dynamic loop ranges, fewer than
/// `minIterations` points in its iteration space (the product of all loop
/// extents), or no parallel loop of extent > 1 that indexes every output.
/// Picks the outermost such loop; reduction loops are never split. The
/// number of chunks is at most `maxChunks` and at most
/// points / (minIterations / 2), so each chunk has some work. Chunks of the
/// innermost loop (the one LLVM vectorizes) have at least 128 elements and
/// are ceil(extent / chunks) rounded up to a multiple of 16; chunks of other
/// loops come from chooseParallelTileSize.
std::optional<ParallelTile> selectParallelTile(linalg::LinalgOp op,
                                               int64_t minIterations,
                                               int64_t maxChunks);

} // namespace mlir::nncc

#endif // NNCC_COMPILER_CONVERSION_PARALLEL_PARALLELTILING_H
