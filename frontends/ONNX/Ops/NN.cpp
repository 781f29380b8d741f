//===- NN.cpp - Import ONNX convolution, pooling, matmul and norm ops -----===//
//
// Part of nncc.
//
// auto_pad is resolved into explicit pads here; 1-D convolution and pooling
// are imported as 2-D ones over a unit height (reshapes around the op).
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ImportContext.h"

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// Spatial window attributes common to Conv and the pools, resolved to 2-D.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, pads; // pads: t, l, b, r
  bool is1D = false;
};

/// Reads kernel_shape/strides/dilations/pads/auto_pad for a node whose data
/// input has spatial dims `spatial` (1 or 2 of them).
FailureOr<Window> readWindow(ImportContext &ctx, const onnx::NodeProto &node,
                             ArrayRef<int64_t> spatial,
                             std::optional<SmallVector<int64_t>> kernelDefault,
                             bool hasDilations) {
  size_t n = spatial.size();
  if (n != 1 && n != 2)
    return ctx.emitError(node) << node.op_type() << ": only 1-D and 2-D "
                               << "windows are supported, got " << n
                               << " spatial dimensions";
  Window w;
  w.is1D = n == 1;
  SmallVector<int64_t> ones(n, 1), zeros(2 * n, 0);
  auto kernel = ctx.getIntsAttr(node, "kernel_shape", kernelDefault);
  auto strides = ctx.getIntsAttr(node, "strides", ones);
  auto dilations = hasDilations ? ctx.getIntsAttr(node, "dilations", ones)
                                : FailureOr<SmallVector<int64_t>>(ones);
  auto pads = ctx.getIntsAttr(node, "pads", zeros);
  auto autoPad = ctx.getStringAttr(node, "auto_pad", std::string("NOTSET"));
  if (failed(kernel) || failed(strides) || failed(dilations) || failed(pads) ||
      failed(autoPad))
    return failure();
  auto checkLen = [&](ArrayRef<int64_t> v, size_t len,
                      StringRef name) -> LogicalResult {
    if (v.size() != len)
      return ctx.emitError(node)
             << node.op_type() << ": expected '" << name << "' to have "
             << len << " values, got " << v.size();
    return success();
  };
  if (failed(checkLen(*kernel, n, "kernel_shape")) ||
      failed(checkLen(*strides, n, "strides")) ||
      failed(checkLen(*dilations, n, "dilations")) ||
      failed(checkLen(*pads, 2 * n, "pads")))
    return failure();
  for (auto [name, vals] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"kernel_shape", *kernel},
        {"strides", *strides},
        {"dilations", *dilations}})
    for (int64_t v : vals)
      if (v < 1)
        return ctx.emitError(node) << node.op_type() << ": expected '" << name
                                   << "' values >= 1, got " << v;
  SmallVector<int64_t> p = *pads;
  if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < n; ++i) {
      if (ShapedType::isDynamic(spatial[i]))
        return ctx.emitError(node) << node.op_type()
                                   << ": auto_pad needs static spatial dims";
      int64_t out = (spatial[i] + (*strides)[i] - 1) / (*strides)[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * (*strides)[i] + ((*kernel)[i] - 1) * (*dilations)[i] +
                 1 - spatial[i]);
      int64_t small = total / 2, large = total - small;
      p[i] = *autoPad == "SAME_UPPER" ? small : large;
      p[i + n] = *autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (*autoPad == "VALID") {
    p.assign(2 * n, 0);
  } else if (*autoPad != "NOTSET") {
    return ctx.emitError(node) << node.op_type() << ": invalid auto_pad '"
                               << *autoPad << "'";
  }
  if (w.is1D) {
    w.kernel = {1, (*kernel)[0]};
    w.strides = {1, (*strides)[0]};
    w.dilations = {1, (*dilations)[0]};
    w.pads = {0, p[0], 0, p[1]};
  } else {
    w.kernel = *kernel;
    w.strides = *strides;
    w.dilations = *dilations;
    w.pads = p;
  }
  return w;
}

/// N x C x W -> N x C x 1 x W for 1-D windows.
SmallVector<int64_t> as2D(ArrayRef<int64_t> shape) {
  if (shape.size() != 3)
    return SmallVector<int64_t>(shape);
  return {shape[0], shape[1], 1, shape[2]};
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

LogicalResult importConv(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"auto_pad", "dilations", "group",
                                   "kernel_shape", "pads", "strides"})))
    return failure();
  FailureOr<Value> x = ctx.getFloatInput(node, 0), w = ctx.getFloatInput(node, 1);
  if (failed(x) || failed(w))
    return failure();
  Value bias = ctx.getOptionalInput(node, 2);
  ArrayRef<int64_t> xs = ImportContext::shapeOf(*x),
                    ws = ImportContext::shapeOf(*w);
  if (xs.size() < 3 || ws.size() != xs.size())
    return ctx.emitError(node) << "Conv: expected input and weight of equal "
                                  "rank >= 3, got ranks "
                               << xs.size() << " and " << ws.size();
  auto group = ctx.getIntAttr(node, "group", 1);
  if (failed(group))
    return failure();
  FailureOr<Window> win =
      readWindow(ctx, node, xs.drop_front(2),
                 SmallVector<int64_t>(ws.drop_front(2)), true);
  if (failed(win))
    return failure();
  Value x2 = ctx.reshape(node, *x, as2D(xs));
  Value w2 = ctx.reshape(node, *w, as2D(ws));
  if (win->kernel != SmallVector<int64_t>(ImportContext::shapeOf(w2).drop_front(2)))
    return ctx.emitError(node) << "Conv: kernel_shape does not match the "
                                  "weight's spatial dims";
  std::optional<ArrayRef<int64_t>> biasShape;
  if (bias)
    biasShape = ImportContext::shapeOf(bias);
  FailureOr<nn::Shape> shape = nn::inferConv2DShape(
      ImportContext::shapeOf(x2), ImportContext::shapeOf(w2), biasShape,
      win->strides, win->dilations, win->pads, *group, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  Value y = nn::Conv2DOp::create(b, ctx.getLoc(node), type, x2, w2, bias,
                                 b.getDenseI64ArrayAttr(win->strides),
                                 b.getDenseI64ArrayAttr(win->dilations),
                                 b.getDenseI64ArrayAttr(win->pads),
                                 b.getI64IntegerAttr(*group));
  if (win->is1D)
    y = ctx.reshape(node, y, {(*shape)[0], (*shape)[1], (*shape)[3]});
  return ctx.setOutput(node, 0, y);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <bool IsMax>
LogicalResult importPool(ImportContext &ctx, const onnx::NodeProto &node) {
  SmallVector<StringRef> known = {"auto_pad", "ceil_mode", "kernel_shape",
                                  "pads", "strides"};
  if (IsMax) {
    known.push_back("dilations");
    known.push_back("storage_order");
  } else {
    known.push_back("count_include_pad");
  }
  if (failed(ctx.checkAttrs(node, known)))
    return failure();
  if (IsMax && ImportContext::numOutputs(node) > 1)
    return ctx.emitError(node)
           << "MaxPool: the 'Indices' output is not supported";
  FailureOr<Value> x = ctx.getFloatInput(node, 0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> xs = ImportContext::shapeOf(*x);
  if (xs.size() < 3)
    return ctx.emitError(node) << node.op_type()
                               << ": expected input of rank >= 3, got rank "
                               << xs.size();
  FailureOr<Window> win =
      readWindow(ctx, node, xs.drop_front(2), std::nullopt, IsMax);
  auto ceilMode = ctx.getIntAttr(node, "ceil_mode", 0);
  auto countIncludePad = ctx.getIntAttr(node, "count_include_pad", 0);
  if (failed(win) || failed(ceilMode) || failed(countIncludePad))
    return failure();
  Value x2 = ctx.reshape(node, *x, as2D(xs));
  FailureOr<nn::Shape> shape = nn::inferPool2DShape(
      ImportContext::shapeOf(x2), win->kernel, win->strides, win->pads,
      win->dilations, *ceilMode != 0, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  Value y;
  if (IsMax)
    y = nn::MaxPool2DOp::create(b, ctx.getLoc(node), type, x2,
                                b.getDenseI64ArrayAttr(win->kernel),
                                b.getDenseI64ArrayAttr(win->strides),
                                b.getDenseI64ArrayAttr(win->pads),
                                b.getDenseI64ArrayAttr(win->dilations),
                                b.getBoolAttr(*ceilMode != 0));
  else
    y = nn::AvgPool2DOp::create(b, ctx.getLoc(node), type, x2,
                                b.getDenseI64ArrayAttr(win->kernel),
                                b.getDenseI64ArrayAttr(win->strides),
                                b.getDenseI64ArrayAttr(win->pads),
                                b.getBoolAttr(*ceilMode != 0),
                                b.getBoolAttr(*countIncludePad != 0));
  if (win->is1D)
    y = ctx.reshape(node, y, {(*shape)[0], (*shape)[1], (*shape)[3]});
  return ctx.setOutput(node, 0, y);
}

template <typename OpTy>
LogicalResult importGlobalPool(ImportContext &ctx,
                               const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> x = ctx.getFloatInput(node, 0);
  if (failed(x))
    return failure();
  FailureOr<nn::Shape> shape = nn::inferGlobalPoolShape(
      ImportContext::shapeOf(*x), ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  return ctx.setOutput(
      node, 0, OpTy::create(ctx.getBuilder(), ctx.getLoc(node), type, *x));
}

//===----------------------------------------------------------------------===//
// Gemm, MatMul
//===----------------------------------------------------------------------===//

LogicalResult importGemm(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"alpha", "beta", "transA", "transB"})))
    return failure();
  FailureOr<Value> a = ctx.getFloatInput(node, 0), bv = ctx.getFloatInput(node, 1);
  if (failed(a) || failed(bv))
    return failure();
  Value c = ctx.getOptionalInput(node, 2);
  auto alpha = ctx.getFloatAttr(node, "alpha", 1.0f);
  auto beta = ctx.getFloatAttr(node, "beta", 1.0f);
  auto transA = ctx.getIntAttr(node, "transA", 0);
  auto transB = ctx.getIntAttr(node, "transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  std::optional<ArrayRef<int64_t>> cShape;
  if (c)
    cShape = ImportContext::shapeOf(c);
  FailureOr<nn::Shape> shape = nn::inferGemmShape(
      ImportContext::shapeOf(*a), ImportContext::shapeOf(*bv), cShape,
      *transA != 0, *transB != 0, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(a->getType()).getElementType());
  Value y = nn::GemmOp::create(b, ctx.getLoc(node), type, *a, *bv, c,
                               b.getF32FloatAttr(*alpha),
                               b.getF32FloatAttr(*beta),
                               b.getBoolAttr(*transA != 0),
                               b.getBoolAttr(*transB != 0));
  return ctx.setOutput(node, 0, y);
}

LogicalResult importMatMul(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> a = ctx.getFloatInput(node, 0), b = ctx.getFloatInput(node, 1);
  if (failed(a) || failed(b))
    return failure();
  FailureOr<nn::Shape> shape =
      nn::inferMatMulShape(ImportContext::shapeOf(*a),
                           ImportContext::shapeOf(*b), ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(a->getType()).getElementType());
  return ctx.setOutput(node, 0,
                       nn::MatMulOp::create(ctx.getBuilder(), ctx.getLoc(node),
                                            type, *a, *b));
}

//===----------------------------------------------------------------------===//
// BatchNormalization, Softmax
//===----------------------------------------------------------------------===//

LogicalResult importBatchNorm(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node,
                            {"epsilon", "momentum", "training_mode", "spatial"})))
    return failure();
  auto training = ctx.getIntAttr(node, "training_mode", 0);
  auto spatial = ctx.getIntAttr(node, "spatial", 1);
  auto eps = ctx.getFloatAttr(node, "epsilon", 1e-5f);
  if (failed(training) || failed(spatial) || failed(eps))
    return failure();
  if (*training != 0 || ImportContext::numOutputs(node) > 1)
    return ctx.emitError(node)
           << "BatchNormalization: training mode is not supported";
  if (*spatial != 1)
    return ctx.emitError(node)
           << "BatchNormalization: spatial = 0 is not supported";
  SmallVector<Value> in;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> v = ctx.getFloatInput(node, i);
    if (failed(v))
      return failure();
    in.push_back(*v);
  }
  SmallVector<ArrayRef<int64_t>> params;
  for (int i = 1; i < 5; ++i)
    params.push_back(ImportContext::shapeOf(in[i]));
  FailureOr<nn::Shape> shape = nn::inferBatchNormShape(
      ImportContext::shapeOf(in[0]), params, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  Value y = nn::BatchNormOp::create(b, ctx.getLoc(node), in[0].getType(), in[0],
                                    in[1], in[2], in[3], in[4],
                                    b.getF32FloatAttr(*eps));
  return ctx.setOutput(node, 0, y);
}

LogicalResult importSoftmax(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axis"})))
    return failure();
  FailureOr<Value> x = ctx.getFloatInput(node, 0);
  if (failed(x))
    return failure();
  bool legacy = ctx.getNodeOpset(node) < 13;
  auto axisAttr = ctx.getIntAttr(node, "axis", legacy ? 1 : -1);
  if (failed(axisAttr))
    return failure();
  ArrayRef<int64_t> xs = ImportContext::shapeOf(*x);
  int64_t rank = xs.size();
  if (rank == 0)
    return ctx.emitError(node) << "Softmax: expected input of rank >= 1";
  FailureOr<int64_t> axis = ctx.normalizeAxis(node, *axisAttr, rank);
  if (failed(axis))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  if (!legacy || *axis == rank - 1) {
    // Opset 13 semantics; also what opset < 13 means at the last axis.
    Value y = nn::SoftmaxOp::create(b, ctx.getLoc(node), x->getType(), *x,
                                    b.getI64IntegerAttr(*axis));
    return ctx.setOutput(node, 0, y);
  }
  // Opset < 13: softmax over the flattened dims [axis, rank).
  FailureOr<nn::Shape> flat =
      nn::inferFlattenShape(xs, *axis, ctx.opErrorFn(node));
  if (failed(flat))
    return failure();
  Value x2 = ctx.reshape(node, *x, *flat);
  Value y = nn::SoftmaxOp::create(b, ctx.getLoc(node), x2.getType(), x2,
                                  b.getI64IntegerAttr(1));
  return ctx.setOutput(node, 0, ctx.reshape(node, y, xs));
}

LogicalResult importLayerNorm(ImportContext &ctx,
                              const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axis", "epsilon", "stash_type"})))
    return failure();
  FailureOr<Value> x = ctx.getFloatInput(node, 0),
                   scale = ctx.getFloatInput(node, 1);
  auto axisAttr = ctx.getIntAttr(node, "axis", -1);
  auto eps = ctx.getFloatAttr(node, "epsilon", 1e-5f);
  if (failed(x) || failed(scale) || failed(axisAttr) || failed(eps))
    return failure();
  Value bias = ctx.getOptionalInput(node, 2);
  FailureOr<int64_t> axis = ctx.normalizeAxis(
      node, *axisAttr, ImportContext::shapeOf(*x).size());
  if (failed(axis))
    return failure();
  auto emit = [&] { return ctx.emitError(node) << "LayerNormalization: "; };
  ArrayRef<int64_t> normalized = ImportContext::shapeOf(*x).drop_front(*axis);
  if (failed(nn::verifyBroadcastableTo(ImportContext::shapeOf(*scale),
                                       normalized, emit)) ||
      (bias && failed(nn::verifyBroadcastableTo(ImportContext::shapeOf(bias),
                                                normalized, emit))))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  Location loc = ctx.getLoc(node);
  Value y = nn::LayerNormOp::create(b, loc, x->getType(), *x, *scale, bias,
                                    b.getI64IntegerAttr(*axis),
                                    b.getF32FloatAttr(*eps));
  if (failed(ctx.setOutput(node, 0, y)))
    return failure();
  // The optional Mean and InvStdDev outputs (x.shape[:axis] + 1...), built
  // from reductions; they are only computed when used.
  if (ImportContext::numOutputs(node) > 1) {
    auto xt = cast<RankedTensorType>(x->getType());
    int64_t rank = xt.getRank();
    SmallVector<int64_t> axes, statShape(xt.getShape());
    for (int64_t d = *axis; d < rank; ++d) {
      axes.push_back(d);
      statShape[d] = 1;
    }
    auto statType = RankedTensorType::get(statShape, xt.getElementType());
    Value mean = nn::ReduceMeanOp::create(b, loc, statType, *x,
                                          b.getDenseI64ArrayAttr(axes),
                                          b.getBoolAttr(true));
    Value centered = nn::SubOp::create(b, loc, xt, *x, mean);
    Value sq = nn::MulOp::create(b, loc, xt, centered, centered);
    Value var = nn::ReduceMeanOp::create(b, loc, statType, sq,
                                         b.getDenseI64ArrayAttr(axes),
                                         b.getBoolAttr(true));
    auto scalarType = RankedTensorType::get({}, xt.getElementType());
    Value epsV = nn::ConstantOp::create(
        b, loc, scalarType,
        DenseElementsAttr::get(scalarType,
                               b.getFloatAttr(xt.getElementType(), *eps)));
    Value one = nn::ConstantOp::create(
        b, loc, scalarType,
        DenseElementsAttr::get(scalarType,
                               b.getFloatAttr(xt.getElementType(), 1.0)));
    Value stdv = nn::SqrtOp::create(
        b, loc, statType, nn::AddOp::create(b, loc, statType, var, epsV));
    Value invStd = nn::DivOp::create(b, loc, statType, one, stdv);
    if (failed(ctx.setOutput(node, 1, mean)) ||
        failed(ctx.setOutput(node, 2, invStd)))
      return failure();
  }
  return success();
}

} // namespace

void mlir::nncc::registerNNImporters(std::vector<OpImporterEntry> &t) {
  t.push_back({"", "AveragePool", 7, importPool<false>});
  t.push_back({"", "BatchNormalization", 7, importBatchNorm});
  t.push_back({"", "Conv", 1, importConv});
  t.push_back({"", "Gemm", 7, importGemm});
  t.push_back({"", "GlobalAveragePool", 1, importGlobalPool<nn::GlobalAvgPoolOp>});
  t.push_back({"", "GlobalMaxPool", 1, importGlobalPool<nn::GlobalMaxPoolOp>});
  t.push_back({"", "LayerNormalization", 17, importLayerNorm});
  t.push_back({"", "MatMul", 1, importMatMul});
  t.push_back({"", "MaxPool", 1, importPool<true>});
  t.push_back({"", "Softmax", 1, importSoftmax});
}
