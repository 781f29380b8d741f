//===- Tensor.cpp - Import ONNX constants and shape ops -------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ImportContext.h"

using namespace mlir;
using namespace mlir::nncc;

namespace {

auto errorAt(ImportContext &ctx, const onnx::NodeProto &node) {
  return [&ctx, &node] {
    return ctx.emitError(node) << node.op_type() << ": ";
  };
}

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
      nn::inferFlattenShape(xs, *axis, errorAt(ctx, node));
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
                            *allowZero != 0, errorAt(ctx, node));
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  return ctx.setOutput(
      node, 0,
      nn::ReshapeOp::create(ctx.getBuilder(), ctx.getLoc(node), type, *x));
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
      ImportContext::shapeOf(*x), *perm, errorAt(ctx, node));
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
      nn::inferConcatShape(shapes, *axis, errorAt(ctx, node));
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
                       nn::ConcatOp::create(b, ctx.getLoc(node), type, inputs,
                                            b.getI64IntegerAttr(*axis)));
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
}
