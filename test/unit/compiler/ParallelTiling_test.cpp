//===- ParallelTiling_test.cpp - nncc-tile-parallel's heuristic -----------===//
//
// Part of nncc.
//
// Chunk sizes (equal chunks where the extent allows) and the choice of the
// loop to split: outermost parallel loop of extent > 1 that indexes every
// output, never a reduction, nothing below the work threshold.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Parallel/ParallelTiling.h"
#include "compiler/Pipelines/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nncc;

namespace {

TEST(ParallelTileSizeTest, DivisibleExtentsGiveEqualChunks) {
  EXPECT_EQ(chooseParallelTileSize(64, 32), 2);  // 32 chunks
  EXPECT_EQ(chooseParallelTileSize(100, 32), 4); // 25 chunks
  EXPECT_EQ(chooseParallelTileSize(56, 32), 2);  // 28 chunks
  EXPECT_EQ(chooseParallelTileSize(1024, 32), 32);
}

TEST(ParallelTileSizeTest, SmallExtentsGiveOneIterationPerChunk) {
  EXPECT_EQ(chooseParallelTileSize(7, 32), 1);
  EXPECT_EQ(chooseParallelTileSize(32, 32), 1);
  EXPECT_EQ(chooseParallelTileSize(2, 32), 1);
}

TEST(ParallelTileSizeTest, OtherExtentsRoundUp) {
  // 97 is prime: chunks of 4, the last one of 1 (25 chunks).
  EXPECT_EQ(chooseParallelTileSize(97, 32), 4);
  // 1000 has no divisor in [16, 32] but 20 and 25: 25 chunks of 40.
  EXPECT_EQ(chooseParallelTileSize(1000, 32), 40);
  // 2 * 67: no divisor in [16, 32]; ceil(134 / 32) = 5 (27 chunks).
  EXPECT_EQ(chooseParallelTileSize(134, 32), 5);
}

TEST(ParallelTileSizeTest, DegenerateInputs) {
  EXPECT_EQ(chooseParallelTileSize(1, 32), 1);
  EXPECT_EQ(chooseParallelTileSize(10, 1), 10);
}

/// Parses `source` and returns the first linalg op of @f.
struct Parsed {
  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  linalg::LinalgOp op;
};

std::unique_ptr<Parsed> parse(const char *source) {
  auto p = std::make_unique<Parsed>();
  DialectRegistry registry;
  registerAllDialects(registry);
  p->ctx.appendDialectRegistry(registry);
  p->module = parseSourceString<ModuleOp>(source, &p->ctx);
  if (!p->module)
    return nullptr;
  p->module->walk([&](linalg::LinalgOp op) {
    if (!p->op)
      p->op = op;
  });
  return p->op ? std::move(p) : nullptr;
}

TEST(SelectParallelTileTest, MatmulSplitsRows) {
  auto p = parse(R"mlir(
    func.func @f(%a: tensor<128x256xf32>, %b: tensor<256x64xf32>, %c: tensor<128x64xf32>) -> tensor<128x64xf32> {
      %r = linalg.matmul ins(%a, %b : tensor<128x256xf32>, tensor<256x64xf32>) outs(%c : tensor<128x64xf32>) -> tensor<128x64xf32>
      return %r : tensor<128x64xf32>
    })mlir");
  ASSERT_TRUE(p);
  std::optional<ParallelTile> tile = selectParallelTile(p->op, 65536, 32);
  ASSERT_TRUE(tile);
  EXPECT_EQ(tile->dim, 0u);
  EXPECT_EQ(tile->tileSize, 4);
  EXPECT_EQ(tile->numChunks, 32);
  // 128 * 256 * 64 = 2M points: at most 2M / (1M / 2) = 4 chunks with a 1M
  // threshold.
  tile = selectParallelTile(p->op, 1 << 20, 32);
  ASSERT_TRUE(tile);
  EXPECT_EQ(tile->tileSize, 32);
  EXPECT_EQ(tile->numChunks, 4);
  // Below a 4M threshold.
  EXPECT_FALSE(selectParallelTile(p->op, 4 << 20, 32));
}

TEST(SelectParallelTileTest, SkipsUnitAndReductionDims) {
  auto p = parse(R"mlir(
    #in = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
    #out = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
    func.func @f(%a: tensor<1x512x64x32xf32>, %init: tensor<1x64x32xf32>) -> tensor<1x64x32xf32> {
      %r = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction", "parallel", "parallel"]}
          ins(%a : tensor<1x512x64x32xf32>) outs(%init : tensor<1x64x32xf32>) {
      ^bb0(%x: f32, %acc: f32):
        %s = arith.addf %x, %acc : f32
        linalg.yield %s : f32
      } -> tensor<1x64x32xf32>
      return %r : tensor<1x64x32xf32>
    })mlir");
  ASSERT_TRUE(p);
  std::optional<ParallelTile> tile = selectParallelTile(p->op, 65536, 32);
  ASSERT_TRUE(tile);
  EXPECT_EQ(tile->dim, 2u);
  EXPECT_EQ(tile->tileSize, 2);
  EXPECT_EQ(tile->numChunks, 32);
}

TEST(SelectParallelTileTest, InnermostChunksKeepWholeVectors) {
  auto p = parse(R"mlir(
    #x = affine_map<(m, k, n) -> (m, k)>
    #w = affine_map<(m, k, n) -> (k, n)>
    #y = affine_map<(m, k, n) -> (m, n)>
    func.func @f(%x: tensor<1x256xf32>, %w: tensor<256x1000xf32>, %init: tensor<1x1000xf32>) -> tensor<1x1000xf32> {
      %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "reduction", "parallel"]}
          ins(%x, %w : tensor<1x256xf32>, tensor<256x1000xf32>) outs(%init : tensor<1x1000xf32>) {
      ^bb0(%a: f32, %b: f32, %acc: f32):
        %m = arith.mulf %a, %b : f32
        %s = arith.addf %acc, %m : f32
        linalg.yield %s : f32
      } -> tensor<1x1000xf32>
      return %r : tensor<1x1000xf32>
    })mlir");
  ASSERT_TRUE(p);
  // 1000 / 128 = 7 chunks at most; ceil(1000 / 7) = 143 rounds up to 144.
  std::optional<ParallelTile> tile = selectParallelTile(p->op, 65536, 32);
  ASSERT_TRUE(tile);
  EXPECT_EQ(tile->dim, 2u);
  EXPECT_EQ(tile->tileSize, 144);
  EXPECT_EQ(tile->numChunks, 7);
}

TEST(SelectParallelTileTest, FullReductionIsNotSplit) {
  auto p = parse(R"mlir(
    #in = affine_map<(d0, d1) -> (d0, d1)>
    #out = affine_map<(d0, d1) -> ()>
    func.func @f(%a: tensor<1024x64xf32>, %init: tensor<f32>) -> tensor<f32> {
      %r = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["reduction", "reduction"]}
          ins(%a : tensor<1024x64xf32>) outs(%init : tensor<f32>) {
      ^bb0(%x: f32, %acc: f32):
        %s = arith.addf %x, %acc : f32
        linalg.yield %s : f32
      } -> tensor<f32>
      return %r : tensor<f32>
    })mlir");
  ASSERT_TRUE(p);
  EXPECT_FALSE(selectParallelTile(p->op, 1, 32));
}

TEST(SelectParallelTileTest, MemRefOpsAreNotSplit) {
  auto p = parse(R"mlir(
    func.func @f(%a: memref<128x256xf32>, %b: memref<256x64xf32>, %c: memref<128x64xf32>) {
      linalg.matmul ins(%a, %b : memref<128x256xf32>, memref<256x64xf32>) outs(%c : memref<128x64xf32>)
      return
    })mlir");
  ASSERT_TRUE(p);
  EXPECT_FALSE(selectParallelTile(p->op, 1, 32));
}

} // namespace
