//===- Tensor.cpp - Import ONNX constants and shape ops -------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ImportContext.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::nncc;

namespace {

LogicalResult importConstant(ImportContext &ctx, const onnx::NodeProto &node) {
  if (node.attribute_size() != 1)
    return ctx.emitError(node) << "Constant: expected exactly one attribute, got "
                               << node.attribute_size();
  const onnx::AttributeProto &a = node.attribute(0);
  OpBuilder &b = ctx.getBuilder();
  Location loc = ctx.getLoc(node);
  Value v;
  if (a.name() == "value" && a.type() == onnx::AttributeProto::TENSOR) {
    FailureOr<Value> t = ctx.importTensor(a.t(), loc);
    if (failed(t))
      return failure();
    v = *t;
  } else if (a.name() == "value_float" &&
             a.type() == onnx::AttributeProto::FLOAT) {
    auto type = RankedTensorType::get({}, b.getF32Type());
    v = nn::ConstantOp::create(b, loc, type,
                               DenseElementsAttr::get(type, a.f()));
  } else if (a.name() == "value_floats" &&
             a.type() == onnx::AttributeProto::FLOATS) {
    SmallVector<float> vals(a.floats().begin(), a.floats().end());
    auto type = RankedTensorType::get({(int64_t)vals.size()}, b.getF32Type());
    v = nn::ConstantOp::create(b, loc, type,
                               DenseElementsAttr::get(type, ArrayRef(vals)));
  } else if (a.name() == "value_int" && a.type() == onnx::AttributeProto::INT) {
    auto type = RankedTensorType::get({}, b.getI64Type());
    v = nn::ConstantOp::create(b, loc, type,
                               DenseElementsAttr::get(type, (int64_t)a.i()));
  } else if (a.name() == "value_ints" &&
             a.type() == onnx::AttributeProto::INTS) {
    SmallVector<int64_t> vals(a.ints().begin(), a.ints().end());
    auto type = RankedTensorType::get({(int64_t)vals.size()}, b.getI64Type());
    v = nn::ConstantOp::create(b, loc, type,
                               DenseElementsAttr::get(type, ArrayRef(vals)));
  } else {
    return ctx.emitError(node) << "Constant: unsupported attribute '"
                               << a.name() << "'";
  }
  return ctx.setOutput(node, 0, v);
}

LogicalResult importIdentity(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  return ctx.setOutput(node, 0, *x);
}

/// Dropout in inference is the identity, and its mask is all ones (true).
LogicalResult importDropout(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"ratio", "seed", "is_test"})))
    return failure();
  if (Value training = ctx.getOptionalInput(node, 2)) {
    auto cst = training.getDefiningOp<nn::ConstantOp>();
    auto dense = cst ? dyn_cast<DenseIntElementsAttr>(cst.getValue())
                     : DenseIntElementsAttr();
    if (!dense || dense.getNumElements() != 1 ||
        !dense.getValues<APInt>()[0].isZero())
      return ctx.emitError(node) << "Dropout: training_mode must be a constant "
                                    "false";
  }
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  if (node.output_size() > 1 && !node.output(1).empty()) {
    auto xt = cast<RankedTensorType>(x->getType());
    if (!xt.hasStaticShape())
      return ctx.emitError(node)
             << "Dropout: the 'mask' output needs a static input shape";
    OpBuilder &b = ctx.getBuilder();
    // Opset >= 10 returns a bool mask; older opsets one of the input's type.
    Type elt = ctx.getNodeOpset(node) >= 10 ? Type(b.getI1Type())
                                            : xt.getElementType();
    auto maskType = RankedTensorType::get(xt.getShape(), elt);
    Attribute one = isa<FloatType>(elt) ? Attribute(b.getFloatAttr(elt, 1.0))
                                        : Attribute(b.getIntegerAttr(elt, 1));
    Value mask = nn::ConstantOp::create(
        b, ctx.getLoc(node), maskType,
        DenseElementsAttr::get(maskType, one));
    if (failed(ctx.setOutput(node, 1, mask)))
      return failure();
  }
  return ctx.setOutput(node, 0, *x);
}

LogicalResult importFlatten(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axis"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto axisAttr = ctx.getIntAttr(node, "axis", 1);
  if (failed(x) || failed(axisAttr))
    return failure();
  ArrayRef<int64_t> xs = ImportContext::shapeOf(*x);
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(node, *axisAttr, xs.size(), /*inclusiveEnd=*/true);
  if (failed(axis))
    return failure();
  FailureOr<nn::Shape> shape =
      nn::inferFlattenShape(xs, *axis, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  return ctx.setOutput(node, 0,
                       nn::FlattenOp::create(b, ctx.getLoc(node), type, *x,
                                             b.getI64IntegerAttr(*axis)));
}

LogicalResult importReshape(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"allowzero"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0), s = ctx.getInput(node, 1);
  auto allowZero = ctx.getIntAttr(node, "allowzero", 0);
  if (failed(x) || failed(s) || failed(allowZero))
    return failure();
  std::optional<SmallVector<int64_t>> target = ctx.getConstantInts(*s);
  if (!target)
    return ctx.emitError(node) << "Reshape: the target shape '"
                               << node.input(1)
                               << "' must be a compile-time constant";
  FailureOr<nn::Shape> shape =
      nn::inferReshapeShape(ImportContext::shapeOf(*x), *target,
                            *allowZero != 0, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  return ctx.setOutput(node, 0,
                       ctx.getBuilder().createOrFold<nn::ReshapeOp>(
                           ctx.getLoc(node), type, *x));
}

LogicalResult importTranspose(ImportContext &ctx,
                              const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"perm"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  int64_t rank = ImportContext::shapeOf(*x).size();
  SmallVector<int64_t> reversed;
  for (int64_t i = rank - 1; i >= 0; --i)
    reversed.push_back(i);
  auto perm = ctx.getIntsAttr(node, "perm", reversed);
  if (failed(perm))
    return failure();
  FailureOr<nn::Shape> shape = nn::inferTransposeShape(
      ImportContext::shapeOf(*x), *perm, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  return ctx.setOutput(node, 0,
                       nn::TransposeOp::create(b, ctx.getLoc(node), type, *x,
                                               b.getDenseI64ArrayAttr(*perm)));
}

LogicalResult importConcat(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axis"})))
    return failure();
  auto axisAttr = ctx.getIntAttr(node, "axis", std::nullopt);
  if (failed(axisAttr))
    return failure();
  SmallVector<Value> inputs;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (int i = 0; i < node.input_size(); ++i) {
    FailureOr<Value> v = ctx.getInput(node, i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
    shapes.push_back(ImportContext::shapeOf(*v));
  }
  if (inputs.empty())
    return ctx.emitError(node) << "Concat: expected at least one input";
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(node, *axisAttr, shapes[0].size());
  if (failed(axis))
    return failure();
  FailureOr<nn::Shape> shape =
      nn::inferConcatShape(shapes, *axis, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  Type elt = cast<RankedTensorType>(inputs[0].getType()).getElementType();
  for (Value v : inputs)
    if (cast<RankedTensorType>(v.getType()).getElementType() != elt)
      return ctx.emitError(node) << "Concat: inputs have different element "
                                    "types";
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(*shape, elt);
  return ctx.setOutput(node, 0,
                       b.createOrFold<nn::ConcatOp>(ctx.getLoc(node), type,
                                                    inputs,
                                                    b.getI64IntegerAttr(*axis)));
}

/// The constant integer contents of input `index`, or a located error
/// naming `what` ("must be a compile-time constant").
FailureOr<SmallVector<int64_t>> constantInts(ImportContext &ctx,
                                             const onnx::NodeProto &node,
                                             int index, StringRef what) {
  FailureOr<Value> v = ctx.getInput(node, index);
  if (failed(v))
    return failure();
  std::optional<SmallVector<int64_t>> c = ctx.getConstantInts(*v);
  if (!c)
    return ctx.emitError(node) << node.op_type() << ": the " << what << " '"
                               << node.input(index)
                               << "' must be a compile-time constant";
  return *c;
}

LogicalResult importShape(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"start", "end"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto start = ctx.getIntAttr(node, "start", 0);
  if (failed(x) || failed(start))
    return failure();
  ArrayRef<int64_t> shape = ImportContext::shapeOf(*x);
  int64_t rank = shape.size();
  auto end = ctx.getIntAttr(node, "end", rank);
  if (failed(end))
    return failure();
  auto clampDim = [&](int64_t v) {
    if (v < 0)
      v += rank;
    return std::clamp<int64_t>(v, 0, rank);
  };
  int64_t b = clampDim(*start), e = std::max(b, clampDim(*end));
  SmallVector<int64_t> dims(shape.begin() + b, shape.begin() + e);
  if (llvm::any_of(dims, ShapedType::isDynamic))
    return ctx.emitError(node) << "Shape: input '" << node.input(0)
                               << "' has dynamic dimensions (not supported "
                                  "yet)";
  OpBuilder &builder = ctx.getBuilder();
  auto type = RankedTensorType::get({(int64_t)dims.size()},
                                    builder.getI64Type());
  return ctx.setOutput(node, 0,
                       nn::ConstantOp::create(builder, ctx.getLoc(node), type,
                                              DenseElementsAttr::get(
                                                  type, ArrayRef(dims))));
}

LogicalResult importSize(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  std::optional<int64_t> n = nn::getNumElements(ImportContext::shapeOf(*x));
  if (!n)
    return ctx.emitError(node) << "Size: input '" << node.input(0)
                               << "' has dynamic dimensions (not supported "
                                  "yet)";
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get({}, b.getI64Type());
  return ctx.setOutput(node, 0,
                       nn::ConstantOp::create(b, ctx.getLoc(node), type,
                                              DenseElementsAttr::get(type,
                                                                     *n)));
}

LogicalResult importGather(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axis"})))
    return failure();
  FailureOr<Value> data = ctx.getInput(node, 0), idx = ctx.getInput(node, 1);
  auto axisAttr = ctx.getIntAttr(node, "axis", 0);
  if (failed(data) || failed(idx) || failed(axisAttr))
    return failure();
  FailureOr<int64_t> axis = ctx.normalizeAxis(
      node, *axisAttr, ImportContext::shapeOf(*data).size());
  if (failed(axis))
    return failure();
  FailureOr<nn::Shape> shape =
      nn::inferGatherShape(ImportContext::shapeOf(*data),
                           ImportContext::shapeOf(*idx), *axis,
                           ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(data->getType()).getElementType());
  return ctx.setOutput(node, 0,
                       b.createOrFold<nn::GatherOp>(ctx.getLoc(node), type,
                                                    *data, *idx,
                                                    b.getI64IntegerAttr(*axis)));
}

/// Axes of Squeeze/Unsqueeze: the attribute before opset 13, an input since.
FailureOr<std::optional<SmallVector<int64_t>>>
squeezeAxes(ImportContext &ctx, const onnx::NodeProto &node) {
  if (ctx.getNodeOpset(node) < 13) {
    if (!ctx.findAttr(node, "axes"))
      return std::optional<SmallVector<int64_t>>();
    auto a = ctx.getIntsAttr(node, "axes", std::nullopt);
    if (failed(a))
      return failure();
    return std::optional<SmallVector<int64_t>>(*a);
  }
  if (node.input_size() < 2 || node.input(1).empty())
    return std::optional<SmallVector<int64_t>>();
  auto a = constantInts(ctx, node, 1, "axes");
  if (failed(a))
    return failure();
  return std::optional<SmallVector<int64_t>>(*a);
}

LogicalResult importUnsqueeze(ImportContext &ctx,
                              const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axes"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto axes = squeezeAxes(ctx, node);
  if (failed(x) || failed(axes))
    return failure();
  if (!*axes)
    return ctx.emitError(node) << "Unsqueeze: missing 'axes'";
  ArrayRef<int64_t> in = ImportContext::shapeOf(*x);
  int64_t outRank = in.size() + (*axes)->size();
  SmallVector<bool> isNew(outRank, false);
  for (int64_t a : **axes) {
    FailureOr<int64_t> n = ctx.normalizeAxis(node, a, outRank);
    if (failed(n))
      return failure();
    if (isNew[*n])
      return ctx.emitError(node) << "Unsqueeze: repeated axis " << a;
    isNew[*n] = true;
  }
  SmallVector<int64_t> shape;
  size_t j = 0;
  for (int64_t d = 0; d < outRank; ++d)
    shape.push_back(isNew[d] ? 1 : in[j++]);
  return ctx.setOutput(node, 0, ctx.reshape(node, *x, shape));
}

LogicalResult importSqueeze(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axes"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto axes = squeezeAxes(ctx, node);
  if (failed(x) || failed(axes))
    return failure();
  ArrayRef<int64_t> in = ImportContext::shapeOf(*x);
  SmallVector<bool> drop(in.size(), false);
  if (*axes) {
    for (int64_t a : **axes) {
      FailureOr<int64_t> n = ctx.normalizeAxis(node, a, in.size());
      if (failed(n))
        return failure();
      if (in[*n] != 1)
        return ctx.emitError(node) << "Squeeze: dim " << *n << " has size "
                                   << in[*n] << ", not 1";
      drop[*n] = true;
    }
  } else {
    for (size_t d = 0; d < in.size(); ++d) {
      if (ShapedType::isDynamic(in[d]))
        return ctx.emitError(node)
               << "Squeeze: without axes the input needs static dims";
      drop[d] = in[d] == 1;
    }
  }
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < in.size(); ++d)
    if (!drop[d])
      shape.push_back(in[d]);
  return ctx.setOutput(node, 0, ctx.reshape(node, *x, shape));
}

/// Builds an nn.slice of `x` along the given axes (already normalised).
FailureOr<Value> buildSlice(ImportContext &ctx, const onnx::NodeProto &node,
                            Value x, ArrayRef<int64_t> axes,
                            ArrayRef<int64_t> starts, ArrayRef<int64_t> ends,
                            ArrayRef<int64_t> steps) {
  ArrayRef<int64_t> in = ImportContext::shapeOf(x);
  int64_t rank = in.size();
  SmallVector<int64_t> offsets(rank, 0), sizes(in), strides(rank, 1);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t d = axes[i], dim = in[d];
    if (ShapedType::isDynamic(dim))
      return ctx.emitError(node) << node.op_type() << ": dim " << d
                                 << " is dynamic (not supported yet)";
    int64_t step = steps[i];
    if (step == 0)
      return ctx.emitError(node) << node.op_type() << ": step 0 on axis " << d;
    if (step < 0)
      return ctx.emitError(node) << node.op_type()
                                 << ": negative steps are not supported yet";
    auto clamp = [&](int64_t v) {
      if (v < 0)
        v = v < -dim ? 0 : v + dim;
      return std::min(v, dim);
    };
    int64_t b = clamp(starts[i]), e = clamp(ends[i]);
    offsets[d] = e > b ? b : 0;
    sizes[d] = e > b ? (e - b + step - 1) / step : 0;
    strides[d] = step;
  }
  FailureOr<nn::Shape> shape = nn::inferSliceShape(in, offsets, sizes, strides,
                                                   ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x.getType()).getElementType());
  return b.createOrFold<nn::SliceOp>(ctx.getLoc(node), type, x,
                                     b.getDenseI64ArrayAttr(offsets),
                                     b.getDenseI64ArrayAttr(sizes),
                                     b.getDenseI64ArrayAttr(strides));
}

LogicalResult importSlice(ImportContext &ctx, const onnx::NodeProto &node) {
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  int64_t rank = ImportContext::shapeOf(*x).size();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (ctx.getNodeOpset(node) < 10) {
    if (failed(ctx.checkAttrs(node, {"starts", "ends", "axes"})))
      return failure();
    auto s = ctx.getIntsAttr(node, "starts", std::nullopt);
    auto e = ctx.getIntsAttr(node, "ends", std::nullopt);
    auto a = ctx.getIntsAttr(node, "axes", SmallVector<int64_t>{});
    if (failed(s) || failed(e) || failed(a))
      return failure();
    starts = *s, ends = *e, axes = *a;
  } else {
    if (failed(ctx.checkAttrs(node, {})))
      return failure();
    auto s = constantInts(ctx, node, 1, "starts");
    auto e = constantInts(ctx, node, 2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s, ends = *e;
    if (ctx.getOptionalInput(node, 3)) {
      auto a = constantInts(ctx, node, 3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (ctx.getOptionalInput(node, 4)) {
      auto st = constantInts(ctx, node, 4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return ctx.emitError(node) << "Slice: starts, ends, axes and steps must "
                                  "have the same length";
  for (int64_t &a : axes) {
    FailureOr<int64_t> n = ctx.normalizeAxis(node, a, rank);
    if (failed(n))
      return failure();
    a = *n;
  }
  FailureOr<Value> r = buildSlice(ctx, node, *x, axes, starts, ends, steps);
  if (failed(r))
    return failure();
  return ctx.setOutput(node, 0, *r);
}

/// Pad: amounts and mode are attributes before opset 11; since then the
/// amounts (and the constant value, and from opset 18 the axes) are inputs,
/// which must be compile-time constants.
LogicalResult importPad(ImportContext &ctx, const onnx::NodeProto &node) {
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = ImportContext::shapeOf(*x);
  int64_t rank = in.size();
  Type elt = getElementTypeOrSelf(x->getType());
  OpBuilder &b = ctx.getBuilder();
  bool legacy = ctx.getNodeOpset(node) < 11;
  if (failed(legacy ? ctx.checkAttrs(node, {"pads", "paddings", "mode", "value"})
                    : ctx.checkAttrs(node, {"mode"})))
    return failure();
  auto mode = ctx.getStringAttr(node, "mode", std::string("constant"));
  if (failed(mode))
    return failure();
  if (*mode != "constant" && *mode != "reflect" && *mode != "edge" &&
      *mode != "wrap")
    return ctx.emitError(node) << "Pad: unsupported mode '" << *mode
                               << "' (expected constant, reflect, edge or "
                                  "wrap)";

  SmallVector<int64_t> amounts, axes;
  TypedAttr value;
  auto fromDouble = [&](double v) -> TypedAttr {
    if (isa<FloatType>(elt))
      return b.getFloatAttr(elt, v);
    return b.getIntegerAttr(elt, (int64_t)v);
  };
  if (legacy) {
    StringRef name = ctx.findAttr(node, "pads") ? "pads" : "paddings";
    auto p = ctx.getIntsAttr(node, name, std::nullopt);
    auto v = ctx.getFloatAttr(node, "value", 0.0f);
    if (failed(p) || failed(v))
      return failure();
    amounts = *p;
    value = fromDouble(*v);
  } else {
    auto p = constantInts(ctx, node, 1, "pads");
    if (failed(p))
      return failure();
    amounts = *p;
    value = fromDouble(0.0);
    if (Value cv = ctx.getOptionalInput(node, 2)) {
      DenseElementsAttr c;
      if (!matchPattern(cv, m_Constant(&c)))
        return ctx.emitError(node) << "Pad: the constant_value '"
                                   << node.input(2)
                                   << "' must be a compile-time constant";
      if (c.getNumElements() != 1 || c.getElementType() != elt)
        return ctx.emitError(node)
               << "Pad: the constant_value '" << node.input(2)
               << "' must be one element of the input's type " << elt
               << ", got " << cv.getType();
      value = cast<TypedAttr>(*c.getValues<Attribute>().begin());
    }
    if (ctx.getOptionalInput(node, 3)) {
      auto a = constantInts(ctx, node, 3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  }
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  if (amounts.size() != 2 * axes.size())
    return ctx.emitError(node) << "Pad: expected " << 2 * axes.size()
                               << " pad amounts (begins then ends of "
                               << axes.size() << " axes), got "
                               << amounts.size();
  SmallVector<int64_t> pads(2 * rank, 0);
  SmallVector<bool> seen(rank, false);
  for (auto [i, a] : llvm::enumerate(axes)) {
    FailureOr<int64_t> d = ctx.normalizeAxis(node, a, rank);
    if (failed(d))
      return failure();
    if (seen[*d])
      return ctx.emitError(node) << "Pad: axis " << a << " is repeated";
    seen[*d] = true;
    pads[*d] = amounts[i];
    pads[rank + *d] = amounts[axes.size() + i];
  }
  FailureOr<nn::Shape> shape =
      nn::inferPadShape(in, pads, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(*shape, elt);
  return ctx.setOutput(node, 0,
                       b.createOrFold<nn::PadOp>(
                           ctx.getLoc(node), type, *x,
                           b.getDenseI64ArrayAttr(pads),
                           b.getStringAttr(*mode), value));
}

LogicalResult importSplit(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axis", "split"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto axisAttr = ctx.getIntAttr(node, "axis", 0);
  if (failed(x) || failed(axisAttr))
    return failure();
  ArrayRef<int64_t> in = ImportContext::shapeOf(*x);
  FailureOr<int64_t> axis = ctx.normalizeAxis(node, *axisAttr, in.size());
  if (failed(axis))
    return failure();
  int64_t dim = in[*axis];
  if (ShapedType::isDynamic(dim))
    return ctx.emitError(node) << "Split: the split dim is dynamic";
  SmallVector<int64_t> sizes;
  if (ctx.getNodeOpset(node) >= 13 && ctx.getOptionalInput(node, 1)) {
    auto s = constantInts(ctx, node, 1, "split");
    if (failed(s))
      return failure();
    sizes = *s;
  } else if (ctx.findAttr(node, "split")) {
    auto s = ctx.getIntsAttr(node, "split", std::nullopt);
    if (failed(s))
      return failure();
    sizes = *s;
  } else {
    int64_t n = node.output_size();
    if (n == 0 || dim % n != 0)
      return ctx.emitError(node) << "Split: dim of size " << dim
                                 << " cannot be split into " << n
                                 << " equal parts";
    sizes.assign(n, dim / n);
  }
  if ((int64_t)sizes.size() != node.output_size())
    return ctx.emitError(node) << "Split: " << sizes.size()
                               << " split sizes for " << node.output_size()
                               << " outputs";
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      return ctx.emitError(node) << "Split: negative split size " << s;
    total += s;
  }
  if (total != dim)
    return ctx.emitError(node) << "Split: sizes sum to " << total
                               << ", the dim has " << dim;
  int64_t offset = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    FailureOr<Value> part = buildSlice(ctx, node, *x, {*axis}, {offset},
                                       {offset + sizes[i]}, {1});
    if (failed(part) || failed(ctx.setOutput(node, i, *part)))
      return failure();
    offset += sizes[i];
  }
  return success();
}

LogicalResult importCast(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"to", "saturate"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto to = ctx.getIntAttr(node, "to", std::nullopt);
  if (failed(x) || failed(to))
    return failure();
  Type elt = ctx.convertElementType(*to);
  if (!elt)
    return ctx.emitError(node) << "Cast: unsupported target type code " << *to;
  auto xt = cast<RankedTensorType>(x->getType());
  auto type = RankedTensorType::get(xt.getShape(), elt);
  return ctx.setOutput(node, 0,
                       ctx.getBuilder().createOrFold<nn::CastOp>(
                           ctx.getLoc(node), type, *x));
}

LogicalResult importConstantOfShape(ImportContext &ctx,
                                    const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"value"})))
    return failure();
  auto shape = constantInts(ctx, node, 0, "shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return ctx.emitError(node) << "ConstantOfShape: negative dim " << d;
  OpBuilder &b = ctx.getBuilder();
  Attribute fill = b.getF32FloatAttr(0.0f);
  Type elt = b.getF32Type();
  if (const onnx::AttributeProto *a = ctx.findAttr(node, "value")) {
    if (a->type() != onnx::AttributeProto::TENSOR)
      return ctx.emitError(node)
             << "ConstantOfShape: attribute 'value' must be TENSOR";
    FailureOr<Value> v = ctx.importTensor(a->t(), ctx.getLoc(node));
    if (failed(v))
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(
        v->getDefiningOp<nn::ConstantOp>().getValue());
    if (!dense || dense.getNumElements() != 1)
      return ctx.emitError(node)
             << "ConstantOfShape: 'value' must hold one element";
    fill = dense.getValues<Attribute>()[0];
    elt = dense.getElementType();
    v->getDefiningOp()->erase();
  }
  auto type = RankedTensorType::get(*shape, elt);
  return ctx.setOutput(
      node, 0,
      nn::ConstantOp::create(b, ctx.getLoc(node), type,
                             DenseElementsAttr::get(type, fill)));
}

LogicalResult importExpand(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto shape = constantInts(ctx, node, 1, "shape");
  if (failed(x) || failed(shape))
    return failure();
  // Expand broadcasts both ways: the result is broadcast(x.shape, shape).
  FailureOr<nn::Shape> out = nn::inferBroadcastShape(
      ImportContext::shapeOf(*x), *shape, ctx.opErrorFn(node));
  if (failed(out))
    return failure();
  auto type = RankedTensorType::get(
      *out, cast<RankedTensorType>(x->getType()).getElementType());
  return ctx.setOutput(node, 0,
                       ctx.getBuilder().createOrFold<nn::BroadcastOp>(
                           ctx.getLoc(node), type, *x));
}

LogicalResult importTrilu(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"upper"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto upper = ctx.getIntAttr(node, "upper", 1);
  if (failed(x) || failed(upper))
    return failure();
  int64_t k = 0;
  if (ctx.getOptionalInput(node, 1)) {
    auto kv = constantInts(ctx, node, 1, "k");
    if (failed(kv))
      return failure();
    if (kv->size() != 1)
      return ctx.emitError(node) << "Trilu: 'k' must hold one value";
    k = (*kv)[0];
  }
  if (ImportContext::shapeOf(*x).size() < 2)
    return ctx.emitError(node) << "Trilu: expected input of rank >= 2";
  OpBuilder &b = ctx.getBuilder();
  return ctx.setOutput(node, 0,
                       nn::TriluOp::create(b, ctx.getLoc(node), x->getType(),
                                           *x, b.getI64IntegerAttr(k),
                                           b.getBoolAttr(*upper != 0)));
}

/// Range with constant inputs: evaluated at import time.
LogicalResult importRange(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  SmallVector<Value> in;
  for (int i = 0; i < 3; ++i) {
    FailureOr<Value> v = ctx.getInput(node, i);
    if (failed(v))
      return failure();
    in.push_back(*v);
  }
  SmallVector<DenseElementsAttr> c;
  for (Value v : in) {
    auto cst = v.getDefiningOp<nn::ConstantOp>();
    auto dense = cst ? dyn_cast<DenseElementsAttr>(cst.getValue())
                     : DenseElementsAttr();
    if (!dense || dense.getNumElements() != 1)
      return ctx.emitError(node) << "Range: start, limit and delta must be "
                                    "compile-time scalar constants";
    c.push_back(dense);
  }
  Type elt = c[0].getElementType();
  OpBuilder &b = ctx.getBuilder();
  SmallVector<Attribute> values;
  if (isa<FloatType>(elt)) {
    double s = c[0].getValues<APFloat>()[0].convertToDouble();
    double l = c[1].getValues<APFloat>()[0].convertToDouble();
    double d = c[2].getValues<APFloat>()[0].convertToDouble();
    if (d == 0)
      return ctx.emitError(node) << "Range: delta is 0";
    double n = std::max(0.0, std::ceil((l - s) / d));
    if (n > (1 << 24))
      return ctx.emitError(node) << "Range: too many elements";
    for (int64_t i = 0; i < (int64_t)n; ++i)
      values.push_back(b.getFloatAttr(elt, s + i * d));
  } else {
    int64_t s = c[0].getValues<APInt>()[0].getSExtValue();
    int64_t l = c[1].getValues<APInt>()[0].getSExtValue();
    int64_t d = c[2].getValues<APInt>()[0].getSExtValue();
    if (d == 0)
      return ctx.emitError(node) << "Range: delta is 0";
    int64_t n = std::max<int64_t>(0, llvm::divideCeilSigned(l - s, d));
    if (n > (1 << 24))
      return ctx.emitError(node) << "Range: too many elements";
    for (int64_t i = 0; i < n; ++i)
      values.push_back(b.getIntegerAttr(elt, s + i * d));
  }
  auto type = RankedTensorType::get({(int64_t)values.size()}, elt);
  return ctx.setOutput(node, 0,
                       nn::ConstantOp::create(b, ctx.getLoc(node), type,
                                              DenseElementsAttr::get(type,
                                                                     values)));
}

} // namespace

void mlir::nncc::registerTensorImporters(std::vector<OpImporterEntry> &t) {
  t.push_back({"", "Concat", 4, importConcat});
  t.push_back({"", "Constant", 1, importConstant});
  t.push_back({"", "Dropout", 7, importDropout});
  t.push_back({"", "Flatten", 1, importFlatten});
  t.push_back({"", "Identity", 1, importIdentity});
  t.push_back({"", "Reshape", 5, importReshape});
  t.push_back({"", "Transpose", 1, importTranspose});
  t.push_back({"", "Cast", 6, importCast});
  t.push_back({"", "ConstantOfShape", 9, importConstantOfShape});
  t.push_back({"", "Expand", 8, importExpand});
  t.push_back({"", "Gather", 1, importGather});
  t.push_back({"", "Pad", 1, importPad});
  t.push_back({"", "Range", 11, importRange});
  t.push_back({"", "Shape", 1, importShape});
  t.push_back({"", "Size", 1, importSize});
  t.push_back({"", "Slice", 1, importSlice});
  t.push_back({"", "Split", 2, importSplit});
  t.push_back({"", "Squeeze", 1, importSqueeze});
  t.push_back({"", "Trilu", 14, importTrilu});
  t.push_back({"", "Unsqueeze", 1, importUnsqueeze});
}
