//===- Recurrent.cpp - Lower nn.lstm, nn.gru and nn.rnn -------------------===//
//
// Part of nncc.
//
// A recurrent op becomes:
//   1. one contraction XW[d, t, b, :] = X[t, b, :] W[d]^T + bias[d] for all
//      directions and time steps at once (the large, parallel part), with
//      the biases folded into its initial value;
//   2. per direction, an scf.for over time whose iter_args carry h (and c),
//      Y, and the per-step accumulators. A step is a linalg.matmul h R[d]^T
//      (named, so that elementwise fusion does not pull gate math into the
//      reduction and recompute it per output), linalg.map ops with the gate
//      math that update h (and c) in place, and an insert of h into Y[t].
// Every tensor written in the loop is an iter_arg that the loop yields back,
// so one-shot bufferization updates the buffers in place: no allocation per
// step, and the only copy per step is h into Y[t]. The state updates are
// linalg.map rather than linalg.generic because linalg's elementwise fusion
// patterns replace the init of a generic whose payload ignores it with a
// fresh tensor.empty, which would break that in-place chain. The reverse
// direction walks t from seq-1 down to 0.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NNToLinalg/NNToLinalg.h"
#include "dialects/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn_to_linalg;

namespace {

enum class CellKind { LSTM, GRU, RNN };

/// An op's operands and configuration, in the form the lowering uses.
struct RecurrentDesc {
  CellKind kind;
  Value x, w, r, bias, initialH, initialC, peepholes; // optional ones null
  int64_t numDirections, hidden, numGates;
  bool reverseOnly;       // direction = "reverse"
  bool linearBeforeReset; // GRU only
  bool needY;             // Y has uses
};

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Value cst(OpBuilder &b, Location loc, Type t, double v) {
  return arith::ConstantOp::create(b, loc, scalarAttr(t, v));
}

Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = cst(b, loc, x.getType(), 1.0);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}

Value tanhOf(OpBuilder &b, Location loc, Value x) {
  return math::TanhOp::create(b, loc, x);
}

Value add(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::AddFOp::create(b, loc, x, y);
}

Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::MulFOp::create(b, loc, x, y);
}

/// A static slice of `source` (offsets, sizes; unit strides), rank-reduced
/// to `resultShape`.
Value slice(OpBuilder &b, Location loc, Value source, ArrayRef<int64_t> offsets,
            ArrayRef<int64_t> sizes, ArrayRef<int64_t> resultShape) {
  auto type = cast<RankedTensorType>(source.getType());
  auto resultType = RankedTensorType::get(resultShape, type.getElementType());
  SmallVector<int64_t> strides(offsets.size(), 1);
  MLIRContext *ctx = b.getContext();
  return tensor::ExtractSliceOp::create(
      b, loc, resultType, source, getAsIndexOpFoldResult(ctx, offsets),
      getAsIndexOpFoldResult(ctx, sizes), getAsIndexOpFoldResult(ctx, strides));
}

/// Converts mixed static/dynamic offsets for tensor slice builders.
/// `dynamic[i]` where given and non-null, else `statics[i]`.
SmallVector<OpFoldResult> foldResults(OpBuilder &b, ArrayRef<Value> dynamic,
                                      ArrayRef<int64_t> statics) {
  SmallVector<OpFoldResult> r;
  for (auto [i, s] : llvm::enumerate(statics))
    r.push_back(i < dynamic.size() && dynamic[i]
                    ? OpFoldResult(dynamic[i])
                    : OpFoldResult(b.getIndexAttr(s)));
  return r;
}

/// acc[m, n] += lhs[m, k] * rhsT[k, n]. The recurrent weights are stored
/// gate-major (G*H x H); they are transposed once per run (`transposed`) so
/// that the step's inner loop reads contiguous rows and vectorizes.
Value matmulTransposedRhs(OpBuilder &b, Location loc, Value lhs, Value rhsT,
                          Value acc) {
  return linalg::MatmulOp::create(b, loc, TypeRange{acc.getType()},
                                  ValueRange{lhs, rhsT}, ValueRange{acc})
      .getResult(0);
}

/// The 2-D transpose of `m`, computed once (outside the time loop).
Value transposed(OpBuilder &b, Location loc, Value m) {
  auto t = cast<RankedTensorType>(m.getType());
  auto tt = RankedTensorType::get({t.getShape()[1], t.getShape()[0]},
                                  t.getElementType());
  Value init = tensor::EmptyOp::create(b, loc, tt.getShape(),
                                       tt.getElementType());
  return linalg::TransposeOp::create(b, loc, m, init,
                                     ArrayRef<int64_t>{1, 0})
      ->getResult(0);
}

/// `init = body(ins...)` elementwise over batch x H, as a linalg.map. A
/// map (unlike a linalg.generic whose payload ignores its init) keeps its
/// init through linalg's elementwise fusion patterns, so the loop-carried
/// buffers stay the ones the loop yields. `ins` all have init's shape.
Value buildStepMap(OpBuilder &b, Location loc, ValueRange ins, Value init,
                   function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  return linalg::MapOp::create(
             b, loc, ins, init,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               // The region may also receive init's element: drop it.
               linalg::YieldOp::create(
                   nb, nl, body(nb, nl, args.take_front(ins.size())));
             })
      ->getResult(0);
}

/// `v` (of shape n) repeated for every batch row: batch x n.
Value broadcastRows(OpBuilder &b, Location loc, Value v, int64_t batch) {
  auto type = cast<RankedTensorType>(v.getType());
  auto outType = RankedTensorType::get({batch, type.getShape()[0]},
                                       type.getElementType());
  return linalg::BroadcastOp::create(b, loc, v, createEmpty(b, loc, outType),
                                     ArrayRef<int64_t>{0})
      ->getResult(0);
}

/// A new tensor for a loop-carried value. Unlike tensor.empty (which is
/// pure), bufferization.alloc_tensor is never merged by CSE with another one
/// of the same type: one-shot bufferization gives iter_args that start from
/// the same SSA value the same buffer, so each iter_arg needs its own.
Value newLoopTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return bufferization::AllocTensorOp::create(b, loc, type, ValueRange{});
}

/// A copy of `v` in a new tensor, so that the loop may update it in place
/// without touching the op's operand (which may be a caller's input).
Value freshCopy(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  return linalg::CopyOp::create(b, loc, v, newLoopTensor(b, loc, type))
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// The lowering
//===----------------------------------------------------------------------===//

class RecurrentBuilder {
public:
  RecurrentBuilder(OpBuilder &b, Location loc, const RecurrentDesc &desc)
      : b(b), loc(loc), d(desc) {
    auto xType = cast<RankedTensorType>(d.x.getType());
    elt = xType.getElementType();
    seq = xType.getShape()[0];
    batch = xType.getShape()[1];
    gh = d.numGates * d.hidden;
    stateType = RankedTensorType::get({batch, d.hidden}, elt);
  }

  /// Returns {Y, Y_h, Y_c} (Y_c only for LSTM; Y is a placeholder if unused).
  SmallVector<Value> build() {
    Value xw = buildInputProjection();
    auto yType = RankedTensorType::get({seq, d.numDirections, batch, d.hidden},
                                       elt);
    Value y = newLoopTensor(b, loc, yType);
    SmallVector<Value> lastH, lastC;
    for (int64_t dir = 0; dir < d.numDirections; ++dir) {
      bool reverse = d.reverseOnly || dir == 1;
      SmallVector<Value> finals = buildTimeLoop(xw, dir, reverse, y);
      lastH.push_back(finals[0]);
      if (d.kind == CellKind::LSTM)
        lastC.push_back(finals[1]);
      if (d.needY)
        y = finals.back();
    }
    SmallVector<Value> results = {y, stackDirections(lastH)};
    if (d.kind == CellKind::LSTM)
      results.push_back(stackDirections(lastC));
    return results;
  }

private:
  /// Whether the recurrent bias Rb is folded into XW (it is, except for the
  /// GRU with linear_before_reset, where Rbh sits inside r * (...)).
  bool foldRecurrentBias() const {
    return !(d.kind == CellKind::GRU && d.linearBeforeReset);
  }

  /// XW[d, t, b, g] = bias[d, g] + sum_k X[t, b, k] * W[d, g, k].
  Value buildInputProjection() {
    auto type =
        RankedTensorType::get({d.numDirections, seq, batch, gh}, elt);
    MLIRContext *ctx = b.getContext();
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    Value init;
    if (d.bias) {
      // Loops (d, t, b, g): bias broadcast over time and batch.
      SmallVector<Value> biases = {
          slice(b, loc, d.bias, {0, 0}, {d.numDirections, gh},
                {d.numDirections, gh})};
      if (foldRecurrentBias())
        biases.push_back(slice(b, loc, d.bias, {0, gh}, {d.numDirections, gh},
                               {d.numDirections, gh}));
      AffineMap biasMap = AffineMap::get(4, 0, {dim(0), dim(3)}, ctx);
      SmallVector<AffineMap> maps(biases.size(), biasMap);
      maps.push_back(AffineMap::getMultiDimIdentityMap(4, ctx));
      init = linalg::GenericOp::create(
                 b, loc, TypeRange{type}, biases,
                 ValueRange{createEmpty(b, loc, type)}, maps,
                 SmallVector<utils::IteratorType>(
                     4, utils::IteratorType::parallel),
                 [&](OpBuilder &nb, Location nl, ValueRange a) {
                   Value v = a[0];
                   if (a.size() > 2)
                     v = add(nb, nl, v, a[1]);
                   linalg::YieldOp::create(nb, nl, v);
                 })
                 .getResult(0);
    } else {
      init = createFilled(b, loc, type, scalarAttr(elt, 0));
    }
    // W^T (D x K x G), so that the gate dim g, innermost after
    // nncc-innermost-parallel-loop, reads contiguous weights.
    auto wType = cast<RankedTensorType>(d.w.getType());
    ArrayRef<int64_t> ws = wType.getShape();
    Value wT = linalg::TransposeOp::create(
                   b, loc, d.w,
                   tensor::EmptyOp::create(b, loc,
                                           ArrayRef<int64_t>{ws[0], ws[2], ws[1]},
                                           elt),
                   ArrayRef<int64_t>{0, 2, 1})
                   ->getResult(0);
    // Loops (d, t, b, g, k).
    SmallVector<AffineMap> maps = {
        AffineMap::get(5, 0, {dim(1), dim(2), dim(4)}, ctx),
        AffineMap::get(5, 0, {dim(0), dim(4), dim(3)}, ctx),
        AffineMap::get(5, 0, {dim(0), dim(1), dim(2), dim(3)}, ctx)};
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    return linalg::GenericOp::create(
               b, loc, TypeRange{type}, ValueRange{d.x, wT}, ValueRange{init},
               maps, iterators,
               [](OpBuilder &nb, Location nl, ValueRange a) {
                 Value m = arith::MulFOp::create(nb, nl, a[0], a[1]);
                 linalg::YieldOp::create(
                     nb, nl, arith::AddFOp::create(nb, nl, a[2], m).getResult());
               })
        .getResult(0);
  }

  /// The initial state of direction `dir`: a fresh copy of the given one, or
  /// zeros.
  Value initialState(Value given, int64_t dir) {
    if (!given)
      return linalg::FillOp::create(b, loc, cst(b, loc, elt, 0.0),
                                    newLoopTensor(b, loc, stateType))
          .getResult(0);
    return freshCopy(b, loc,
                     slice(b, loc, given, {dir, 0, 0}, {1, batch, d.hidden},
                           {batch, d.hidden}));
  }

  /// Row `[offset, offset + size)` of the op's `b` or `p` operand for
  /// direction `dir`, as a rank-1 tensor.
  Value vectorSlice(Value source, int64_t dir, int64_t offset, int64_t size) {
    return slice(b, loc, source, {dir, offset}, {1, size}, {size});
  }

  /// Gate `gate` (batch x H) of a batch x n*H tensor.
  Value gateSlice(Value gates, int64_t gate) {
    return slice(b, loc, gates, {0, gate * d.hidden}, {batch, d.hidden},
                 {batch, d.hidden});
  }

  /// Runs direction `dir`; returns {h, [c], [y]} after the last step.
  SmallVector<Value> buildTimeLoop(Value xw, int64_t dir, bool reverse,
                                   Value y) {
    bool isLSTM = d.kind == CellKind::LSTM;
    bool isGRU = d.kind == CellKind::GRU;
    bool splitGRU = isGRU && !d.linearBeforeReset; // r * h before Rh
    // R[dir]^T (H x G*H), transposed once before the loop.
    Value rDir = transposed(b, loc,
                            slice(b, loc, d.r, {dir, 0, 0}, {1, gh, d.hidden},
                                  {gh, d.hidden}));
    // Loop-invariant operands of the step (broadcast once, outside it).
    Value rZR, rH, stepBias;
    if (splitGRU) {
      rZR = slice(b, loc, rDir, {0, 0}, {d.hidden, 2 * d.hidden},
                  {d.hidden, 2 * d.hidden});
      rH = slice(b, loc, rDir, {0, 2 * d.hidden}, {d.hidden, d.hidden},
                 {d.hidden, d.hidden});
    }
    // Rb is not folded into XW here: it starts the step's accumulator.
    if (!foldRecurrentBias() && d.bias)
      stepBias = broadcastRows(
          b, loc, slice(b, loc, d.bias, {dir, gh}, {1, gh}, {gh}), batch);
    SmallVector<Value> peep;
    if (isLSTM && d.peepholes)
      for (int64_t i = 0; i < 3; ++i)
        peep.push_back(broadcastRows(
            b, loc, slice(b, loc, d.peepholes, {dir, i * d.hidden},
                          {1, d.hidden}, {d.hidden}),
            batch));

    // iter_args: h, [c], [y], then scratch tensors (written each step and
    // yielded back, so they keep one buffer).
    SmallVector<Value> init = {initialState(d.initialH, dir)};
    if (isLSTM)
      init.push_back(initialState(d.initialC, dir));
    int64_t yIndex = -1;
    if (d.needY) {
      yIndex = init.size();
      init.push_back(y);
    }
    int64_t scratchIndex = init.size();
    auto scratchType = [&](int64_t n) {
      return RankedTensorType::get({batch, n * d.hidden}, elt);
    };
    if (splitGRU) {
      init.push_back(newLoopTensor(b, loc, scratchType(2))); // h Rzr^T
      init.push_back(newLoopTensor(b, loc, scratchType(1))); // r * h
      init.push_back(newLoopTensor(b, loc, scratchType(1))); // (r * h) Rh^T
    } else {
      init.push_back(newLoopTensor(b, loc, scratchType(d.numGates))); // h R^T
    }

    Value lb = arith::ConstantIndexOp::create(b, loc, 0);
    Value ub = arith::ConstantIndexOp::create(b, loc, seq);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value last = arith::ConstantIndexOp::create(b, loc, seq - 1);
    auto loop = scf::ForOp::create(
        b, loc, lb, ub, one, init,
        [&](OpBuilder &nb, Location nl, Value iv, ValueRange args) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          Value t = reverse ? arith::SubIOp::create(b, nl, last, iv).getResult()
                            : iv;
          Value h = args[0];
          ValueRange scratch = args.drop_front(scratchIndex);
          Value zero = cst(b, nl, elt, 0.0);

          // This step's input projection: batch x G*H.
          Value xwT = tensor::ExtractSliceOp::create(
              b, nl, scratchType(d.numGates), xw,
              foldResults(b, {Value(), t, Value(), Value()}, {dir, 0, 0, 0}),
              foldResults(b, {}, {1, 1, batch, gh}),
              foldResults(b, {}, {1, 1, 1, 1}));
          auto x = [&](int64_t g) { return gateSlice(xwT, g); };

          SmallVector<Value> yields;
          Value hNew;
          if (splitGRU) {
            Value gZR =
                linalg::FillOp::create(b, nl, zero, scratch[0]).getResult(0);
            gZR = matmulTransposedRhs(b, nl, h, rZR, gZR);
            // r * h, the left operand of the second product.
            Value rh = buildStepMap(
                b, nl, {x(1), gateSlice(gZR, 1), h}, scratch[1],
                [&](OpBuilder &eb, Location el, ValueRange in) {
                  Value r = sigmoid(eb, el, add(eb, el, in[0], in[1]));
                  return mul(eb, el, r, in[2]);
                });
            Value gH =
                linalg::FillOp::create(b, nl, zero, scratch[2]).getResult(0);
            gH = matmulTransposedRhs(b, nl, rh, rH, gH);
            hNew = buildStepMap(
                b, nl, {x(0), gateSlice(gZR, 0), x(2), gH, h}, h,
                [&](OpBuilder &eb, Location el, ValueRange in) {
                  Value z = sigmoid(eb, el, add(eb, el, in[0], in[1]));
                  Value n = tanhOf(eb, el, add(eb, el, in[2], in[3]));
                  return gruUpdate(eb, el, z, n, in[4]);
                });
            yields = {hNew};
            if (d.needY)
              yields.push_back(Value()); // filled below
            yields.append({gZR, rh, gH});
          } else {
            // gates = h R^T (+ Rb for the linear-before-reset GRU).
            Value gates =
                stepBias
                    ? linalg::CopyOp::create(b, nl, stepBias, scratch[0])
                          .getResult(0)
                    : linalg::FillOp::create(b, nl, zero, scratch[0])
                          .getResult(0);
            gates = matmulTransposedRhs(b, nl, h, rDir, gates);
            auto g = [&](int64_t i) { return gateSlice(gates, i); };
            switch (d.kind) {
            case CellKind::RNN:
              hNew = buildStepMap(
                  b, nl, {x(0), g(0)}, h,
                  [&](OpBuilder &eb, Location el, ValueRange in) {
                    return tanhOf(eb, el, add(eb, el, in[0], in[1]));
                  });
              yields = {hNew};
              break;
            case CellKind::GRU:
              // Rb is already in `gates`: n = tanh(xw_h + r * (h Rh^T + Rbh)).
              hNew = buildStepMap(
                  b, nl, {x(0), g(0), x(1), g(1), x(2), g(2), h}, h,
                  [&](OpBuilder &eb, Location el, ValueRange in) {
                    Value z = sigmoid(eb, el, add(eb, el, in[0], in[1]));
                    Value r = sigmoid(eb, el, add(eb, el, in[2], in[3]));
                    Value n = tanhOf(eb, el,
                                     add(eb, el, in[4], mul(eb, el, r, in[5])));
                    return gruUpdate(eb, el, z, n, in[6]);
                  });
              yields = {hNew};
              break;
            case CellKind::LSTM: {
              // Gate order i, o, f, c; peepholes Pi, Po, Pf.
              Value c = args[1];
              SmallVector<Value> cIns = {x(0), g(0), x(2), g(2), x(3), g(3), c};
              if (!peep.empty())
                cIns.append({peep[0], peep[2]});
              Value cNew = buildStepMap(
                  b, nl, cIns, c,
                  [&](OpBuilder &eb, Location el, ValueRange in) {
                    Value iPre = add(eb, el, in[0], in[1]);
                    Value fPre = add(eb, el, in[2], in[3]);
                    if (in.size() > 7) {
                      iPre = add(eb, el, iPre, mul(eb, el, in[7], in[6]));
                      fPre = add(eb, el, fPre, mul(eb, el, in[8], in[6]));
                    }
                    Value i = sigmoid(eb, el, iPre);
                    Value f = sigmoid(eb, el, fPre);
                    Value cc = tanhOf(eb, el, add(eb, el, in[4], in[5]));
                    return add(eb, el, mul(eb, el, f, in[6]),
                               mul(eb, el, i, cc));
                  });
              SmallVector<Value> hIns = {x(1), g(1), cNew};
              if (!peep.empty())
                hIns.push_back(peep[1]);
              hNew = buildStepMap(
                  b, nl, hIns, h,
                  [&](OpBuilder &eb, Location el, ValueRange in) {
                    Value oPre = add(eb, el, in[0], in[1]);
                    if (in.size() > 3)
                      oPre = add(eb, el, oPre, mul(eb, el, in[3], in[2]));
                    Value o = sigmoid(eb, el, oPre);
                    return mul(eb, el, o, tanhOf(eb, el, in[2]));
                  });
              yields = {hNew, cNew};
              break;
            }
            }
            if (d.needY)
              yields.push_back(Value()); // filled below
            yields.push_back(gates);
          }
          // Y[t, dir] = h (a batch x H copy per step; h itself must stay a
          // separate buffer for the next step's product).
          if (d.needY)
            yields[yIndex] = tensor::InsertSliceOp::create(
                b, nl, hNew, args[yIndex],
                foldResults(b, {t, Value(), Value(), Value()}, {0, dir, 0, 0}),
                foldResults(b, {}, {1, 1, batch, d.hidden}),
                foldResults(b, {}, {1, 1, 1, 1}));
          scf::YieldOp::create(b, nl, yields);
        });
    SmallVector<Value> finals = {loop.getResult(0)};
    if (isLSTM)
      finals.push_back(loop.getResult(1));
    if (d.needY)
      finals.push_back(loop.getResult(yIndex));
    return finals;
  }

  /// h' = (1 - z) * n + z * h.
  static Value gruUpdate(OpBuilder &b, Location loc, Value z, Value n,
                         Value h) {
    Value one = cst(b, loc, z.getType(), 1.0);
    Value keep = arith::SubFOp::create(b, loc, one, z);
    return add(b, loc, mul(b, loc, keep, n), mul(b, loc, z, h));
  }

  /// D x batch x H from one batch x H state per direction.
  Value stackDirections(ArrayRef<Value> states) {
    auto type =
        RankedTensorType::get({d.numDirections, batch, d.hidden}, elt);
    if (states.size() == 1)
      return tensor::ExpandShapeOp::create(
          b, loc, type, states[0],
          ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    Value result = createEmpty(b, loc, type);
    for (auto [dir, s] : llvm::enumerate(states))
      result = tensor::InsertSliceOp::create(
          b, loc, s, result,
          foldResults(b, {Value(), Value(), Value()},
                      {static_cast<int64_t>(dir), 0, 0}),
          foldResults(b, {}, {1, batch, d.hidden}), foldResults(b, {}, {1, 1, 1}));
    return result;
  }

  OpBuilder &b;
  Location loc;
  const RecurrentDesc &d;
  Type elt;
  int64_t seq, batch, gh;
  RankedTensorType stateType;
};

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

template <typename OpTy>
struct RecurrentOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    for (Type t : llvm::concat<Type>(
             llvm::to_vector(op->getOperandTypes()),
             llvm::to_vector(op->getResultTypes())))
      if (!cast<RankedTensorType>(t).hasStaticShape())
        return rewriter.notifyMatchFailure(op, "needs static shapes");
    RecurrentDesc desc{};
    desc.x = adaptor.getX();
    desc.w = adaptor.getW();
    desc.r = adaptor.getR();
    desc.bias = adaptor.getB();
    desc.initialH = adaptor.getInitialH();
    desc.numDirections = op.getNumDirections();
    desc.hidden = op.getHiddenSize();
    desc.reverseOnly = op.getDirection() == "reverse";
    desc.needY = !op.getY().use_empty();
    if constexpr (std::is_same_v<OpTy, nn::LSTMOp>) {
      desc.kind = CellKind::LSTM;
      desc.numGates = 4;
      desc.initialC = adaptor.getInitialC();
      desc.peepholes = adaptor.getP();
    } else if constexpr (std::is_same_v<OpTy, nn::GRUOp>) {
      desc.kind = CellKind::GRU;
      desc.numGates = 3;
      desc.linearBeforeReset = op.getLinearBeforeReset();
    } else {
      desc.kind = CellKind::RNN;
      desc.numGates = 1;
    }
    RecurrentBuilder builder(rewriter, op.getLoc(), desc);
    rewriter.replaceOp(op, builder.build());
    return success();
  }
};

} // namespace

void mlir::nncc::populateRecurrentLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<RecurrentOpLowering<nn::GRUOp>, RecurrentOpLowering<nn::LSTMOp>,
               RecurrentOpLowering<nn::RNNOp>>(converter,
                                               patterns.getContext());
}
