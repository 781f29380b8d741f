//===- NNShapes_test.cpp - Tests of the nn shape functions ----------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNShapes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <functional>

using namespace mlir;
using namespace mlir::nncc;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// Collects the last diagnostic so tests can check the message.
class ShapeTest : public ::testing::Test {
protected:
  ShapeTest()
      : handler(&ctx, [this](Diagnostic &d) {
          message = d.str();
          return success();
        }) {}
  /// Returned by reference: an EmitErrorFn must not outlive its callable.
  const std::function<InFlightDiagnostic()> &emit() { return emitFn; }
  MLIRContext ctx;
  std::function<InFlightDiagnostic()> emitFn = [this] {
    return mlir::emitError(UnknownLoc::get(&ctx));
  };
  ScopedDiagnosticHandler handler;
  std::string message;
};

using Shape = nn::Shape;

TEST_F(ShapeTest, BroadcastAlignsRight) {
  auto s = nn::inferBroadcastShape({2, 1, 3}, {4, 1}, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{2, 4, 3}));
}

TEST_F(ShapeTest, BroadcastRejectsMismatch) {
  EXPECT_TRUE(failed(nn::inferBroadcastShape({2, 3}, {4}, emit())));
  EXPECT_EQ(message, "operand shapes 2x3 and 4 do not broadcast (dim 1: 3 vs 4)");
}

TEST_F(ShapeTest, BroadcastKeepsDynamic) {
  auto s = nn::inferBroadcastShape({kDyn, 3}, {1, 3}, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{kDyn, 3}));
}

TEST_F(ShapeTest, ConvStridedOutputRoundsDown) {
  auto s = nn::inferConv2DShape({1, 3, 224, 224}, {64, 3, 7, 7}, std::nullopt,
                                {2, 2}, {1, 1}, {3, 3, 3, 3}, 1, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{1, 64, 112, 112}));
}

TEST_F(ShapeTest, ConvDilationAndGroups) {
  auto s = nn::inferConv2DShape({2, 8, 10, 10}, {8, 1, 3, 3},
                                ArrayRef<int64_t>{8}, {1, 1}, {2, 2},
                                {0, 0, 0, 0}, 8, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{2, 8, 6, 6}));
}

TEST_F(ShapeTest, ConvRejectsNegativePads) {
  EXPECT_TRUE(failed(nn::inferConv2DShape({1, 3, 8, 8}, {4, 3, 3, 3},
                                          std::nullopt, {1, 1}, {1, 1},
                                          {-1, 0, 0, 0}, 1, emit())));
  EXPECT_EQ(message, "expected 'pads' values >= 0, got -1");
}

TEST_F(ShapeTest, ConvRejectsZeroGroup) {
  EXPECT_TRUE(failed(nn::inferConv2DShape({1, 3, 8, 8}, {4, 3, 3, 3},
                                          std::nullopt, {1, 1}, {1, 1},
                                          {0, 0, 0, 0}, 0, emit())));
  EXPECT_EQ(message, "expected 'group' >= 1, got 0");
}

TEST_F(ShapeTest, GemmTransposes) {
  auto s = nn::inferGemmShape({8, 2}, {4, 8}, ArrayRef<int64_t>{1, 4}, true,
                              true, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{2, 4}));
}

TEST_F(ShapeTest, MatMulPromotesVectors) {
  auto s = nn::inferMatMulShape({4}, {3, 4, 5}, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{3, 5}));
  s = nn::inferMatMulShape({2, 1, 3, 4}, {5, 4, 6}, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{2, 5, 3, 6}));
}

TEST_F(ShapeTest, PoolCeilModeDropsWindowStartingInPadding) {
  // 5 wide, kernel 2, stride 2: floor gives 2, ceil 3.
  auto s = nn::inferPool2DShape({1, 1, 5, 5}, {2, 2}, {2, 2}, {0, 0, 0, 0},
                                {}, true, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{1, 1, 3, 3}));
  // 4 wide, kernel 1, stride 2, pad end 1: ceil would add a window that
  // starts in the end padding; it is dropped.
  s = nn::inferPool2DShape({1, 1, 4, 4}, {1, 1}, {2, 2}, {0, 0, 0, 0}, {},
                           true, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{1, 1, 2, 2}));
}

TEST_F(ShapeTest, ReshapeInfersMinusOneAndCopiesZero) {
  auto s = nn::inferReshapeShape({2, 3, 4}, {0, -1}, false, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{2, 12}));
}

TEST_F(ShapeTest, ReshapeRejectsTwoMinusOnes) {
  EXPECT_TRUE(failed(nn::inferReshapeShape({6}, {-1, -1}, false, emit())));
  EXPECT_EQ(message, "expected at most one -1 in the target shape");
}

TEST_F(ShapeTest, ReshapeRejectsCountMismatch) {
  EXPECT_TRUE(failed(nn::inferReshapeShape({2, 3}, {4, 2}, false, emit())));
  EXPECT_EQ(message,
            "cannot reshape 2x3 (6 elements) to 4x2 (8 elements)");
}

TEST_F(ShapeTest, ReshapeRejectsOverflow) {
  int64_t big = int64_t(1) << 62;
  EXPECT_TRUE(failed(nn::inferReshapeShape({6}, {big, 4}, false, emit())));
  EXPECT_EQ(message, "target shape element count overflows");
}

TEST_F(ShapeTest, FlattenAtEnds) {
  auto s = nn::inferFlattenShape({2, 3, 4}, 0, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{1, 24}));
  s = nn::inferFlattenShape({2, 3, 4}, 3, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{24, 1}));
}

TEST_F(ShapeTest, TransposeRejectsRepeats) {
  EXPECT_TRUE(failed(nn::inferTransposeShape({2, 3}, {1, 1}, emit())));
  EXPECT_EQ(message,
            "expected 'perm' to be a permutation of [0, 2), got value 1");
}

TEST_F(ShapeTest, ConcatSumsAxis) {
  int64_t a[] = {2, 3}, b[] = {2, 5}, c[] = {2, kDyn};
  SmallVector<ArrayRef<int64_t>> in = {a, b, c};
  auto s = nn::inferConcatShape(in, 1, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (Shape{2, kDyn}));
}

TEST_F(ShapeTest, NumElementsDetectsOverflow) {
  int64_t big = int64_t(1) << 62;
  EXPECT_FALSE(nn::getNumElements({big, 4}).has_value());
  EXPECT_EQ(nn::getNumElements({2, 3, 4}), 24);
  EXPECT_FALSE(nn::getNumElements({kDyn, 4}).has_value());
}

TEST_F(ShapeTest, RecurrentBidirectionalLSTM) {
  int64_t x[] = {5, 1, 4}, w[] = {2, 12, 4}, r[] = {2, 12, 3}, b[] = {2, 24},
          h0[] = {2, 1, 3}, p[] = {2, 9};
  nn::RecurrentOperandShapes in{x, w, r, ArrayRef<int64_t>(b),
                                ArrayRef<int64_t>(h0), ArrayRef<int64_t>(h0),
                                ArrayRef<int64_t>(p)};
  auto s = nn::inferRecurrentShapes(4, in, 2, 3, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(s->y, (Shape{5, 2, 1, 3}));
  EXPECT_EQ(s->yH, (Shape{2, 1, 3}));
}

TEST_F(ShapeTest, RecurrentKeepsDynamicSequence) {
  int64_t x[] = {kDyn, 2, 3}, w[] = {1, 9, 3}, r[] = {1, 9, 3};
  nn::RecurrentOperandShapes in{x, w, r, std::nullopt, std::nullopt,
                                std::nullopt, std::nullopt};
  auto s = nn::inferRecurrentShapes(3, in, 1, 3, emit());
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(s->y, (Shape{kDyn, 1, 2, 3}));
}

TEST_F(ShapeTest, RecurrentRejectsWrongGateCount) {
  // An LSTM's W stacks 4 gates; 3*hidden_size rows is a GRU's.
  int64_t x[] = {2, 1, 3}, w[] = {1, 9, 3}, r[] = {1, 12, 3};
  nn::RecurrentOperandShapes in{x, w, r, std::nullopt, std::nullopt,
                                std::nullopt, std::nullopt};
  EXPECT_TRUE(failed(nn::inferRecurrentShapes(4, in, 1, 3, emit())));
  EXPECT_EQ(message, "expected 'w' of shape 1x12x3 (directions x "
                     "4*hidden_size x input_size), got 1x9x3");
}

TEST_F(ShapeTest, RecurrentRejectsNonPositiveHiddenSize) {
  int64_t x[] = {2, 1, 3}, w[] = {1, 0, 3}, r[] = {1, 0, 0};
  nn::RecurrentOperandShapes in{x, w, r, std::nullopt, std::nullopt,
                                std::nullopt, std::nullopt};
  EXPECT_TRUE(failed(nn::inferRecurrentShapes(1, in, 1, 0, emit())));
  EXPECT_EQ(message, "expected 'hidden_size' in [1, 2^40], got 0");
}

} // namespace
