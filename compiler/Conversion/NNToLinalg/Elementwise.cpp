//===- Elementwise.cpp - Lower nn elementwise ops -------------------------===//
//
// Part of nncc.
//
// Unary and binary elementwise ops become one all-parallel linalg.generic
// with an arith/math body; broadcasting is expressed by the indexing maps.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn_to_linalg;

namespace {

using ScalarFn = Value (*)(OpBuilder &, Location, ValueRange);

//===----------------------------------------------------------------------===//
// Scalar bodies
//===----------------------------------------------------------------------===//

Value constantLike(OpBuilder &b, Location loc, Value like, double v) {
  return arith::ConstantOp::create(b, loc, scalarAttr(like.getType(), v));
}

Value reluBody(OpBuilder &b, Location loc, ValueRange a) {
  return arith::MaximumFOp::create(b, loc, a[0], constantLike(b, loc, a[0], 0));
}
Value sigmoidBody(OpBuilder &b, Location loc, ValueRange a) {
  Value one = constantLike(b, loc, a[0], 1);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, a[0]));
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}
template <typename MathOp>
Value mathBody(OpBuilder &b, Location loc, ValueRange a) {
  return MathOp::create(b, loc, a[0]);
}

template <typename FloatOp, typename IntOp>
Value binaryBody(OpBuilder &b, Location loc, ValueRange a) {
  if (isa<FloatType>(a[0].getType()))
    return FloatOp::create(b, loc, a[0], a[1]);
  return IntOp::create(b, loc, a[0], a[1]);
}

/// Integer division that never traps: x / 0 gives 0 and MIN / -1 wraps,
/// because a bad input tensor must not crash the process.
Value divBody(OpBuilder &b, Location loc, ValueRange a) {
  if (isa<FloatType>(a[0].getType()))
    return arith::DivFOp::create(b, loc, a[0], a[1]);
  Value zero = constantLike(b, loc, a[1], 0);
  Value one = constantLike(b, loc, a[1], 1);
  Value minusOne = constantLike(b, loc, a[1], -1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a[1], zero);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a[1], minusOne);
  Value unsafe = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  Value safeRhs = arith::SelectOp::create(b, loc, unsafe, one, a[1]);
  Value q = arith::DivSIOp::create(b, loc, a[0], safeRhs);
  Value neg = arith::SubIOp::create(b, loc, zero, a[0]);
  Value r = arith::SelectOp::create(b, loc, isZero, zero, q);
  return arith::SelectOp::create(b, loc, isMinusOne, neg, r);
}

/// Unsigned division that never traps: x / 0 gives 0.
Value divUnsignedBody(OpBuilder &b, Location loc, ValueRange a) {
  Value zero = constantLike(b, loc, a[1], 0);
  Value one = constantLike(b, loc, a[1], 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a[1], zero);
  Value safeRhs = arith::SelectOp::create(b, loc, isZero, one, a[1]);
  Value q = arith::DivUIOp::create(b, loc, a[0], safeRhs);
  return arith::SelectOp::create(b, loc, isZero, zero, q);
}

Value maxUnsignedBody(OpBuilder &b, Location loc, ValueRange a) {
  return arith::MaxUIOp::create(b, loc, a[0], a[1]);
}

Value minUnsignedBody(OpBuilder &b, Location loc, ValueRange a) {
  return arith::MinUIOp::create(b, loc, a[0], a[1]);
}

Value powBody(OpBuilder &b, Location loc, ValueRange a) {
  return math::PowFOp::create(b, loc, a[0], a[1]);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Lowers any elementwise nn op whose body is `Fn` (`UnsignedFn` for
/// unsigned integers, where signedness matters).
template <typename OpTy, ScalarFn Fn, bool FloatOnly = true,
          ScalarFn UnsignedFn = Fn>
struct ElementwiseOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto nnType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!nnType || !nnType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    Type elt = nnType.getElementType();
    if (FloatOnly && !isa<FloatType>(elt))
      return rewriter.notifyMatchFailure(op, "needs a float element type");
    if (!elt.isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "needs an int or float type");
    auto type = dyn_cast_or_null<RankedTensorType>(
        this->getTypeConverter()->convertType(nnType));
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible result type");
    Value r = buildElementwise(rewriter, op.getLoc(), type,
                               adaptor.getOperands(),
                               elt.isUnsignedInteger() ? UnsignedFn : Fn);
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

void mlir::nncc::populateElementwiseLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<
      ElementwiseOpLowering<nn::AbsOp, mathBody<math::AbsFOp>>,
      ElementwiseOpLowering<nn::ErfOp, mathBody<math::ErfOp>>,
      ElementwiseOpLowering<nn::ExpOp, mathBody<math::ExpOp>>,
      ElementwiseOpLowering<nn::LogOp, mathBody<math::LogOp>>,
      ElementwiseOpLowering<nn::NegOp, mathBody<arith::NegFOp>>,
      ElementwiseOpLowering<nn::ReluOp, reluBody>,
      ElementwiseOpLowering<nn::SigmoidOp, sigmoidBody>,
      ElementwiseOpLowering<nn::SqrtOp, mathBody<math::SqrtOp>>,
      ElementwiseOpLowering<nn::TanhOp, mathBody<math::TanhOp>>,
      ElementwiseOpLowering<nn::AddOp, binaryBody<arith::AddFOp, arith::AddIOp>,
                            false>,
      ElementwiseOpLowering<nn::SubOp, binaryBody<arith::SubFOp, arith::SubIOp>,
                            false>,
      ElementwiseOpLowering<nn::MulOp, binaryBody<arith::MulFOp, arith::MulIOp>,
                            false>,
      ElementwiseOpLowering<nn::DivOp, divBody, false, divUnsignedBody>,
      ElementwiseOpLowering<nn::MaxOp,
                            binaryBody<arith::MaximumFOp, arith::MaxSIOp>, false,
                            maxUnsignedBody>,
      ElementwiseOpLowering<nn::MinOp,
                            binaryBody<arith::MinimumFOp, arith::MinSIOp>, false,
                            minUnsignedBody>,
      ElementwiseOpLowering<nn::PowOp, powBody>>(converter, ctx);
}
