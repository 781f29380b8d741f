//===- Reduce.cpp - Lower nn reductions -----------------------------------===//
//
// Part of nncc.
//
// A reduction is one linalg.generic whose output drops the reduced dims,
// initialised with the reduction's identity; the mean divides afterwards;
// keep_dims reshapes the result back to rank.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn_to_linalg;

namespace {

enum class ReduceKind { Max, Min, Sum, Mean };

/// The identity element of `kind` for element type `t` (`isUnsigned` for
/// integers that nn marked unsigned).
TypedAttr identityAttr(ReduceKind kind, Type t, bool isUnsigned) {
  if (kind == ReduceKind::Sum || kind == ReduceKind::Mean)
    return scalarAttr(t, 0);
  bool isMax = kind == ReduceKind::Max;
  if (auto ft = dyn_cast<FloatType>(t))
    return FloatAttr::get(ft, APFloat::getInf(ft.getFloatSemantics(), isMax));
  unsigned w = t.getIntOrFloatBitWidth();
  APInt v = isUnsigned ? (isMax ? APInt::getMinValue(w) : APInt::getMaxValue(w))
                       : (isMax ? APInt::getSignedMinValue(w)
                                : APInt::getSignedMaxValue(w));
  return IntegerAttr::get(t, v);
}

Value combine(OpBuilder &b, Location loc, ReduceKind kind, bool isUnsigned,
              Value x, Value acc) {
  bool isFloat = isa<FloatType>(x.getType());
  switch (kind) {
  case ReduceKind::Max:
    if (isFloat)
      return arith::MaximumFOp::create(b, loc, x, acc);
    return isUnsigned ? arith::MaxUIOp::create(b, loc, x, acc).getResult()
                      : arith::MaxSIOp::create(b, loc, x, acc).getResult();
  case ReduceKind::Min:
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, x, acc);
    return isUnsigned ? arith::MinUIOp::create(b, loc, x, acc).getResult()
                      : arith::MinSIOp::create(b, loc, x, acc).getResult();
  case ReduceKind::Sum:
  case ReduceKind::Mean:
    if (isFloat)
      return arith::AddFOp::create(b, loc, x, acc);
    return arith::AddIOp::create(b, loc, x, acc);
  }
  return {};
}

template <typename OpTy, ReduceKind Kind>
struct ReduceOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto nnType = cast<RankedTensorType>(op.getType());
    auto outType = dyn_cast_or_null<RankedTensorType>(
        this->getTypeConverter()->convertType(nnType));
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!outType || !outType.hasStaticShape() || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    bool isUnsigned = nnType.getElementType().isUnsignedInteger();
    Type elt = outType.getElementType();
    ArrayRef<int64_t> axes = op.getAxes();
    int64_t count = 1;
    for (int64_t d : axes)
      count *= inType.getShape()[d];
    Value r = buildReduction(
        rewriter, loc, adaptor.getInput(), axes,
        identityAttr(Kind, elt, isUnsigned),
        [&](OpBuilder &b, Location l, Value x, Value acc) {
          return combine(b, l, Kind, isUnsigned, x, acc);
        });
    auto redType = cast<RankedTensorType>(r.getType());
    if (Kind == ReduceKind::Mean) {
      Value n = arith::ConstantOp::create(
          rewriter, loc, scalarAttr(elt, static_cast<double>(count)));
      r = buildElementwise(
          rewriter, loc, redType, ValueRange{r},
          [&](OpBuilder &b, Location l, ValueRange a) -> Value {
            if (isa<FloatType>(elt))
              return arith::DivFOp::create(b, l, a[0], n);
            if (isUnsigned)
              return arith::DivUIOp::create(b, l, a[0], n);
            return arith::DivSIOp::create(b, l, a[0], n);
          });
    }
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, r, outType));
    return success();
  }
};

} // namespace

void mlir::nncc::populateReduceLoweringPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<ReduceOpLowering<nn::ReduceMaxOp, ReduceKind::Max>,
               ReduceOpLowering<nn::ReduceMeanOp, ReduceKind::Mean>,
               ReduceOpLowering<nn::ReduceMinOp, ReduceKind::Min>,
               ReduceOpLowering<nn::ReduceSumOp, ReduceKind::Sum>>(
      converter, patterns.getContext());
}
