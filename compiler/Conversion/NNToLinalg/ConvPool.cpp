//===- ConvPool.cpp - Lower nn convolution, pooling and normalisation -----===//
//
// Part of nncc.
//
// Convolutions become linalg.conv_2d_nchw_fchw (or the grouped
// conv_2d_ngchw_gfchw) over an explicitly padded input, accumulating into an
// output initialised with the bias. Pooling uses linalg.pooling_nchw_{max,sum};
// average pooling divides by a compile-time table of window sizes.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn_to_linalg;

namespace {

/// Pads the two spatial dims of an NCHW tensor (NHWC with `channelsLast`)
/// with `value`; pads = [top, left, bottom, right].
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> pads, TypedAttr value,
                 bool channelsLast = false) {
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  unsigned h = channelsLast ? 1 : 2;
  SmallVector<int64_t> shape(type.getShape());
  shape[h] += pads[0] + pads[2];
  shape[h + 1] += pads[1] + pads[3];
  auto padType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> low(4, b.getIndexAttr(0)), high(4, b.getIndexAttr(0));
  low[h] = b.getIndexAttr(pads[0]);
  low[h + 1] = b.getIndexAttr(pads[1]);
  high[h] = b.getIndexAttr(pads[2]);
  high[h + 1] = b.getIndexAttr(pads[3]);
  Value padValue = arith::ConstantOp::create(b, loc, value);
  return tensor::PadOp::create(b, loc, padType, input, low, high, padValue);
}

/// Extra bottom/right padding so that ceil-mode windows stay in bounds
/// (shapes in NCHW order).
SmallVector<int64_t> ceilModePads(ArrayRef<int64_t> inShape,
                                  ArrayRef<int64_t> outShape,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> dilations,
                                  ArrayRef<int64_t> pads) {
  SmallVector<int64_t> p(pads);
  for (unsigned i = 0; i < 2; ++i) {
    int64_t needed = (outShape[2 + i] - 1) * strides[i] +
                     dilations[i] * (kernel[i] - 1) + 1;
    int64_t have = inShape[2 + i] + pads[i] + pads[i + 2];
    if (needed > have)
      p[i + 2] += needed - have;
  }
  return p;
}

DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> values) {
  return b.getI64TensorAttr(values);
}

/// NCHW view of a shape that is NHWC when `channelsLast`.
SmallVector<int64_t> nchwShape(ArrayRef<int64_t> s, bool channelsLast) {
  if (!channelsLast)
    return SmallVector<int64_t>(s);
  return {s[0], s[3], s[1], s[2]};
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

struct Conv2DOpLowering : OpConversionPattern<nn::Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = op.getType();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto wType = cast<RankedTensorType>(adaptor.getWeight().getType());
    if (!outType.hasStaticShape() || !inType.hasStaticShape() ||
        !wType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Type elt = outType.getElementType();

    bool channelsLast = op.getChannelsLast();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), op.getPads(),
                             scalarAttr(elt, 0), channelsLast);
    // Output starts as the broadcast bias (or zero); the conv accumulates.
    Value init;
    if (adaptor.getBias()) {
      Value empty = createEmpty(rewriter, loc, outType);
      auto biasMap = AffineMap::get(
          4, 0, rewriter.getAffineDimExpr(channelsLast ? 3 : 1));
      SmallVector<AffineMap> maps = {biasMap,
                                     rewriter.getMultiDimIdentityMap(4)};
      SmallVector<utils::IteratorType> it(4, utils::IteratorType::parallel);
      init = linalg::GenericOp::create(
                 rewriter, loc, TypeRange{outType},
                 ValueRange{adaptor.getBias()}, ValueRange{empty}, maps, it,
                 [](OpBuilder &b, Location l, ValueRange a) {
                   linalg::YieldOp::create(b, l, a[0]);
                 })
                 .getResult(0);
    } else {
      init = createFilled(rewriter, loc, outType, scalarAttr(elt, 0));
    }
    auto strides = i64Vector(rewriter, op.getStrides());
    auto dilations = i64Vector(rewriter, op.getDilations());
    int64_t g = op.getGroup();
    if (channelsLast)
      return lowerChannelsLast(op, input, adaptor.getWeight(), init, strides,
                               dilations, rewriter);
    if (g == 1) {
      Value conv = linalg::Conv2DNchwFchwOp::create(
                       rewriter, loc, TypeRange{outType},
                       ValueRange{input, adaptor.getWeight()}, ValueRange{init},
                       strides, dilations)
                       .getResult(0);
      rewriter.replaceOp(op, conv);
      return success();
    }
    // Grouped: N x C x H x W -> N x G x C/G x H x W, F x C/G x KH x KW ->
    // G x F/G x C/G x KH x KW, then collapse the output's group dim back.
    auto padded = cast<RankedTensorType>(input.getType());
    ArrayRef<int64_t> ps = padded.getShape(), ws = wType.getShape(),
                      os = outType.getShape();
    auto gIn = RankedTensorType::get({ps[0], g, ps[1] / g, ps[2], ps[3]}, elt);
    auto gW =
        RankedTensorType::get({g, ws[0] / g, ws[1], ws[2], ws[3]}, elt);
    auto gOut = RankedTensorType::get({os[0], g, os[1] / g, os[2], os[3]}, elt);
    SmallVector<ReassociationIndices> inGroups = {{0}, {1, 2}, {3}, {4}};
    SmallVector<ReassociationIndices> wGroups = {{0, 1}, {2}, {3}, {4}};
    Value xi = tensor::ExpandShapeOp::create(rewriter, loc, gIn, input,
                                             inGroups);
    Value wi = tensor::ExpandShapeOp::create(rewriter, loc, gW,
                                             adaptor.getWeight(), wGroups);
    Value oi = tensor::ExpandShapeOp::create(rewriter, loc, gOut, init,
                                             inGroups);
    Value conv = linalg::Conv2DNgchwGfchwOp::create(
                     rewriter, loc, TypeRange{gOut}, ValueRange{xi, wi},
                     ValueRange{oi}, strides, dilations)
                     .getResult(0);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, outType, conv,
                                                         inGroups);
    return success();
  }

  /// NHWC input, KH x KW x C/G x F weight: linalg.conv_2d_nhwc_hwcf, or
  /// linalg.depthwise_conv_2d_nhwc_hwc when group = C = F.
  static LogicalResult lowerChannelsLast(nn::Conv2DOp op, Value input,
                                         Value weight, Value init,
                                         DenseIntElementsAttr strides,
                                         DenseIntElementsAttr dilations,
                                         ConversionPatternRewriter &rewriter) {
    Location loc = op.getLoc();
    auto outType = op.getType();
    auto wType = cast<RankedTensorType>(weight.getType());
    int64_t g = op.getGroup();
    if (g == 1) {
      rewriter.replaceOp(op, linalg::Conv2DNhwcHwcfOp::create(
                                 rewriter, loc, TypeRange{outType},
                                 ValueRange{input, weight}, ValueRange{init},
                                 strides, dilations)
                                 .getResult(0));
      return success();
    }
    if (wType.getDimSize(2) != 1 || wType.getDimSize(3) != g)
      return rewriter.notifyMatchFailure(
          op, "channels-last grouped convolution that is not depthwise");
    auto dwType = RankedTensorType::get(
        {wType.getDimSize(0), wType.getDimSize(1), g}, wType.getElementType());
    SmallVector<ReassociationIndices> groups = {{0}, {1}, {2, 3}};
    Value w = tensor::CollapseShapeOp::create(rewriter, loc, dwType, weight,
                                              groups);
    rewriter.replaceOp(op, linalg::DepthwiseConv2DNhwcHwcOp::create(
                               rewriter, loc, TypeRange{outType},
                               ValueRange{input, w}, ValueRange{init}, strides,
                               dilations)
                               .getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// MaxPool2DOp
//===----------------------------------------------------------------------===//

struct MaxPool2DOpLowering : OpConversionPattern<nn::MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = op.getType();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!outType.hasStaticShape() || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Type elt = outType.getElementType();
    bool cl = op.getChannelsLast();
    SmallVector<int64_t> pads = ceilModePads(
        nchwShape(inType.getShape(), cl), nchwShape(outType.getShape(), cl),
        op.getKernelShape(), op.getStrides(), op.getDilations(), op.getPads());
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), pads,
                             lowestAttr(elt), cl);
    Value init = createFilled(rewriter, loc, outType, lowestAttr(elt));
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernelShape(),
                                           elt);
    auto strides = i64Vector(rewriter, op.getStrides());
    auto dilations = i64Vector(rewriter, op.getDilations());
    Value pool =
        cl ? linalg::PoolingNhwcMaxOp::create(
                 rewriter, loc, TypeRange{outType}, ValueRange{input, window},
                 ValueRange{init}, strides, dilations)
                 .getResult(0)
           : linalg::PoolingNchwMaxOp::create(
                 rewriter, loc, TypeRange{outType}, ValueRange{input, window},
                 ValueRange{init}, strides, dilations)
                 .getResult(0);
    rewriter.replaceOp(op, pool);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// AvgPool2DOp
//===----------------------------------------------------------------------===//

struct AvgPool2DOpLowering : OpConversionPattern<nn::AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = op.getType();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (!outType.hasStaticShape() || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Type elt = outType.getElementType();
    bool cl = op.getChannelsLast();
    SmallVector<int64_t> inNCHW = nchwShape(inType.getShape(), cl),
                         outNCHW = nchwShape(outType.getShape(), cl);
    ArrayRef<int64_t> k = op.getKernelShape(), s = op.getStrides(),
                      p = op.getPads(), in = inNCHW, out = outNCHW;
    SmallVector<int64_t> ones = {1, 1};
    SmallVector<int64_t> pads = ceilModePads(in, out, k, s, ones, p);
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), pads,
                             scalarAttr(elt, 0), cl);
    Value init = createFilled(rewriter, loc, outType, scalarAttr(elt, 0));
    Value window = tensor::EmptyOp::create(rewriter, loc, k, elt);
    Value sum =
        cl ? linalg::PoolingNhwcSumOp::create(
                 rewriter, loc, TypeRange{outType}, ValueRange{input, window},
                 ValueRange{init}, i64Vector(rewriter, s),
                 i64Vector(rewriter, ones))
                 .getResult(0)
           : linalg::PoolingNchwSumOp::create(
                 rewriter, loc, TypeRange{outType}, ValueRange{input, window},
                 ValueRange{init}, i64Vector(rewriter, s),
                 i64Vector(rewriter, ones))
                 .getResult(0);

    // Window sizes per output position, known at compile time: the window
    // clipped to the input (plus explicit pads with count_include_pad); the
    // ceil-mode extension is never counted.
    bool includePad = op.getCountIncludePad();
    SmallVector<double> counts;
    for (int64_t oh = 0; oh < out[2]; ++oh) {
      for (int64_t ow = 0; ow < out[3]; ++ow) {
        int64_t extent[2];
        int64_t pos[2] = {oh, ow};
        for (int i = 0; i < 2; ++i) {
          int64_t lo = includePad ? -p[i] : 0;
          int64_t hi = includePad ? in[2 + i] + p[i + 2] : in[2 + i];
          int64_t begin = pos[i] * s[i] - p[i];
          int64_t end = begin + k[i];
          extent[i] = std::max<int64_t>(
              0, std::min(end, hi) - std::max(begin, lo));
        }
        counts.push_back(std::max<int64_t>(1, extent[0] * extent[1]));
      }
    }
    // Broadcast over N and C: OH x OW, or OH x OW x 1 channels-last.
    SmallVector<int64_t> countShape = {out[2], out[3]};
    if (cl)
      countShape.push_back(1);
    auto countType = RankedTensorType::get(countShape, elt);
    SmallVector<Attribute> countAttrs;
    for (double c : counts)
      countAttrs.push_back(scalarAttr(elt, c));
    Value countTensor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(countType, countAttrs));
    Value avg = buildElementwise(
        rewriter, loc, outType, ValueRange{sum, countTensor},
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          return arith::DivFOp::create(b, l, a[0], a[1]);
        });
    rewriter.replaceOp(op, avg);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Global pooling
//===----------------------------------------------------------------------===//

/// Reduces all dims >= 2 of N x C x ... into N x C x 1 ... (dims 1 and 2 of
/// N x H x W x C with `channelsLast`); `isMax` selects max (else mean).
LogicalResult lowerGlobalPool(Operation *op, Value input, bool isMax,
                              ConversionPatternRewriter &rewriter,
                              bool channelsLast = false) {
  Location loc = op->getLoc();
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  auto inType = cast<RankedTensorType>(input.getType());
  if (!inType.hasStaticShape())
    return rewriter.notifyMatchFailure(op, "needs static shapes");
  Type elt = inType.getElementType();
  int64_t rank = inType.getRank();
  ArrayRef<int64_t> inShape = inType.getShape();
  SmallVector<int64_t> nc(inShape.take_front(2)), spatial;
  for (int64_t d = 2; d < rank; ++d)
    spatial.push_back(d);
  if (channelsLast) {
    nc = {inShape[0], inShape[3]};
    spatial = {1, 2};
  }
  auto ncType = RankedTensorType::get(nc, elt);
  Value red = buildReduction(
      rewriter, loc, input, spatial,
      isMax ? lowestAttr(elt) : scalarAttr(elt, 0),
      [isMax](OpBuilder &b, Location l, Value x, Value acc) -> Value {
        if (isMax)
          return arith::MaximumFOp::create(b, l, x, acc);
        return arith::AddFOp::create(b, l, x, acc);
      });
  if (!isMax) {
    int64_t count = 1;
    for (int64_t d : spatial)
      count *= inShape[d];
    Value c = arith::ConstantOp::create(
        rewriter, loc, scalarAttr(elt, static_cast<double>(count)));
    red = buildElementwise(rewriter, loc, ncType, ValueRange{red},
                           [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                             return arith::DivFOp::create(b, l, a[0], c);
                           });
  }
  rewriter.replaceOp(op, reshapeTensor(rewriter, loc, red, outType));
  return success();
}

struct GlobalAvgPoolOpLowering : OpConversionPattern<nn::GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerGlobalPool(op, adaptor.getInput(), false, rewriter,
                           op.getChannelsLast());
  }
};

struct GlobalMaxPoolOpLowering : OpConversionPattern<nn::GlobalMaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::GlobalMaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerGlobalPool(op, adaptor.getInput(), true, rewriter);
  }
};

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

struct BatchNormOpLowering : OpConversionPattern<nn::BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = op.getType();
    if (!outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Type elt = outType.getElementType();
    auto cType = cast<RankedTensorType>(adaptor.getScale().getType());
    // Per channel: a = scale / sqrt(var + eps), b = bias - mean * a.
    Value eps = arith::ConstantOp::create(
        rewriter, loc,
        scalarAttr(elt, op.getEpsilon().convertToDouble()));
    Value a = buildElementwise(
        rewriter, loc, cType,
        ValueRange{adaptor.getScale(), adaptor.getVariance()},
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          Value s = math::SqrtOp::create(b, l, arith::AddFOp::create(b, l, v[1], eps));
          return arith::DivFOp::create(b, l, v[0], s);
        });
    Value bb = buildElementwise(
        rewriter, loc, cType, ValueRange{adaptor.getBias(), adaptor.getMean(), a},
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          return arith::SubFOp::create(b, l, v[0],
                                       arith::MulFOp::create(b, l, v[1], v[2]));
        });
    // y = x * a[c] + b[c] with c = dim 1.
    int64_t rank = outType.getRank();
    auto chanMap = AffineMap::get(rank, 0, rewriter.getAffineDimExpr(1));
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   chanMap, chanMap,
                                   rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> it(rank, utils::IteratorType::parallel);
    Value empty = createEmpty(rewriter, loc, outType);
    Value y = linalg::GenericOp::create(
                  rewriter, loc, TypeRange{outType},
                  ValueRange{adaptor.getInput(), a, bb}, ValueRange{empty},
                  maps, it,
                  [](OpBuilder &b, Location l, ValueRange v) {
                    Value m = arith::MulFOp::create(b, l, v[0], v[1]);
                    linalg::YieldOp::create(b, l,
                                            arith::AddFOp::create(b, l, m, v[2])
                                                .getResult());
                  })
                  .getResult(0);
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::nncc::populateConvPoolLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<Conv2DOpLowering, MaxPool2DOpLowering, AvgPool2DOpLowering,
               GlobalAvgPoolOpLowering, GlobalMaxPoolOpLowering,
               BatchNormOpLowering>(converter, patterns.getContext());
}
