//===- Math.cpp - Import ONNX elementwise math ops ------------------------===//
//
// Part of nncc.
//
// Unary ops map one-to-one; binary ops use multidirectional broadcasting
// (opset >= 7); the variadic Max/Min/Sum become chains of binary ops.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ImportContext.h"

#include "mlir/IR/TypeUtilities.h"

#include <type_traits>

using namespace mlir;
using namespace mlir::nncc;

namespace {

template <typename OpTy>
LogicalResult importUnary(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> x = ctx.getFloatInput(node, 0);
  if (failed(x))
    return failure();
  Value y = OpTy::create(ctx.getBuilder(), ctx.getLoc(node), x->getType(), *x);
  return ctx.setOutput(node, 0, y);
}

/// Builds `OpTy(lhs, rhs)` with the broadcast result type.
template <typename OpTy>
FailureOr<Value> buildBinary(ImportContext &ctx, const onnx::NodeProto &node,
                             Value lhs, Value rhs) {
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  if (lt.getElementType() != rt.getElementType())
    return ctx.emitError(node) << node.op_type()
                               << ": operands have different element types "
                               << lt.getElementType() << " and "
                               << rt.getElementType();
  FailureOr<nn::Shape> shape =
      nn::inferBroadcastShape(lt.getShape(), rt.getShape(),
                              ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  // Comparisons produce i1; everything else the operands' type.
  Type elt = std::is_same_v<OpTy, nn::EqualOp> ||
                     std::is_same_v<OpTy, nn::LessOp> ||
                     std::is_same_v<OpTy, nn::LessEqualOp> ||
                     std::is_same_v<OpTy, nn::GreaterOp> ||
                     std::is_same_v<OpTy, nn::GreaterEqualOp>
                 ? Type(ctx.getBuilder().getI1Type())
                 : lt.getElementType();
  auto type = RankedTensorType::get(*shape, elt);
  // Constant operands (shape arithmetic) fold right away.
  return ctx.getBuilder().createOrFold<OpTy>(ctx.getLoc(node), type, lhs, rhs);
}

template <typename OpTy>
LogicalResult importBinary(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> a = ctx.getInput(node, 0), b = ctx.getInput(node, 1);
  if (failed(a) || failed(b))
    return failure();
  FailureOr<Value> r = buildBinary<OpTy>(ctx, node, *a, *b);
  if (failed(r))
    return failure();
  return ctx.setOutput(node, 0, *r);
}

/// Max, Min, Sum: fold the inputs left to right.
template <typename OpTy>
LogicalResult importVariadic(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> acc = ctx.getInput(node, 0);
  if (failed(acc))
    return failure();
  for (int i = 1; i < node.input_size(); ++i) {
    FailureOr<Value> next = ctx.getInput(node, i);
    if (failed(next))
      return failure();
    acc = buildBinary<OpTy>(ctx, node, *acc, *next);
    if (failed(acc))
      return failure();
  }
  return ctx.setOutput(node, 0, *acc);
}

/// Pow(T, T1): a float base takes the exponent converted to its type; an
/// integer base is computed in f64 and converted back (truncating, as
/// numpy and ONNX Runtime do).
LogicalResult importPow(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> a = ctx.getInput(node, 0), e = ctx.getInput(node, 1);
  if (failed(a) || failed(e))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  Location loc = ctx.getLoc(node);
  auto castTo = [&](Value v, Type elt) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getElementType() == elt)
      return v;
    return b.createOrFold<nn::CastOp>(loc, t.clone(elt), v);
  };
  Type baseElt = getElementTypeOrSelf(a->getType());
  Type computeElt = isa<FloatType>(baseElt) ? baseElt : Type(b.getF64Type());
  FailureOr<Value> r = buildBinary<nn::PowOp>(
      ctx, node, castTo(*a, computeElt), castTo(*e, computeElt));
  if (failed(r))
    return failure();
  return ctx.setOutput(node, 0, castTo(*r, baseElt));
}

/// Neg: nn.neg for floats; 0 - x (folded for constants) for integers.
LogicalResult importNeg(ImportContext &ctx, const onnx::NodeProto &node) {
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  auto t = cast<RankedTensorType>(x->getType());
  if (isa<FloatType>(t.getElementType()))
    return importUnary<nn::NegOp>(ctx, node);
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto scalar = RankedTensorType::get({}, t.getElementType());
  Value zero = nn::ConstantOp::create(
      b, ctx.getLoc(node), scalar,
      DenseElementsAttr::get(scalar, b.getIntegerAttr(t.getElementType(), 0)));
  FailureOr<Value> r = buildBinary<nn::SubOp>(ctx, node, zero, *x);
  if (failed(r))
    return failure();
  return ctx.setOutput(node, 0, *r);
}

LogicalResult importNot(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  if (!getElementTypeOrSelf(x->getType()).isInteger(1))
    return ctx.emitError(node) << "Not: the input must be bool";
  return ctx.setOutput(node, 0,
                       nn::NotOp::create(ctx.getBuilder(), ctx.getLoc(node),
                                         x->getType(), *x));
}

LogicalResult importWhere(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {})))
    return failure();
  FailureOr<Value> c = ctx.getInput(node, 0), x = ctx.getInput(node, 1),
                   y = ctx.getInput(node, 2);
  if (failed(c) || failed(x) || failed(y))
    return failure();
  if (!getElementTypeOrSelf(c->getType()).isInteger(1))
    return ctx.emitError(node) << "Where: the condition must be bool";
  if (getElementTypeOrSelf(x->getType()) != getElementTypeOrSelf(y->getType()))
    return ctx.emitError(node) << "Where: x and y have different element "
                                  "types";
  auto emit = [&] { return ctx.emitError(node) << "Where: "; };
  FailureOr<nn::Shape> xy = nn::inferBroadcastShape(
      ImportContext::shapeOf(*x), ImportContext::shapeOf(*y), emit);
  if (failed(xy))
    return failure();
  FailureOr<nn::Shape> shape =
      nn::inferBroadcastShape(ImportContext::shapeOf(*c), *xy, emit);
  if (failed(shape))
    return failure();
  auto type =
      RankedTensorType::get(*shape, getElementTypeOrSelf(x->getType()));
  return ctx.setOutput(node, 0,
                       ctx.getBuilder().createOrFold<nn::WhereOp>(
                           ctx.getLoc(node), type, *c, *x, *y));
}

/// Clip(x, lo, hi) = min(max(x, lo), hi); bounds are attributes before
/// opset 11 and optional inputs since.
LogicalResult importClip(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"min", "max"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  Value lo, hi;
  OpBuilder &b = ctx.getBuilder();
  Type elt = getElementTypeOrSelf(x->getType());
  if (ctx.getNodeOpset(node) < 11) {
    auto scalar = [&](StringRef name) -> FailureOr<Value> {
      if (!ctx.findAttr(node, name))
        return Value();
      auto v = ctx.getFloatAttr(node, name, std::nullopt);
      if (failed(v))
        return failure();
      auto type = RankedTensorType::get({}, elt);
      return nn::ConstantOp::create(
                 b, ctx.getLoc(node), type,
                 DenseElementsAttr::get(type, b.getFloatAttr(elt, *v)))
          .getResult();
    };
    FailureOr<Value> l = scalar("min"), h = scalar("max");
    if (failed(l) || failed(h))
      return failure();
    lo = *l, hi = *h;
  } else {
    lo = ctx.getOptionalInput(node, 1);
    hi = ctx.getOptionalInput(node, 2);
  }
  Value r = *x;
  if (lo) {
    FailureOr<Value> v = buildBinary<nn::MaxOp>(ctx, node, r, lo);
    if (failed(v))
      return failure();
    r = *v;
  }
  if (hi) {
    FailureOr<Value> v = buildBinary<nn::MinOp>(ctx, node, r, hi);
    if (failed(v))
      return failure();
    r = *v;
  }
  if (r.getType() != x->getType())
    return ctx.emitError(node) << "Clip: min/max must be scalars";
  return ctx.setOutput(node, 0, r);
}

/// HardSigmoid(x) = max(0, min(1, alpha * x + beta)) and HardSwish(x) =
/// x * HardSigmoid(x) with alpha = 1/6, beta = 1/2, built from elementwise
/// nn ops so that they fuse like any other epilogue (MobileNetV3).
LogicalResult importHardSigmoidOrSwish(ImportContext &ctx,
                                       const onnx::NodeProto &node) {
  bool swish = node.op_type() == "HardSwish";
  if (failed(ctx.checkAttrs(node, swish ? ArrayRef<StringRef>{}
                                        : ArrayRef<StringRef>{"alpha",
                                                              "beta"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  if (failed(x))
    return failure();
  auto alpha = swish ? FailureOr<float>(1.0f / 6.0f)
                     : ctx.getFloatAttr(node, "alpha", 0.2f);
  auto beta =
      swish ? FailureOr<float>(0.5f) : ctx.getFloatAttr(node, "beta", 0.5f);
  if (failed(alpha) || failed(beta))
    return failure();
  Type elt = getElementTypeOrSelf(x->getType());
  if (!isa<FloatType>(elt))
    return ctx.emitError(node) << node.op_type() << ": X must be a float "
                                  "tensor";
  OpBuilder &b = ctx.getBuilder();
  auto scalar = [&](double v) -> Value {
    auto type = RankedTensorType::get({}, elt);
    return nn::ConstantOp::create(
               b, ctx.getLoc(node), type,
               DenseElementsAttr::get(type, b.getFloatAttr(elt, v)))
        .getResult();
  };
  Value r = *x;
  auto apply = [&](auto tag, Value rhs) -> LogicalResult {
    using OpTy = decltype(tag);
    FailureOr<Value> v = buildBinary<OpTy>(ctx, node, r, rhs);
    if (failed(v))
      return failure();
    r = *v;
    return success();
  };
  if (failed(apply(nn::MulOp(), scalar(*alpha))) ||
      failed(apply(nn::AddOp(), scalar(*beta))) ||
      failed(apply(nn::MaxOp(), scalar(0.0))) ||
      failed(apply(nn::MinOp(), scalar(1.0))))
    return failure();
  if (swish && failed(apply(nn::MulOp(), *x)))
    return failure();
  return ctx.setOutput(node, 0, r);
}

/// ReduceMax/Min/Sum/Mean: axes from the attribute (or, for ReduceSum from
/// opset 13, the optional second input); no axes means all of them unless
/// noop_with_empty_axes is set.
template <typename OpTy>
LogicalResult importReduce(ImportContext &ctx, const onnx::NodeProto &node) {
  if (failed(ctx.checkAttrs(node, {"axes", "keepdims", "noop_with_empty_axes"})))
    return failure();
  FailureOr<Value> x = ctx.getInput(node, 0);
  auto keepDims = ctx.getIntAttr(node, "keepdims", 1);
  auto noop = ctx.getIntAttr(node, "noop_with_empty_axes", 0);
  auto axesAttr = ctx.getIntsAttr(node, "axes", SmallVector<int64_t>{});
  if (failed(x) || failed(keepDims) || failed(noop) || failed(axesAttr))
    return failure();
  SmallVector<int64_t> axes = *axesAttr;
  if (Value axesInput = ctx.getOptionalInput(node, 1)) {
    std::optional<SmallVector<int64_t>> c = ctx.getConstantInts(axesInput);
    if (!c)
      return ctx.emitError(node) << node.op_type() << ": the axes input '"
                                 << node.input(1)
                                 << "' must be a compile-time constant";
    axes = *c;
  }
  int64_t rank = ImportContext::shapeOf(*x).size();
  if (axes.empty()) {
    if (*noop)
      return ctx.setOutput(node, 0, *x);
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  for (int64_t &a : axes) {
    FailureOr<int64_t> n = ctx.normalizeAxis(node, a, rank);
    if (failed(n))
      return failure();
    a = *n;
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return ctx.emitError(node) << node.op_type() << ": repeated axis in 'axes'";
  FailureOr<nn::Shape> shape = nn::inferReduceShape(
      ImportContext::shapeOf(*x), axes, *keepDims != 0, ctx.opErrorFn(node));
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.getBuilder();
  auto type = RankedTensorType::get(
      *shape, cast<RankedTensorType>(x->getType()).getElementType());
  return ctx.setOutput(node, 0,
                       OpTy::create(b, ctx.getLoc(node), type, *x,
                                    b.getDenseI64ArrayAttr(axes),
                                    b.getBoolAttr(*keepDims != 0)));
}

} // namespace

void mlir::nncc::registerMathImporters(std::vector<OpImporterEntry> &t) {
  t.push_back({"", "Abs", 6, importUnary<nn::AbsOp>});
  t.push_back({"", "Ceil", 6, importUnary<nn::CeilOp>});
  t.push_back({"", "Erf", 9, importUnary<nn::ErfOp>});
  t.push_back({"", "Floor", 6, importUnary<nn::FloorOp>});
  t.push_back({"", "Exp", 6, importUnary<nn::ExpOp>});
  t.push_back({"", "Log", 6, importUnary<nn::LogOp>});
  t.push_back({"", "Neg", 6, importNeg});
  t.push_back({"", "Reciprocal", 6, importUnary<nn::ReciprocalOp>});
  t.push_back({"", "Relu", 6, importUnary<nn::ReluOp>});
  t.push_back({"", "Sigmoid", 6, importUnary<nn::SigmoidOp>});
  t.push_back({"", "Sqrt", 6, importUnary<nn::SqrtOp>});
  t.push_back({"", "Tanh", 6, importUnary<nn::TanhOp>});
  t.push_back({"", "Add", 7, importBinary<nn::AddOp>});
  t.push_back({"", "Div", 7, importBinary<nn::DivOp>});
  t.push_back({"", "Mul", 7, importBinary<nn::MulOp>});
  t.push_back({"", "Pow", 7, importPow});
  t.push_back({"", "Sub", 7, importBinary<nn::SubOp>});
  t.push_back({"", "Max", 8, importVariadic<nn::MaxOp>});
  t.push_back({"", "Min", 8, importVariadic<nn::MinOp>});
  t.push_back({"", "Sum", 8, importVariadic<nn::AddOp>});
  t.push_back({"", "Clip", 6, importClip});
  t.push_back({"", "HardSigmoid", 6, importHardSigmoidOrSwish});
  t.push_back({"", "HardSwish", 14, importHardSigmoidOrSwish});
  t.push_back({"", "Equal", 11, importBinary<nn::EqualOp>});
  t.push_back({"", "Greater", 9, importBinary<nn::GreaterOp>});
  t.push_back({"", "Less", 9, importBinary<nn::LessOp>});
  t.push_back({"", "Where", 9, importWhere});
  t.push_back({"", "And", 7, importBinary<nn::AndOp>});
  t.push_back({"", "GreaterOrEqual", 12, importBinary<nn::GreaterEqualOp>});
  t.push_back({"", "LessOrEqual", 12, importBinary<nn::LessEqualOp>});
  t.push_back({"", "Not", 1, importNot});
  t.push_back({"", "Or", 7, importBinary<nn::OrOp>});
  t.push_back({"", "Xor", 7, importBinary<nn::XorOp>});
  t.push_back({"", "ReduceMax", 1, importReduce<nn::ReduceMaxOp>});
  t.push_back({"", "ReduceMean", 1, importReduce<nn::ReduceMeanOp>});
  t.push_back({"", "ReduceMin", 1, importReduce<nn::ReduceMinOp>});
  t.push_back({"", "ReduceSum", 1, importReduce<nn::ReduceSumOp>});
}
