//===- Tensor.cpp - Lower nn constants, shape ops and softmax -------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn_to_linalg;

namespace {

struct ConstantOpLowering : OpConversionPattern<nn::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible type");
    Attribute value = op.getValue();
    // Same bits, signless type (unsigned tensors).
    if (type != op.getType()) {
      if (auto dense = dyn_cast<DenseElementsAttr>(value))
        value = dense.bitcast(type.getElementType());
      else if (auto res = dyn_cast<DenseResourceElementsAttr>(value))
        value = DenseResourceElementsAttr::get(type, res.getRawHandle());
      else
        return rewriter.notifyMatchFailure(op, "unsupported constant kind");
    }
    auto typed = dyn_cast<TypedAttr>(value);
    if (!typed)
      return rewriter.notifyMatchFailure(op, "value is not typed");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, typed);
    return success();
  }
};

/// nn.reshape and nn.flatten: a row-major reinterpretation.
template <typename OpTy>
struct ReshapeLikeOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = dyn_cast_or_null<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!outType || !outType.hasStaticShape() || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getInput(), outType));
    return success();
  }
};

struct TransposeOpLowering : OpConversionPattern<nn::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!outType || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Value init = createEmpty(rewriter, op.getLoc(), outType);
    auto t = linalg::TransposeOp::create(rewriter, op.getLoc(),
                                         adaptor.getInput(), init,
                                         op.getPerm());
    rewriter.replaceOp(op, t->getResults());
    return success();
  }
};

/// Concat: insert each input into an empty result at its running offset.
struct ConcatOpLowering : OpConversionPattern<nn::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!outType || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = op.getAxis(), rank = outType.getRank();
    Value result = createEmpty(rewriter, loc, outType);
    int64_t offset = 0;
    for (Value in : adaptor.getInputs()) {
      auto t = cast<RankedTensorType>(in.getType());
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d : t.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      result = tensor::InsertSliceOp::create(rewriter, loc, in, result,
                                             offsets, sizes, strides);
      offset += t.getShape()[axis];
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Softmax as max-reduce, exp(x - max), sum-reduce, divide.
struct SoftmaxOpLowering : OpConversionPattern<nn::SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Type elt = type.getElementType();
    int64_t rank = type.getRank(), axis = op.getAxis();
    SmallVector<int64_t> redShape;
    SmallVector<AffineExpr> redExprs;
    for (int64_t i = 0; i < rank; ++i) {
      if (i == axis)
        continue;
      redShape.push_back(type.getShape()[i]);
      redExprs.push_back(rewriter.getAffineDimExpr(i));
    }
    auto redType = RankedTensorType::get(redShape, elt);
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap redMap = AffineMap::get(rank, 0, redExprs, rewriter.getContext());
    SmallVector<utils::IteratorType> redIt(rank, utils::IteratorType::parallel);
    redIt[axis] = utils::IteratorType::reduction;
    SmallVector<utils::IteratorType> parIt(rank, utils::IteratorType::parallel);

    auto reduce = [&](Value in, TypedAttr init, bool isMax) {
      Value acc = createFilled(rewriter, loc, redType, init);
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{redType}, ValueRange{in},
                 ValueRange{acc}, SmallVector<AffineMap>{id, redMap}, redIt,
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   Value r = isMax ? arith::MaximumFOp::create(b, l, a[0], a[1])
                                         .getResult()
                                   : arith::AddFOp::create(b, l, a[0], a[1])
                                         .getResult();
                   linalg::YieldOp::create(b, l, r);
                 })
          .getResult(0);
    };
    auto mapWith = [&](Value x, Value r,
                       function_ref<Value(OpBuilder &, Location, Value, Value)>
                           fn) {
      Value empty = createEmpty(rewriter, loc, type);
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{type}, ValueRange{x, r},
                 ValueRange{empty}, SmallVector<AffineMap>{id, redMap, id},
                 parIt,
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   linalg::YieldOp::create(b, l, fn(b, l, a[0], a[1]));
                 })
          .getResult(0);
    };
    Value max = reduce(adaptor.getInput(), lowestAttr(elt), true);
    Value e = mapWith(adaptor.getInput(), max,
                      [](OpBuilder &b, Location l, Value x, Value m) -> Value {
                        return math::ExpOp::create(
                            b, l, arith::SubFOp::create(b, l, x, m));
                      });
    Value sum = reduce(e, scalarAttr(elt, 0), false);
    Value y = mapWith(e, sum,
                      [](OpBuilder &b, Location l, Value x, Value s) -> Value {
                        return arith::DivFOp::create(b, l, x, s);
                      });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::nncc::populateTensorLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConstantOpLowering, ReshapeLikeOpLowering<nn::ReshapeOp>,
               ReshapeLikeOpLowering<nn::FlattenOp>, TransposeOpLowering,
               ConcatOpLowering, SoftmaxOpLowering>(converter, patterns.getContext());
}
