//===- ArenaPlan_test.cpp - nncc-plan-arena's placement -------------------===//
//
// Part of nncc.
//
// Buffers whose lifetimes overlap never overlap in memory; the others
// share it. Offsets honour alignments; the smallest fitting gap is chosen;
// the plan is deterministic. Also the nncc.memory_plan attribute.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MemRef/ArenaPlan.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;
using namespace mlir::nncc;

namespace {

ArenaBuffer buffer(int64_t first, int64_t last, uint64_t size,
                   uint64_t alignment = 64) {
  return {first, last, size, alignment};
}

/// Every invariant a plan must keep.
void expectValid(llvm::ArrayRef<ArenaBuffer> buffers, const ArenaPlan &plan) {
  ASSERT_EQ(plan.offsets.size(), buffers.size());
  uint64_t end = 0;
  for (size_t i = 0; i < buffers.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % buffers[i].alignment, 0u) << "buffer " << i;
    if (buffers[i].size)
      end = std::max(end, plan.offsets[i] + buffers[i].size);
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      bool liveTogether = buffers[i].firstUse <= buffers[j].lastUse &&
                          buffers[j].firstUse <= buffers[i].lastUse;
      bool overlapInMemory =
          plan.offsets[i] < plan.offsets[j] + buffers[j].size &&
          plan.offsets[j] < plan.offsets[i] + buffers[i].size;
      EXPECT_FALSE(liveTogether && overlapInMemory)
          << "buffers " << i << " and " << j;
    }
  }
  EXPECT_EQ(plan.size, end);
}

TEST(ArenaPlanTest, Empty) {
  ArenaPlan plan = planArena({});
  EXPECT_TRUE(plan.offsets.empty());
  EXPECT_EQ(plan.size, 0u);
}

TEST(ArenaPlanTest, DisjointLifetimesShareMemory) {
  ArenaBuffer buffers[] = {buffer(0, 1, 1000), buffer(2, 3, 1000),
                           buffer(4, 5, 800)};
  ArenaPlan plan = planArena(buffers);
  expectValid(buffers, plan);
  EXPECT_EQ(plan.offsets[0], 0u);
  EXPECT_EQ(plan.offsets[1], 0u);
  EXPECT_EQ(plan.offsets[2], 0u);
  EXPECT_EQ(plan.size, 1000u);
}

TEST(ArenaPlanTest, OverlappingLifetimesAreSeparate) {
  // One op reads the first and writes the second: position 1 is shared.
  ArenaBuffer buffers[] = {buffer(0, 1, 100), buffer(1, 2, 300)};
  ArenaPlan plan = planArena(buffers);
  expectValid(buffers, plan);
  EXPECT_EQ(plan.offsets[1], 0u);   // larger first
  EXPECT_EQ(plan.offsets[0], 320u); // 300 rounded up to 64
  EXPECT_EQ(plan.size, 420u);
}

TEST(ArenaPlanTest, Alignment) {
  ArenaBuffer buffers[] = {buffer(0, 9, 400), buffer(0, 9, 64, 256),
                           buffer(0, 9, 8)};
  ArenaPlan plan = planArena(buffers);
  expectValid(buffers, plan);
  EXPECT_EQ(plan.offsets[0], 0u);
  EXPECT_EQ(plan.offsets[1], 512u);
  EXPECT_EQ(plan.offsets[2], 448u); // in the gap the alignment left
  EXPECT_EQ(plan.size, 576u);
}

TEST(ArenaPlanTest, SmallestFittingGap) {
  // At positions 2..4, L, K and K2 are live with a 256-byte hole (H's) and
  // a 128-byte hole (H2's) between them; N fits both and takes the smaller.
  ArenaBuffer buffers[] = {
      buffer(0, 4, 1024), // L  -> 0
      buffer(0, 0, 256),  // H  -> 1024
      buffer(0, 4, 256),  // K  -> 1280
      buffer(0, 0, 128),  // H2 -> 1536
      buffer(0, 4, 128),  // K2 -> 1664
      buffer(2, 4, 128),  // N  -> 1536, not 1024
  };
  ArenaPlan plan = planArena(buffers);
  expectValid(buffers, plan);
  EXPECT_EQ(plan.offsets[0], 0u);
  EXPECT_EQ(plan.offsets[1], 1024u);
  EXPECT_EQ(plan.offsets[2], 1280u);
  EXPECT_EQ(plan.offsets[3], 1536u);
  EXPECT_EQ(plan.offsets[4], 1664u);
  EXPECT_EQ(plan.offsets[5], 1536u);
  EXPECT_EQ(plan.size, 1792u);
}

TEST(ArenaPlanTest, EmptyBuffersTakeNoRoom) {
  ArenaBuffer buffers[] = {buffer(0, 5, 0), buffer(0, 5, 128)};
  ArenaPlan plan = planArena(buffers);
  expectValid(buffers, plan);
  EXPECT_EQ(plan.offsets[1], 0u);
  EXPECT_EQ(plan.size, 128u);
}

TEST(ArenaPlanTest, RandomPlansAreValidAndDeterministic) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::vector<ArenaBuffer> buffers;
    int n = 1 + static_cast<int>(rng() % 40);
    uint64_t sum = 0;
    for (int i = 0; i < n; ++i) {
      int64_t first = static_cast<int64_t>(rng() % 50);
      int64_t last = first + static_cast<int64_t>(rng() % 10);
      uint64_t size = rng() % 5000;
      uint64_t alignment = uint64_t(64) << (rng() % 3);
      buffers.push_back(buffer(first, last, size, alignment));
      sum += (size + alignment - 1) / alignment * alignment + alignment;
    }
    ArenaPlan plan = planArena(buffers);
    expectValid(buffers, plan);
    EXPECT_LE(plan.size, sum) << "round " << round;
    ArenaPlan again = planArena(buffers);
    EXPECT_EQ(again.offsets, plan.offsets);
  }
}

TEST(MemoryPlanAttrTest, RoundTrip) {
  MLIRContext ctx;
  ctx.loadDialect<func::FuncDialect>();
  OpBuilder b(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(b.getUnknownLoc());
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(b, b.getUnknownLoc(), "main_graph",
                                   b.getFunctionType({}, {}));
  EXPECT_FALSE(readMemoryPlan(func));
  EXPECT_FALSE(readMemoryPlan(nullptr));
  MemoryPlan plan{4096, 3, 10000, 2};
  func->setAttr(kMemoryPlanAttrName, getMemoryPlanAttr(&ctx, plan));
  std::optional<MemoryPlan> read = readMemoryPlan(func);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->workspaceSize, 4096u);
  EXPECT_EQ(read->numBuffers, 3u);
  EXPECT_EQ(read->bytesWithoutReuse, 10000u);
  EXPECT_EQ(read->heapAllocations, 2u);
  // A malformed attribute reads as none.
  func->setAttr(kMemoryPlanAttrName,
                b.getDictionaryAttr({b.getNamedAttr("workspace_size",
                                                    b.getI64IntegerAttr(-1))}));
  EXPECT_FALSE(readMemoryPlan(func));
}

} // namespace
