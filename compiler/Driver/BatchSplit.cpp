//===- BatchSplit.cpp - Compile a batch as a loop over images -------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/BatchSplit.h"

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/NNShapes.h"

#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

using namespace mlir;
namespace nn = mlir::nncc::nn;

namespace {

int64_t rankOf(Value v) { return cast<RankedTensorType>(v.getType()).getRank(); }
int64_t leadingDim(Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  return t.getRank() ? t.getDimSize(0) : -1;
}

/// Why `op` mixes images, or "" when it keeps them apart. `batched` holds the
/// values that carry the batch (leading dim n); `op` reads at least one.
std::string mixesImages(Operation *op, const llvm::DenseSet<Value> &batched,
                        int64_t n) {
  auto isBatched = [&](Value v) { return batched.contains(v); };
  for (Value r : op->getResults())
    if (leadingDim(r) != n)
      return "its result's leading dim is not the batch";
  // Elementwise ops (broadcasting): batched operands have the result's rank
  // (so their leading dim lines up with the batch), the others broadcast
  // along it.
  if (isa<nn::AbsOp, nn::CeilOp, nn::ErfOp, nn::ExpOp, nn::FloorOp, nn::LogOp,
          nn::NegOp, nn::ReciprocalOp, nn::ReluOp, nn::SigmoidOp, nn::SqrtOp,
          nn::TanhOp, nn::NotOp, nn::CastOp, nn::AddOp, nn::DivOp, nn::MaxOp,
          nn::MinOp, nn::MulOp, nn::PowOp, nn::SubOp, nn::EqualOp,
          nn::GreaterEqualOp, nn::GreaterOp, nn::LessEqualOp, nn::LessOp,
          nn::AndOp, nn::OrOp, nn::XorOp, nn::WhereOp, nn::BroadcastOp>(op)) {
    int64_t rank = rankOf(op->getResult(0));
    for (Value v : op->getOperands()) {
      if (isBatched(v) ? rankOf(v) != rank
                       : rankOf(v) == rank && leadingDim(v) != 1)
        return "an operand does not line up with the batch";
    }
    return "";
  }
  // Ops on N x ... images whose other operands (weights) are not batched.
  auto onlyFirstBatched = [&]() {
    return llvm::all_of(op->getOperands().drop_front(),
                        [&](Value v) { return !isBatched(v); }) &&
           isBatched(op->getOperand(0));
  };
  if (isa<nn::Conv2DOp, nn::AvgPool2DOp, nn::MaxPool2DOp, nn::GlobalAvgPoolOp,
          nn::GlobalMaxPoolOp, nn::BatchNormOp>(op))
    return onlyFirstBatched() ? "" : "its weights depend on the batch";
  if (auto ln = dyn_cast<nn::LayerNormOp>(op))
    return onlyFirstBatched() && ln.getAxis() != 0 &&
                   ln.getAxis() != -rankOf(ln.getInput())
               ? ""
               : "it normalizes over the batch";
  if (auto sm = dyn_cast<nn::SoftmaxOp>(op))
    return sm.getAxis() != 0 && sm.getAxis() != -rankOf(sm.getInput())
               ? ""
               : "it normalizes over the batch";
  if (isa<nn::ReduceMaxOp, nn::ReduceMeanOp, nn::ReduceMinOp,
          nn::ReduceSumOp>(op)) {
    auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes");
    return axes && !llvm::is_contained(axes.asArrayRef(), 0)
               ? ""
               : "it reduces over the batch";
  }
  if (auto gemm = dyn_cast<nn::GemmOp>(op)) {
    Value c = gemm.getC();
    return isBatched(gemm.getA()) && !gemm.getTransA() &&
                   !isBatched(gemm.getB()) &&
                   (!c || (!isBatched(c) &&
                           (rankOf(c) < 2 || leadingDim(c) == 1)))
               ? ""
               : "it mixes the batch's rows";
  }
  if (auto mm = dyn_cast<nn::MatMulOp>(op)) {
    Value a = mm.getLhs(), b = mm.getRhs();
    bool rowsOfA = isBatched(a) && !isBatched(b) &&
                   (rankOf(b) < rankOf(a) || leadingDim(b) == 1) &&
                   rankOf(a) >= 2;
    bool batchedPair = isBatched(a) && isBatched(b) && rankOf(a) >= 3 &&
                       rankOf(a) == rankOf(b);
    return rowsOfA || batchedPair ? "" : "it mixes the batch's rows";
  }
  // A row-major reshape that keeps the leading dim keeps each image's
  // elements together (the result's leading dim was checked above).
  if (isa<nn::ReshapeOp, nn::FlattenOp>(op))
    return "";
  if (auto t = dyn_cast<nn::TransposeOp>(op))
    return !t.getPerm().empty() && t.getPerm()[0] == 0
               ? ""
               : "it moves the batch dim";
  if (auto s = dyn_cast<nn::SliceOp>(op))
    return s.getOffsets()[0] == 0 && s.getSizes()[0] == n &&
                   s.getStrides()[0] == 1
               ? ""
               : "it slices the batch";
  if (auto p = dyn_cast<nn::PadOp>(op))
    return p.getPads()[0] == 0 && p.getPads()[rankOf(p.getInput())] == 0
               ? ""
               : "it pads the batch";
  if (auto c = dyn_cast<nn::ConcatOp>(op))
    return c.getAxis() != 0 && llvm::all_of(op->getOperands(), isBatched)
               ? ""
               : "it concatenates along the batch";
  if (auto g = dyn_cast<nn::GatherOp>(op))
    return g.getAxis() != 0 && isBatched(g.getData()) &&
                   !isBatched(g.getIndices())
               ? ""
               : "it gathers along the batch";
  if (auto t = dyn_cast<nn::TriluOp>(op))
    return rankOf(t.getInput()) >= 3 ? "" : "it masks across the batch";
  return "it is not known to keep images apart";
}

std::string describe(Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "'" << op->getName() << "'";
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    os << " (node '" << name.getName().getValue() << "')";
  else if (auto fused = dyn_cast<FusedLoc>(op->getLoc()))
    for (Location l : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(l)) {
        os << " (node '" << name.getName().getValue() << "')";
        break;
      }
  return s;
}

/// The values of `func` that carry the batch of `n` (see findSeparableBatch),
/// or failure with `reason`.
FailureOr<llvm::DenseSet<Value>> batchedValues(func::FuncOp func, int64_t n,
                                               std::string &reason) {
  llvm::DenseSet<Value> batched;
  for (BlockArgument a : func.getArguments())
    batched.insert(a);
  for (Operation &op : func.getBody().front()) {
    if (isa<func::ReturnOp>(op)) {
      if (!llvm::all_of(op.getOperands(),
                        [&](Value v) { return batched.contains(v); })) {
        reason = "an output does not carry the batch";
        return failure();
      }
      continue;
    }
    if (op.getNumRegions() != 0) {
      reason = describe(&op) + " has regions";
      return failure();
    }
    if (!llvm::any_of(op.getOperands(),
                      [&](Value v) { return batched.contains(v); }))
      continue; // computes from weights only
    std::string why = mixesImages(&op, batched, n);
    if (!why.empty()) {
      reason = describe(&op) + ": " + why;
      return failure();
    }
    for (Value r : op.getResults())
      batched.insert(r);
  }
  return batched;
}

} // namespace

std::optional<mlir::nncc::SeparableBatch>
mlir::nncc::findSeparableBatch(func::FuncOp func, std::string &reason) {
  if (!func.getBody().hasOneBlock()) {
    reason = "the entry is not one block";
    return std::nullopt;
  }
  FunctionType ft = func.getFunctionType();
  if (ft.getNumInputs() == 0 || ft.getNumResults() == 0) {
    reason = "no inputs or no outputs";
    return std::nullopt;
  }
  // Types the CPU gate (nn-verify-lowerable) rejects as too large keep the
  // batch, so that it reports them.
  bool tooLarge = false;
  func.walk([&](Operation *op) {
    for (Type t : llvm::concat<const Type>(op->getOperandTypes(),
                                           op->getResultTypes())) {
      auto rt = dyn_cast<RankedTensorType>(t);
      if (rt && rt.hasStaticShape() &&
          !nn::hasAddressableSize(rt.getShape(), rt.getElementTypeBitWidth()))
        tooLarge = true;
    }
  });
  if (tooLarge) {
    reason = "a tensor is too large";
    return std::nullopt;
  }
  int64_t n = 0;
  for (Type t : llvm::concat<const Type>(ft.getInputs(), ft.getResults())) {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt || !rt.hasStaticShape() || rt.getRank() == 0 ||
        rt.getElementTypeBitWidth() % 8 != 0) {
      reason = "an input or output is not a static tensor of whole bytes";
      return std::nullopt;
    }
    if (n == 0)
      n = rt.getDimSize(0);
    if (rt.getDimSize(0) != n || n < 2) {
      reason = "the inputs and outputs do not share a leading dim over 1";
      return std::nullopt;
    }
  }
  FailureOr<llvm::DenseSet<Value>> batched = batchedValues(func, n, reason);
  if (failed(batched))
    return std::nullopt;
  return SeparableBatch{n, std::move(*batched)};
}

void mlir::nncc::setOneImage(onnx::ModelProto &model, int64_t n) {
  onnx::GraphProto *graph = model.mutable_graph();
  auto cut = [n](onnx::ValueInfoProto &vi) {
    if (!vi.has_type() || !vi.type().has_tensor_type() ||
        !vi.type().tensor_type().has_shape())
      return;
    onnx::TensorShapeProto *shape =
        vi.mutable_type()->mutable_tensor_type()->mutable_shape();
    if (shape->dim_size() > 0 && shape->dim(0).has_dim_value() &&
        shape->dim(0).dim_value() == n)
      shape->mutable_dim(0)->set_dim_value(1);
  };
  for (onnx::ValueInfoProto &vi : *graph->mutable_input())
    cut(vi);
  for (onnx::ValueInfoProto &vi : *graph->mutable_output())
    cut(vi);
  graph->clear_value_info();
}

bool mlir::nncc::isOneImageOf(func::FuncOp one, func::FuncOp batched,
                              const SeparableBatch &batch,
                              std::string &reason) {
  auto cut = [](Type t) {
    auto rt = cast<RankedTensorType>(t);
    SmallVector<int64_t> shape(rt.getShape());
    shape[0] = 1;
    return RankedTensorType::get(shape, rt.getElementType(),
                                 rt.getEncoding());
  };
  auto sameValue = [&](Value a, Value b) {
    return batch.batched.contains(b) ? a.getType() == cut(b.getType())
                                 : a.getType() == b.getType();
  };
  if (one.getNumArguments() != batched.getNumArguments()) {
    reason = "the inputs differ";
    return false;
  }
  for (auto [a, b] : llvm::zip(one.getArguments(), batched.getArguments()))
    if (!sameValue(a, b)) {
      reason = "an input's type differs";
      return false;
    }
  Block &oneBody = one.getBody().front(), &batchedBody = batched.getBody().front();
  if (oneBody.getOperations().size() != batchedBody.getOperations().size()) {
    reason = "the graphs have different ops";
    return false;
  }
  for (auto [a, b] : llvm::zip(oneBody, batchedBody)) {
    if (a.getName() != b.getName() ||
        a.getNumResults() != b.getNumResults() ||
        a.getNumOperands() != b.getNumOperands()) {
      reason = describe(&b) + " differs in the one-image graph";
      return false;
    }
    for (auto [ra, rb] : llvm::zip(a.getResults(), b.getResults()))
      if (!sameValue(ra, rb)) {
        reason = describe(&b) + " has another type in the one-image graph";
        return false;
      }
  }
  return true;
}
