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
#include "mlir/IR/TypeUtilities.h"

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

/// max(a, b) as `a < b ? b : a` and min(a, b) as `b < a ? b : a` (the
/// semantics of std::max / std::min, which ONNX Runtime uses): a NaN in `a`
/// propagates, and x86 selects one MAXPS / MINPS for each instead of the
/// compare, blend and max that arith.maximumf (IEEE maximum: either NaN,
/// and -0 < +0) lowers to -- three instructions per vector in every
/// convolution epilogue with a Relu or a Clip.
Value selectMax(OpBuilder &b, Location loc, Value x, Value y) {
  Value less = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  return arith::SelectOp::create(b, loc, less, y, x);
}
Value selectMin(OpBuilder &b, Location loc, Value x, Value y) {
  Value less = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, y, x);
  return arith::SelectOp::create(b, loc, less, y, x);
}

/// Relu(x) = x < 0 ? 0 : x: NaN stays NaN.
Value reluBody(OpBuilder &b, Location loc, ValueRange a) {
  return selectMax(b, loc, a[0], constantLike(b, loc, a[0], 0));
}
Value maxBody(OpBuilder &b, Location loc, ValueRange a) {
  if (isa<FloatType>(a[0].getType()))
    return selectMax(b, loc, a[0], a[1]);
  return arith::MaxSIOp::create(b, loc, a[0], a[1]);
}
Value minBody(OpBuilder &b, Location loc, ValueRange a) {
  if (isa<FloatType>(a[0].getType()))
    return selectMin(b, loc, a[0], a[1]);
  return arith::MinSIOp::create(b, loc, a[0], a[1]);
}
Value reciprocalBody(OpBuilder &b, Location loc, ValueRange a) {
  return arith::DivFOp::create(b, loc, constantLike(b, loc, a[0], 1), a[0]);
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

Value notBody(OpBuilder &b, Location loc, ValueRange a) {
  Value t = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
  return arith::XOrIOp::create(b, loc, a[0], t);
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

//===----------------------------------------------------------------------===//
// Comparisons, Where, Cast, Broadcast
//===----------------------------------------------------------------------===//

template <typename OpTy, arith::CmpFPredicate FPred,
          arith::CmpIPredicate SPred, arith::CmpIPredicate UPred>
struct CompareOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    Type nnElt = getElementTypeOrSelf(op.getLhs().getType());
    bool isUnsigned = nnElt.isUnsignedInteger();
    Value r = buildElementwise(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange a) -> Value {
          if (isa<FloatType>(a[0].getType()))
            return arith::CmpFOp::create(b, loc, FPred, a[0], a[1]);
          return arith::CmpIOp::create(b, loc, isUnsigned ? UPred : SPred,
                                       a[0], a[1]);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct WhereOpLowering : OpConversionPattern<nn::WhereOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::WhereOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    Value r = buildElementwise(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [](OpBuilder &b, Location loc, ValueRange a) -> Value {
          return arith::SelectOp::create(b, loc, a[0], a[1], a[2]);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Scalar conversion from `from` to `to` (nn element types, which keep
/// signedness) of `x` (whose type is `from` made signless).
Value convertScalar(OpBuilder &b, Location loc, Value x, Type from, Type to,
                    Type toSignless) {
  if (from == to)
    return x;
  auto fromF = dyn_cast<FloatType>(from);
  auto toF = dyn_cast<FloatType>(to);
  if (to.isInteger(1)) {
    if (fromF)
      return arith::CmpFOp::create(
          b, loc, arith::CmpFPredicate::UNE, x,
          arith::ConstantOp::create(b, loc, b.getFloatAttr(from, 0.0)));
    return arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne, x,
        arith::ConstantOp::create(b, loc, b.getIntegerAttr(x.getType(), 0)));
  }
  if (fromF && toF) {
    if (toF.getWidth() > fromF.getWidth())
      return arith::ExtFOp::create(b, loc, toF, x);
    return arith::TruncFOp::create(b, loc, toF, x);
  }
  bool fromUnsigned = from.isUnsignedInteger() || from.isInteger(1);
  if (toF)
    return fromUnsigned ? arith::UIToFPOp::create(b, loc, toF, x).getResult()
                        : arith::SIToFPOp::create(b, loc, toF, x).getResult();
  if (fromF)
    return to.isUnsignedInteger()
               ? arith::FPToUIOp::create(b, loc, toSignless, x).getResult()
               : arith::FPToSIOp::create(b, loc, toSignless, x).getResult();
  unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
  if (tw == fw)
    return x;
  if (tw < fw)
    return arith::TruncIOp::create(b, loc, toSignless, x);
  return fromUnsigned ? arith::ExtUIOp::create(b, loc, toSignless, x).getResult()
                      : arith::ExtSIOp::create(b, loc, toSignless, x).getResult();
}

struct CastOpLowering : OpConversionPattern<nn::CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    Type from = getElementTypeOrSelf(op.getInput().getType());
    Type to = op.getType().getElementType();
    Value r = buildElementwise(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange a) -> Value {
          return convertScalar(b, loc, a[0], from, to,
                               type.getElementType());
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct BroadcastOpLowering : OpConversionPattern<nn::BroadcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    Value r = buildElementwise(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [](OpBuilder &, Location, ValueRange a) -> Value { return a[0]; });
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
      ElementwiseOpLowering<nn::CeilOp, mathBody<math::CeilOp>>,
      ElementwiseOpLowering<nn::FloorOp, mathBody<math::FloorOp>>,
      ElementwiseOpLowering<nn::ErfOp, mathBody<math::ErfOp>>,
      ElementwiseOpLowering<nn::ExpOp, mathBody<math::ExpOp>>,
      ElementwiseOpLowering<nn::LogOp, mathBody<math::LogOp>>,
      ElementwiseOpLowering<nn::NegOp, mathBody<arith::NegFOp>>,
      ElementwiseOpLowering<nn::ReciprocalOp, reciprocalBody>,
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
      ElementwiseOpLowering<nn::MaxOp, maxBody, false, maxUnsignedBody>,
      ElementwiseOpLowering<nn::MinOp, minBody, false, minUnsignedBody>,
      ElementwiseOpLowering<nn::PowOp, powBody>,
      ElementwiseOpLowering<nn::AndOp, binaryBody<arith::AndIOp, arith::AndIOp>,
                            false>,
      ElementwiseOpLowering<nn::OrOp, binaryBody<arith::OrIOp, arith::OrIOp>,
                            false>,
      ElementwiseOpLowering<nn::XorOp, binaryBody<arith::XOrIOp, arith::XOrIOp>,
                            false>,
      ElementwiseOpLowering<nn::NotOp, notBody, false>>(converter, ctx);
  patterns.add<
      CompareOpLowering<nn::EqualOp, arith::CmpFPredicate::OEQ,
                        arith::CmpIPredicate::eq, arith::CmpIPredicate::eq>,
      CompareOpLowering<nn::LessOp, arith::CmpFPredicate::OLT,
                        arith::CmpIPredicate::slt, arith::CmpIPredicate::ult>,
      CompareOpLowering<nn::GreaterOp, arith::CmpFPredicate::OGT,
                        arith::CmpIPredicate::sgt, arith::CmpIPredicate::ugt>,
      CompareOpLowering<nn::GreaterEqualOp, arith::CmpFPredicate::OGE,
                        arith::CmpIPredicate::sge, arith::CmpIPredicate::uge>,
      CompareOpLowering<nn::LessEqualOp, arith::CmpFPredicate::OLE,
                        arith::CmpIPredicate::sle, arith::CmpIPredicate::ule>,
      WhereOpLowering, CastOpLowering, BroadcastOpLowering>(converter, ctx);
}
