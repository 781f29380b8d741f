//===- Math.cpp - Import ONNX elementwise math ops ------------------------===//
//
// Part of nncc.
//
// Unary ops map one-to-one; binary ops use multidirectional broadcasting
// (opset >= 7); the variadic Max/Min/Sum become chains of binary ops.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ImportContext.h"

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
      nn::inferBroadcastShape(lt.getShape(), rt.getShape(), [&] {
        return ctx.emitError(node) << node.op_type() << ": ";
      });
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(*shape, lt.getElementType());
  return OpTy::create(ctx.getBuilder(), ctx.getLoc(node), type, lhs, rhs)
      .getResult();
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
      ImportContext::shapeOf(*x), axes, *keepDims != 0, [&] {
        return ctx.emitError(node) << node.op_type() << ": ";
      });
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
  t.push_back({"", "Erf", 9, importUnary<nn::ErfOp>});
  t.push_back({"", "Exp", 6, importUnary<nn::ExpOp>});
  t.push_back({"", "Log", 6, importUnary<nn::LogOp>});
  t.push_back({"", "Neg", 6, importUnary<nn::NegOp>});
  t.push_back({"", "Relu", 6, importUnary<nn::ReluOp>});
  t.push_back({"", "Sigmoid", 6, importUnary<nn::SigmoidOp>});
  t.push_back({"", "Sqrt", 6, importUnary<nn::SqrtOp>});
  t.push_back({"", "Tanh", 6, importUnary<nn::TanhOp>});
  t.push_back({"", "Add", 7, importBinary<nn::AddOp>});
  t.push_back({"", "Div", 7, importBinary<nn::DivOp>});
  t.push_back({"", "Mul", 7, importBinary<nn::MulOp>});
  t.push_back({"", "Pow", 7, importBinary<nn::PowOp>});
  t.push_back({"", "Sub", 7, importBinary<nn::SubOp>});
  t.push_back({"", "Max", 8, importVariadic<nn::MaxOp>});
  t.push_back({"", "Min", 8, importVariadic<nn::MinOp>});
  t.push_back({"", "Sum", 8, importVariadic<nn::AddOp>});
  t.push_back({"", "ReduceMax", 1, importReduce<nn::ReduceMaxOp>});
  t.push_back({"", "ReduceMean", 1, importReduce<nn::ReduceMeanOp>});
  t.push_back({"", "ReduceMin", 1, importReduce<nn::ReduceMinOp>});
  t.push_back({"", "ReduceSum", 1, importReduce<nn::ReduceSumOp>});
}
