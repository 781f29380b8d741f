//===- Recurrent.cpp - Import ONNX LSTM, GRU and RNN ----------------------===//
//
// Part of nncc.
//
// The three ops share one importer. ONNX's variations are normalised here so
// that nn.lstm/nn.gru/nn.rnn have one form: `layout = 1` (batch-major X,
// states and outputs) becomes transposes around the op, a constant
// `sequence_lens` equal to the sequence length for every batch entry is
// dropped, and unused outputs are simply not bound. What nn cannot express
// (other activations, clip, input_forget, variable sequence lengths) is
// reported at the node.
//
//===----------------------------------------------------------------------===//

#include "frontends/ONNX/ImportContext.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::nncc;

namespace {

enum class RecurrentKind { LSTM, GRU, RNN };

/// Number of stacked gates in W and R.
int64_t numGates(RecurrentKind kind) {
  switch (kind) {
  case RecurrentKind::LSTM:
    return 4;
  case RecurrentKind::GRU:
    return 3;
  case RecurrentKind::RNN:
    return 1;
  }
  return 1;
}

/// The activations nn implements (ONNX's defaults), per direction.
ArrayRef<StringRef> defaultActivations(RecurrentKind kind) {
  static const StringRef lstm[] = {"Sigmoid", "Tanh", "Tanh"};
  static const StringRef gru[] = {"Sigmoid", "Tanh"};
  static const StringRef rnn[] = {"Tanh"};
  switch (kind) {
  case RecurrentKind::LSTM:
    return lstm;
  case RecurrentKind::GRU:
    return gru;
  case RecurrentKind::RNN:
    return rnn;
  }
  return rnn;
}

Value transposeTo(ImportContext &ctx, const onnx::NodeProto &node, Value v,
                  ArrayRef<int64_t> perm) {
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.getShape()[p]);
  OpBuilder &b = ctx.getBuilder();
  return nn::TransposeOp::create(b, ctx.getLoc(node),
                                 RankedTensorType::get(shape, t.getElementType()),
                                 v, b.getDenseI64ArrayAttr(perm));
}

/// Optional float input `index` (null if absent); located error if it is
/// named but unusable.
FailureOr<Value> getOptionalFloatInput(ImportContext &ctx,
                                       const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return Value();
  return ctx.getFloatInput(node, index);
}

/// Checks the attributes nn does not model: they must be absent or equal to
/// ONNX's defaults.
LogicalResult checkUnsupportedAttrs(ImportContext &ctx,
                                    const onnx::NodeProto &node,
                                    RecurrentKind kind, int64_t numDirections) {
  StringRef op = node.op_type();
  for (StringRef name : {"clip", "activation_alpha", "activation_beta"})
    if (ctx.findAttr(node, name))
      return ctx.emitError(node) << op << ": attribute '" << name
                                 << "' is not supported";
  ArrayRef<StringRef> defaults = defaultActivations(kind);
  auto acts = ctx.getStringsAttr(node, "activations",
                                 SmallVector<std::string>());
  if (failed(acts))
    return failure();
  if (!acts->empty()) {
    size_t expected = defaults.size() * numDirections;
    if (acts->size() != expected)
      return ctx.emitError(node)
             << op << ": expected 'activations' to have " << expected
             << " values (" << defaults.size() << " per direction), got "
             << acts->size();
    for (auto [i, act] : llvm::enumerate(*acts)) {
      StringRef want = defaults[i % defaults.size()];
      if (!StringRef(act).equals_insensitive(want))
        return ctx.emitError(node)
               << op << ": activation '" << act << "' at position " << i
               << " is not supported (only the default "
               << llvm::join(defaults, ", ") << " per direction)";
    }
  }
  if (kind == RecurrentKind::LSTM) {
    auto inputForget = ctx.getIntAttr(node, "input_forget", 0);
    if (failed(inputForget))
      return failure();
    if (*inputForget != 0)
      return ctx.emitError(node)
             << "LSTM: 'input_forget' = " << *inputForget
             << " (coupled input and forget gates) is not supported";
  }
  return success();
}

/// Accepts `sequence_lens` only when every entry is the (static) sequence
/// length, which is what running without it means.
LogicalResult checkSequenceLens(ImportContext &ctx, const onnx::NodeProto &node,
                                Value seqLens, int64_t seq) {
  std::optional<SmallVector<int64_t>> lens = ctx.getConstantInts(seqLens);
  if (!lens)
    return ctx.emitError(node)
           << node.op_type()
           << ": 'sequence_lens' must be a constant (compile it with "
              "--freeze-input); variable sequence lengths are not supported";
  for (int64_t len : *lens)
    if (ShapedType::isDynamic(seq) || len != seq)
      return ctx.emitError(node)
             << node.op_type() << ": 'sequence_lens' entry " << len
             << " differs from the sequence length "
             << (ShapedType::isDynamic(seq) ? std::string("?")
                                            : std::to_string(seq))
             << "; variable sequence lengths are not supported";
  return success();
}

template <RecurrentKind Kind>
LogicalResult importRecurrent(ImportContext &ctx, const onnx::NodeProto &node) {
  StringRef op = node.op_type();
  SmallVector<StringRef> known = {"activation_alpha", "activation_beta",
                                  "activations",      "clip",
                                  "direction",        "hidden_size",
                                  "layout"};
  if (Kind == RecurrentKind::LSTM)
    known.push_back("input_forget");
  if (Kind == RecurrentKind::GRU)
    known.push_back("linear_before_reset");
  if (failed(ctx.checkAttrs(node, known)))
    return failure();

  auto direction = ctx.getStringAttr(node, "direction", std::string("forward"));
  auto layout = ctx.getIntAttr(node, "layout", 0);
  auto linearBeforeReset = ctx.getIntAttr(node, "linear_before_reset", 0);
  if (failed(direction) || failed(layout) || failed(linearBeforeReset))
    return failure();
  if (!llvm::is_contained({"forward", "reverse", "bidirectional"}, *direction))
    return ctx.emitError(node) << op << ": invalid direction '" << *direction
                               << "' (expected forward, reverse or "
                                  "bidirectional)";
  int64_t numDirections = *direction == "bidirectional" ? 2 : 1;
  if (*layout != 0 && *layout != 1)
    return ctx.emitError(node) << op << ": expected 'layout' 0 or 1, got "
                               << *layout;
  if (failed(checkUnsupportedAttrs(ctx, node, Kind, numDirections)))
    return failure();

  // Inputs: X, W, R, B, sequence_lens, initial_h, (LSTM) initial_c, P.
  FailureOr<Value> x = ctx.getFloatInput(node, 0), w = ctx.getFloatInput(node, 1),
                   r = ctx.getFloatInput(node, 2);
  FailureOr<Value> b = getOptionalFloatInput(ctx, node, 3),
                   initialH = getOptionalFloatInput(ctx, node, 5);
  FailureOr<Value> initialC = Value(), p = Value();
  if (Kind == RecurrentKind::LSTM) {
    initialC = getOptionalFloatInput(ctx, node, 6);
    p = getOptionalFloatInput(ctx, node, 7);
  }
  if (failed(x) || failed(w) || failed(r) || failed(b) || failed(initialH) ||
      failed(initialC) || failed(p))
    return failure();
  for (auto [name, v] : {std::pair<StringRef, Value>{"X", *x},
                         {"initial_h", *initialH},
                         {"initial_c", *initialC}})
    if (v && ImportContext::shapeOf(v).size() != 3)
      return ctx.emitError(node) << op << ": expected '" << name
                                 << "' of rank 3, got rank "
                                 << ImportContext::shapeOf(v).size();

  // hidden_size may be omitted; R's last dimension then gives it.
  ArrayRef<int64_t> rShape = ImportContext::shapeOf(*r);
  std::optional<int64_t> rHidden;
  if (rShape.size() == 3 && !ShapedType::isDynamic(rShape[2]))
    rHidden = rShape[2];
  auto hiddenSize = ctx.getIntAttr(node, "hidden_size", rHidden);
  if (failed(hiddenSize))
    return failure();

  // layout = 1: X is batch x seq x input, states are batch x D x H.
  bool batchMajor = *layout == 1;
  if (batchMajor) {
    *x = transposeTo(ctx, node, *x, {1, 0, 2});
    if (*initialH)
      *initialH = transposeTo(ctx, node, *initialH, {1, 0, 2});
    if (*initialC)
      *initialC = transposeTo(ctx, node, *initialC, {1, 0, 2});
  }
  ArrayRef<int64_t> xShape = ImportContext::shapeOf(*x);
  if (node.input_size() > 4 && !node.input(4).empty()) {
    FailureOr<Value> seqLens = ctx.getInput(node, 4);
    if (failed(seqLens) ||
        failed(checkSequenceLens(ctx, node, *seqLens, xShape[0])))
      return failure();
  }

  auto shapeOrNone = [](Value v) -> std::optional<ArrayRef<int64_t>> {
    if (!v)
      return std::nullopt;
    return ImportContext::shapeOf(v);
  };
  nn::RecurrentOperandShapes operands{
      xShape,
      ImportContext::shapeOf(*w),
      rShape,
      shapeOrNone(*b),
      shapeOrNone(*initialH),
      shapeOrNone(*initialC),
      shapeOrNone(*p)};
  FailureOr<nn::RecurrentResultShapes> shapes = nn::inferRecurrentShapes(
      numGates(Kind), operands, numDirections, *hiddenSize,
      [&] { return ctx.emitError(node) << op << ": "; });
  if (failed(shapes))
    return failure();

  OpBuilder &builder = ctx.getBuilder();
  Location loc = ctx.getLoc(node);
  Type elt = cast<RankedTensorType>(x->getType()).getElementType();
  auto yType = RankedTensorType::get(shapes->y, elt);
  auto stateType = RankedTensorType::get(shapes->yH, elt);
  auto dirAttr = builder.getStringAttr(*direction);
  auto hiddenAttr = builder.getI64IntegerAttr(*hiddenSize);
  SmallVector<Value> results;
  switch (Kind) {
  case RecurrentKind::LSTM: {
    auto lstm = nn::LSTMOp::create(
        builder, loc, TypeRange{yType, stateType, stateType}, *x, *w, *r, *b,
        *initialH, *initialC, *p, dirAttr, hiddenAttr);
    results.append(lstm->result_begin(), lstm->result_end());
    break;
  }
  case RecurrentKind::GRU: {
    auto gru = nn::GRUOp::create(builder, loc, TypeRange{yType, stateType}, *x,
                                 *w, *r, *b, *initialH, dirAttr, hiddenAttr,
                                 builder.getBoolAttr(*linearBeforeReset != 0));
    results.append(gru->result_begin(), gru->result_end());
    break;
  }
  case RecurrentKind::RNN: {
    auto rnn = nn::RNNOp::create(builder, loc, TypeRange{yType, stateType}, *x,
                                 *w, *r, *b, *initialH, dirAttr, hiddenAttr);
    results.append(rnn->result_begin(), rnn->result_end());
    break;
  }
  }

  // Y: seq x D x batch x H (layout 1: batch x seq x D x H); Y_h, Y_c:
  // D x batch x H (layout 1: batch x D x H). Transposes of unused outputs
  // are never created.
  for (auto [i, v] : llvm::enumerate(results)) {
    if ((int)i >= node.output_size() || node.output(i).empty())
      continue;
    if (batchMajor)
      v = i == 0 ? transposeTo(ctx, node, v, {2, 0, 1, 3})
                 : transposeTo(ctx, node, v, {1, 0, 2});
    if (failed(ctx.setOutput(node, i, v)))
      return failure();
  }
  return success();
}

} // namespace

void mlir::nncc::registerRecurrentImporters(std::vector<OpImporterEntry> &t) {
  // Opset 7 dropped `output_sequence`; 14 added `layout`.
  t.push_back({"", "GRU", 7, importRecurrent<RecurrentKind::GRU>});
  t.push_back({"", "LSTM", 7, importRecurrent<RecurrentKind::LSTM>});
  t.push_back({"", "RNN", 7, importRecurrent<RecurrentKind::RNN>});
}
