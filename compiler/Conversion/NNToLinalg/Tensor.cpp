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
#include "mlir/Dialect/Utils/StaticValueUtils.h"
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
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap redMap = reducedMap(rewriter.getContext(), rank, {axis});
    SmallVector<utils::IteratorType> parIt(rank, utils::IteratorType::parallel);
    auto reduce = [&](Value in, TypedAttr init, bool isMax) {
      return buildReduction(
          rewriter, loc, in, {axis}, init,
          [isMax](OpBuilder &b, Location l, Value x, Value acc) -> Value {
            if (isMax)
              return arith::MaximumFOp::create(b, l, x, acc);
            return arith::AddFOp::create(b, l, x, acc);
          });
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

/// Gather: a generic over the output whose body reads the index, wraps
/// negative ones, clamps into range and extracts from the data tensor.
struct GatherOpLowering : OpConversionPattern<nn::GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto idxType = cast<RankedTensorType>(adaptor.getIndices().getType());
    if (!outType || !outType.hasStaticShape() || !dataType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = op.getAxis(), rank = outType.getRank();
    int64_t idxRank = idxType.getRank(), dataRank = dataType.getRank();
    int64_t n = dataType.getShape()[axis];
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < idxRank; ++i)
      idxExprs.push_back(rewriter.getAffineDimExpr(axis + i));
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, idxExprs, rewriter.getContext()),
        rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> it(rank, utils::IteratorType::parallel);
    Value init = createEmpty(rewriter, loc, outType);
    Value data = adaptor.getData();
    Value r = linalg::GenericOp::create(
                  rewriter, loc, TypeRange{outType},
                  ValueRange{adaptor.getIndices()}, ValueRange{init}, maps, it,
                  [&](OpBuilder &b, Location l, ValueRange a) {
                    Value idx = arith::IndexCastOp::create(
                        b, l, b.getIndexType(), a[0]);
                    Value zero = arith::ConstantIndexOp::create(b, l, 0);
                    Value size = arith::ConstantIndexOp::create(b, l, n);
                    Value last = arith::ConstantIndexOp::create(b, l, n - 1);
                    Value neg = arith::CmpIOp::create(
                        b, l, arith::CmpIPredicate::slt, idx, zero);
                    Value wrapped = arith::SelectOp::create(
                        b, l, neg, arith::AddIOp::create(b, l, idx, size),
                        idx);
                    Value clamped = arith::MinSIOp::create(
                        b, l, arith::MaxSIOp::create(b, l, wrapped, zero),
                        last);
                    SmallVector<Value> coords;
                    for (int64_t d = 0; d < dataRank; ++d) {
                      if (d < axis)
                        coords.push_back(linalg::IndexOp::create(b, l, d));
                      else if (d == axis)
                        coords.push_back(clamped);
                      else
                        coords.push_back(
                            linalg::IndexOp::create(b, l, d + idxRank - 1));
                    }
                    Value v = tensor::ExtractOp::create(b, l, data, coords);
                    linalg::YieldOp::create(b, l, v);
                  })
                  .getResult(0);
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct SliceOpLowering : OpConversionPattern<nn::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!outType || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto attrs = [&](ArrayRef<int64_t> v) {
      return getAsIndexOpFoldResult(rewriter.getContext(), v);
    };
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, outType, adaptor.getInput(), attrs(op.getOffsets()),
        attrs(op.getSizes()), attrs(op.getStrides()));
    return success();
  }
};

/// Pad: negative amounts crop first (extract_slice); then a constant pad is
/// a tensor.pad, and edge / reflect / wrap a generic that reads the input
/// at a mapped index per dim.
struct PadOpLowering : OpConversionPattern<nn::PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!outType || !outType.hasStaticShape() || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t rank = inType.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    // 1. Crop.
    SmallVector<int64_t> offsets(rank, 0), sizes(inType.getShape());
    SmallVector<int64_t> low(rank), high(rank);
    bool crop = false;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t b = pads[d], e = pads[rank + d];
      offsets[d] = std::max<int64_t>(-b, 0);
      sizes[d] += std::min<int64_t>(b, 0) + std::min<int64_t>(e, 0);
      low[d] = std::max<int64_t>(b, 0);
      high[d] = std::max<int64_t>(e, 0);
      crop |= b < 0 || e < 0;
    }
    auto indexAttrs = [&](ArrayRef<int64_t> v) {
      return getAsIndexOpFoldResult(rewriter.getContext(), v);
    };
    Value x = adaptor.getInput();
    if (crop)
      x = tensor::ExtractSliceOp::create(
          rewriter, loc,
          RankedTensorType::get(sizes, inType.getElementType()), x,
          indexAttrs(offsets), indexAttrs(sizes),
          indexAttrs(SmallVector<int64_t>(rank, 1)));
    if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
        llvm::all_of(high, [](int64_t p) { return p == 0; })) {
      rewriter.replaceOp(op, x);
      return success();
    }
    Type elt = outType.getElementType();
    StringRef mode = op.getMode();
    // 2a. Constant.
    if (mode == "constant") {
      TypedAttr v = op.getValue();
      if (auto i = dyn_cast<IntegerAttr>(v); i && i.getType() != elt)
        v = IntegerAttr::get(elt, i.getValue()); // signless (unsigned types)
      Value pv = arith::ConstantOp::create(rewriter, loc, v);
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, outType, x,
                                                 indexAttrs(low),
                                                 indexAttrs(high), pv);
      return success();
    }
    // 2b. Edge, reflect, wrap: out[i] = x[map(i - low)] per dim.
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> it(rank, utils::IteratorType::parallel);
    Value init = createEmpty(rewriter, loc, outType);
    Value r =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{outType}, ValueRange{}, ValueRange{init},
            maps, it,
            [&](OpBuilder &b, Location l, ValueRange) {
              auto cst = [&](int64_t v) -> Value {
                return arith::ConstantIndexOp::create(b, l, v);
              };
              // Non-negative remainder of j by m.
              auto mod = [&](Value j, int64_t m) -> Value {
                Value r = arith::RemSIOp::create(b, l, j, cst(m));
                Value neg = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::slt, r, cst(0));
                return arith::SelectOp::create(
                    b, l, neg, arith::AddIOp::create(b, l, r, cst(m)), r);
              };
              SmallVector<Value> coords;
              for (int64_t d = 0; d < rank; ++d) {
                Value i = linalg::IndexOp::create(b, l, d);
                int64_t n = sizes[d];
                if (low[d] == 0 && high[d] == 0) {
                  coords.push_back(i);
                  continue;
                }
                Value j = arith::SubIOp::create(b, l, i, cst(low[d]));
                Value c;
                if (mode == "edge" || n == 1) {
                  c = arith::MinSIOp::create(
                      b, l, arith::MaxSIOp::create(b, l, j, cst(0)),
                      cst(n - 1));
                } else if (mode == "wrap") {
                  c = mod(j, n);
                } else { // reflect: period 2(n-1), mirrored in its 2nd half
                  int64_t period = 2 * (n - 1);
                  Value m = mod(j, period);
                  Value back = arith::CmpIOp::create(
                      b, l, arith::CmpIPredicate::sge, m, cst(n));
                  c = arith::SelectOp::create(
                      b, l, back, arith::SubIOp::create(b, l, cst(period), m),
                      m);
                }
                coords.push_back(c);
              }
              Value v = tensor::ExtractOp::create(b, l, x, coords);
              linalg::YieldOp::create(b, l, v);
            })
            .getResult(0);
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Trilu: keep x where (j - i) compares with k, else zero.
struct TriluOpLowering : OpConversionPattern<nn::TriluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t rank = type.getRank(), k = op.getK();
    bool upper = op.getUpper();
    Type elt = type.getElementType();
    Value r = buildElementwise(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value i = linalg::IndexOp::create(b, l, rank - 2);
          Value j = linalg::IndexOp::create(b, l, rank - 1);
          Value diff = arith::SubIOp::create(b, l, j, i);
          Value kv = arith::ConstantIndexOp::create(b, l, k);
          Value keep = arith::CmpIOp::create(
              b, l,
              upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle,
              diff, kv);
          Value zero = arith::ConstantOp::create(b, l, scalarAttr(elt, 0));
          return arith::SelectOp::create(b, l, keep, a[0], zero);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// LayerNorm over [axis, rank): mean, variance (two passes), normalise,
/// scale and shift.
struct LayerNormOpLowering : OpConversionPattern<nn::LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Type elt = type.getElementType();
    int64_t rank = type.getRank(), axis = op.getAxis();
    SmallVector<int64_t> redShape(type.getShape().take_front(axis));
    int64_t count = 1;
    for (int64_t d : type.getShape().drop_front(axis))
      count *= d;
    auto redType = RankedTensorType::get(redShape, elt);
    SmallVector<AffineExpr> redExprs;
    for (int64_t d = 0; d < axis; ++d)
      redExprs.push_back(rewriter.getAffineDimExpr(d));
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap redMap = AffineMap::get(rank, 0, redExprs, rewriter.getContext());
    SmallVector<utils::IteratorType> redIt(rank, utils::IteratorType::parallel);
    for (int64_t d = axis; d < rank; ++d)
      redIt[d] = utils::IteratorType::reduction;
    Value n = arith::ConstantOp::create(rewriter, loc,
                                        scalarAttr(elt, (double)count));
    Value x = adaptor.getInput();

    // mean = sum(x) / n
    SmallVector<int64_t> normalized;
    for (int64_t d = axis; d < rank; ++d)
      normalized.push_back(d);
    Value sum = buildReduction(
        rewriter, loc, x, normalized, scalarAttr(elt, 0),
        [](OpBuilder &b, Location l, Value v, Value acc) -> Value {
          return arith::AddFOp::create(b, l, v, acc);
        });
    Value mean = buildElementwise(
        rewriter, loc, redType, ValueRange{sum},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          return arith::DivFOp::create(b, l, a[0], n);
        });
    // rstd = 1 / sqrt(sum((x - mean)^2) / n + eps)
    Value zeros2 = createFilled(rewriter, loc, redType, scalarAttr(elt, 0));
    Value sq = linalg::GenericOp::create(
                   rewriter, loc, TypeRange{redType}, ValueRange{x, mean},
                   ValueRange{zeros2},
                   SmallVector<AffineMap>{id, redMap, redMap}, redIt,
                   [](OpBuilder &b, Location l, ValueRange a) {
                     Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                     Value d2 = arith::MulFOp::create(b, l, d, d);
                     linalg::YieldOp::create(
                         b, l, arith::AddFOp::create(b, l, d2, a[2])
                                   .getResult());
                   })
                   .getResult(0);
    Value eps = arith::ConstantOp::create(
        rewriter, loc, scalarAttr(elt, op.getEpsilon().convertToDouble()));
    Value rstd = buildElementwise(
        rewriter, loc, redType, ValueRange{sq},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value var = arith::DivFOp::create(b, l, a[0], n);
          return math::RsqrtOp::create(b, l,
                                       arith::AddFOp::create(b, l, var, eps));
        });
    // y = (x - mean) * rstd * scale + bias; scale/bias broadcast on the right.
    SmallVector<Value> inputs = {x, mean, rstd};
    SmallVector<AffineMap> maps = {id, redMap, redMap};
    auto [scale, scaleMap] =
        broadcastElementwise(rewriter, loc, adaptor.getScale(), type.getShape());
    inputs.push_back(scale);
    maps.push_back(scaleMap);
    bool hasBias = static_cast<bool>(adaptor.getBias());
    if (hasBias) {
      auto [bias, biasMap] = broadcastElementwise(rewriter, loc,
                                                  adaptor.getBias(),
                                                  type.getShape());
      inputs.push_back(bias);
      maps.push_back(biasMap);
    }
    maps.push_back(id);
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    Value empty = createEmpty(rewriter, loc, type);
    Value y = linalg::GenericOp::create(
                  rewriter, loc, TypeRange{type}, inputs, ValueRange{empty},
                  maps, par,
                  [&](OpBuilder &b, Location l, ValueRange a) {
                    Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                    Value nrm = arith::MulFOp::create(b, l, d, a[2]);
                    Value r = arith::MulFOp::create(b, l, nrm, a[3]);
                    if (hasBias)
                      r = arith::AddFOp::create(b, l, r, a[4]);
                    linalg::YieldOp::create(b, l, r);
                  })
                  .getResult(0);
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::nncc::populateTensorLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConstantOpLowering, ReshapeLikeOpLowering<nn::ReshapeOp>,
               ReshapeLikeOpLowering<nn::FlattenOp>, TransposeOpLowering,
               ConcatOpLowering, SoftmaxOpLowering, GatherOpLowering,
               SliceOpLowering, PadOpLowering, TriluOpLowering, LayerNormOpLowering>(
      converter, patterns.getContext());
}
