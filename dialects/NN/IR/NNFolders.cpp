//===- NNFolders.cpp - Constant folding of nn ops -------------------------===//
//
// Part of nncc.
//
// Folds nn ops whose operands are (small) dense constants. The ONNX importer
// relies on this to evaluate the shape computations that exporters emit
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) while it imports, so
// that shapes are static; canonicalization then removes the dead constants.
// Only tensors of at most kMaxFoldElements elements are folded, so folding
// never copies weights -- except nn.transpose, which folds constants of any
// size: that is how weights are pre-packed into the layout their kernel
// reads (the result has as many bytes as the input, and the input constant
// usually dies with it).
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNOps.h"
#include "dialects/NN/IR/NNShapes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/APSInt.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn;

namespace {

constexpr int64_t kMaxFoldElements = 1 << 16;

/// A dense constant small enough to fold, or null.
DenseElementsAttr foldable(Attribute a) {
  auto d = dyn_cast_or_null<DenseElementsAttr>(a);
  if (!d || d.getNumElements() > kMaxFoldElements)
    return {};
  return d;
}

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Flat index into `in` (broadcast to `out`) of the element at flat index
/// `flat` of `out`.
int64_t broadcastIndex(int64_t flat, ArrayRef<int64_t> out,
                       ArrayRef<int64_t> in) {
  SmallVector<int64_t> os = stridesOf(out), is = stridesOf(in);
  size_t lead = out.size() - in.size();
  int64_t idx = 0;
  for (size_t d = 0; d < out.size(); ++d) {
    int64_t coord = (flat / os[d]) % out[d];
    if (d >= lead && in[d - lead] != 1)
      idx += coord * is[d - lead];
  }
  return idx;
}

/// One element of a dense attribute, as APInt or APFloat.
struct Element {
  bool isFloat;
  APInt i;
  APFloat f = APFloat(0.0f);
};

Element elementAt(DenseElementsAttr a, int64_t i) {
  if (a.isSplat())
    i = 0;
  if (isa<FloatType>(a.getElementType()))
    return {true, APInt(), a.getValues<APFloat>()[i]};
  return {false, a.getValues<APInt>()[i]};
}

/// Builds the folded result elementwise over `type` from broadcast operands.
Attribute foldElementwise(
    ArrayRef<DenseElementsAttr> operands, RankedTensorType type,
    function_ref<std::optional<Element>(ArrayRef<Element>)> fn) {
  if (!type.hasStaticShape() || type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<Attribute> results;
  SmallVector<Element> args;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    args.clear();
    for (DenseElementsAttr a : operands) {
      auto at = cast<RankedTensorType>(a.getType());
      args.push_back(elementAt(
          a, broadcastIndex(i, type.getShape(), at.getShape())));
    }
    std::optional<Element> r = fn(args);
    if (!r)
      return {};
    Type elt = type.getElementType();
    if (r->isFloat)
      results.push_back(FloatAttr::get(elt, r->f));
    else
      results.push_back(IntegerAttr::get(elt, r->i));
  }
  return DenseElementsAttr::get(type, results);
}

template <typename Fn>
OpFoldResult foldBinary(Operation *op, ArrayRef<Attribute> operands, Fn fn) {
  DenseElementsAttr a = foldable(operands[0]), b = foldable(operands[1]);
  if (!a || !b)
    return {};
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  bool isUnsigned = getElementTypeOrSelf(a.getType()).isUnsignedInteger();
  return foldElementwise({a, b}, type,
                         [&](ArrayRef<Element> v) -> std::optional<Element> {
                           return fn(v[0], v[1], isUnsigned);
                         });
}

std::optional<Element> floatResult(const APFloat &f) {
  return Element{true, APInt(), f};
}
std::optional<Element> intResult(const APInt &i) {
  return Element{false, i};
}

} // namespace

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](Element x, Element y, bool) {
                      return x.isFloat ? floatResult(x.f + y.f)
                                       : intResult(x.i + y.i);
                    });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](Element x, Element y, bool) {
                      return x.isFloat ? floatResult(x.f - y.f)
                                       : intResult(x.i - y.i);
                    });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](Element x, Element y, bool) {
                      return x.isFloat ? floatResult(x.f * y.f)
                                       : intResult(x.i * y.i);
                    });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](Element x, Element y, bool isUnsigned) -> std::optional<Element> {
        if (x.isFloat)
          return floatResult(x.f / y.f);
        // Leave division by zero (and MIN / -1) to the run-time semantics.
        if (y.i.isZero() || (!isUnsigned && y.i.isAllOnes() &&
                             x.i.isMinSignedValue()))
          return std::nullopt;
        return intResult(isUnsigned ? x.i.udiv(y.i) : x.i.sdiv(y.i));
      });
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](Element x, Element y, bool isUnsigned) {
                      if (x.isFloat)
                        return floatResult(llvm::maximum(x.f, y.f));
                      bool xBig = isUnsigned ? x.i.uge(y.i) : x.i.sge(y.i);
                      return intResult(xBig ? x.i : y.i);
                    });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](Element x, Element y, bool isUnsigned) {
                      if (x.isFloat)
                        return floatResult(llvm::minimum(x.f, y.f));
                      bool xSmall = isUnsigned ? x.i.ule(y.i) : x.i.sle(y.i);
                      return intResult(xSmall ? x.i : y.i);
                    });
}

OpFoldResult PowOp::fold(FoldAdaptor) { return {}; }

//===----------------------------------------------------------------------===//
// Comparisons and Where
//===----------------------------------------------------------------------===//

template <typename Pred>
static OpFoldResult foldCompare(Operation *op, ArrayRef<Attribute> operands,
                                Pred pred) {
  return foldBinary(op, operands, [&](Element x, Element y, bool isUnsigned) {
    bool r;
    if (x.isFloat) {
      APFloat::cmpResult c = x.f.compare(y.f);
      r = pred(c == APFloat::cmpLessThan, c == APFloat::cmpEqual,
               c == APFloat::cmpGreaterThan);
    } else {
      bool lt = isUnsigned ? x.i.ult(y.i) : x.i.slt(y.i);
      bool eq = x.i == y.i;
      r = pred(lt, eq, !lt && !eq);
    }
    return intResult(APInt(1, r));
  });
}

OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](bool, bool eq, bool) { return eq; });
}
OpFoldResult LessOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](bool lt, bool, bool) { return lt; });
}
OpFoldResult LessEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](bool lt, bool eq, bool) { return lt || eq; });
}
OpFoldResult GreaterEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](bool, bool eq, bool gt) { return gt || eq; });
}
OpFoldResult GreaterOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](bool, bool, bool gt) { return gt; });
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr c = foldable(adaptor.getCondition()),
                    x = foldable(adaptor.getX()), y = foldable(adaptor.getY());
  if (!c || !x || !y)
    return {};
  return foldElementwise({c, x, y}, getType(),
                         [](ArrayRef<Element> v) -> std::optional<Element> {
                           return v[0].i.isZero() ? v[2] : v[1];
                         });
}

//===----------------------------------------------------------------------===//
// Cast, Broadcast
//===----------------------------------------------------------------------===//

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  DenseElementsAttr a = foldable(adaptor.getInput());
  if (!a)
    return {};
  Type from = getElementTypeOrSelf(a.getType());
  Type to = getType().getElementType();
  return foldElementwise(
      {a}, getType(), [&](ArrayRef<Element> v) -> std::optional<Element> {
        const Element &x = v[0];
        if (auto ft = dyn_cast<FloatType>(to)) {
          APFloat f(ft.getFloatSemantics());
          bool lost;
          if (x.isFloat) {
            f = x.f;
            f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                      &lost);
          } else {
            f.convertFromAPInt(x.i, !from.isUnsignedInteger(),
                               APFloat::rmNearestTiesToEven);
          }
          return floatResult(f);
        }
        unsigned width = to.getIntOrFloatBitWidth();
        if (width == 1)
          return intResult(APInt(1, x.isFloat ? !x.f.isZero() : !x.i.isZero()));
        if (x.isFloat) {
          APSInt r(width, to.isUnsignedInteger());
          bool exact;
          if (x.f.convertToInteger(r, APFloat::rmTowardZero, &exact) &
              APFloat::opInvalidOp)
            return std::nullopt; // NaN/out of range: run-time semantics
          return intResult(r);
        }
        return intResult(from.isUnsignedInteger() || from.isInteger(1)
                             ? x.i.zextOrTrunc(width)
                             : x.i.sextOrTrunc(width));
      });
}

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  DenseElementsAttr a = foldable(adaptor.getInput());
  if (!a)
    return {};
  if (a.isSplat() && getType().hasStaticShape())
    return DenseElementsAttr::get(getType(), a.getSplatValue<Attribute>());
  return foldElementwise({a}, getType(),
                         [](ArrayRef<Element> v) -> std::optional<Element> {
                           return v[0];
                         });
}

//===----------------------------------------------------------------------===//
// Gather, Slice, Concat
//===----------------------------------------------------------------------===//

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr data = foldable(adaptor.getData());
  DenseElementsAttr idx = foldable(adaptor.getIndices());
  auto type = getType();
  if (!data || !idx || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  // Folding runs as ops are built, before the verifier has checked them
  // (the importer folds model data): bail out on anything the verifier
  // would reject instead of asserting (found by test/fuzz).
  if (!isa<IntegerType>(idx.getElementType()))
    return {};
  ArrayRef<int64_t> ds = cast<RankedTensorType>(data.getType()).getShape();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= (int64_t)ds.size())
    return {};
  int64_t n = ds[axis];
  int64_t inner = 1;
  for (int64_t d = axis + 1; d < (int64_t)ds.size(); ++d)
    inner *= ds[d];
  int64_t numIdx = idx.getNumElements();
  if (numIdx <= 0 || inner <= 0)
    return {};
  SmallVector<Attribute> out;
  auto dataValues = data.getValues<Attribute>();
  auto idxValues = idx.getValues<APInt>();
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    int64_t outer = i / (numIdx * inner);
    int64_t j = (i / inner) % numIdx;
    int64_t k = i % inner;
    int64_t g = idxValues[idx.isSplat() ? 0 : j].getSExtValue();
    if (g < 0)
      g += n;
    if (g < 0 || g >= n)
      return {}; // out of range: leave it to the run-time clamping
    int64_t src = (outer * n + g) * inner + k;
    out.push_back(dataValues[data.isSplat() ? 0 : src]);
  }
  return DenseElementsAttr::get(type, out);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getOffsets(), [](int64_t o) { return o == 0; }) &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }))
    return getInput();
  DenseElementsAttr a = foldable(adaptor.getInput());
  auto type = getType();
  if (!a || !type.hasStaticShape())
    return {};
  if (a.isSplat())
    return DenseElementsAttr::get(type, a.getSplatValue<Attribute>());
  ArrayRef<int64_t> in = cast<RankedTensorType>(a.getType()).getShape();
  SmallVector<int64_t> is = stridesOf(in), os = stridesOf(type.getShape());
  auto values = a.getValues<Attribute>();
  SmallVector<Attribute> out;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < in.size(); ++d) {
      int64_t coord = (i / os[d]) % type.getShape()[d];
      src += (getOffsets()[d] + coord * getStrides()[d]) * is[d];
    }
    out.push_back(values[src]);
  }
  return DenseElementsAttr::get(type, out);
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }) &&
      getInput().getType() == getType())
    return getInput();
  return {};
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  auto type = getType();
  if (!type.hasStaticShape() || type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<DenseElementsAttr> parts;
  for (Attribute a : adaptor.getInputs()) {
    DenseElementsAttr d = foldable(a);
    if (!d)
      return {};
    parts.push_back(d);
  }
  int64_t axis = getAxis();
  ArrayRef<int64_t> shape = type.getShape();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < (int64_t)shape.size(); ++d)
    inner *= shape[d];
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o) {
    for (DenseElementsAttr p : parts) {
      int64_t len = cast<RankedTensorType>(p.getType()).getShape()[axis];
      auto values = p.getValues<Attribute>();
      for (int64_t j = 0; j < len * inner; ++j)
        out.push_back(values[p.isSplat() ? 0 : o * len * inner + j]);
    }
  }
  return DenseElementsAttr::get(type, out);
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

namespace {
/// The raw little-endian bytes of a non-splat constant whose elements are
/// whole bytes wide, or std::nullopt.
std::optional<ArrayRef<char>> rawBytes(Attribute a) {
  if (!a)
    return std::nullopt;
  if (auto d = dyn_cast<DenseElementsAttr>(a)) {
    if (d.isSplat() || d.getElementType().isInteger(1))
      return std::nullopt;
    return d.getRawData();
  }
  if (auto r = dyn_cast<DenseResourceElementsAttr>(a)) {
    AsmResourceBlob *blob = r.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    return blob->getData();
  }
  return std::nullopt;
}
} // namespace

ElementsAttr nn::permuteConstant(Attribute value, ArrayRef<int64_t> inShape,
                                 ArrayRef<int64_t> perm,
                                 RankedTensorType outType) {
  auto elements = dyn_cast_or_null<ElementsAttr>(value);
  if (!elements)
    return {};
  int64_t n = outType.getNumElements();
  if ((int64_t)perm.size() != (int64_t)inShape.size() ||
      elements.getNumElements() != n)
    return {};
  if (auto d = dyn_cast<DenseElementsAttr>(value))
    if (d.isSplat())
      return d.resizeSplat(outType);
  Type elt = outType.getElementType();
  if (!elt.isIntOrFloat() || elt.getIntOrFloatBitWidth() % 8 != 0 ||
      elt != elements.getElementType())
    return {};
  std::optional<ArrayRef<char>> in = rawBytes(value);
  size_t eltSize = elt.getIntOrFloatBitWidth() / 8;
  if (!in || in->size() != (size_t)n * eltSize)
    return {};
  // Walk the output in order; `src` follows it through the input.
  SmallVector<int64_t> outShape;
  for (int64_t p : perm)
    outShape.push_back(inShape[p]);
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  size_t rank = perm.size();
  SmallVector<int64_t> srcStride(rank);
  for (size_t i = 0; i < rank; ++i)
    srcStride[i] = inStrides[perm[i]];
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocate(in->size(), std::max<size_t>(eltSize, 64));
  char *out = blob.getMutableData().data();
  SmallVector<int64_t> idx(rank, 0);
  int64_t src = 0;
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(out + i * eltSize, in->data() + src * eltSize, eltSize);
    for (int64_t d = rank - 1; d >= 0; --d) {
      src += srcStride[d];
      if (++idx[d] < outShape[d])
        break;
      src -= srcStride[d] * outShape[d];
      idx[d] = 0;
    }
  }
  if (n <= 64)
    return DenseElementsAttr::getFromRawBuffer(outType, blob.getData());
  StringRef base = "permuted";
  if (auto r = dyn_cast<DenseResourceElementsAttr>(value))
    base = r.getRawHandle().getKey();
  return DenseResourceElementsAttr::get(outType, (base + ".p").str(),
                                        std::move(blob));
}

ElementsAttr nn::padConstant(Attribute value, RankedTensorType inType,
                             RankedTensorType outType) {
  auto elements = dyn_cast_or_null<ElementsAttr>(value);
  int64_t rank = inType.getRank();
  Type elt = outType.getElementType();
  if (!elements || !inType.hasStaticShape() || !outType.hasStaticShape() ||
      outType.getRank() != rank || elt != inType.getElementType() ||
      elt != elements.getElementType() ||
      elements.getNumElements() != inType.getNumElements() ||
      !elt.isIntOrFloat() || elt.getIntOrFloatBitWidth() % 8 != 0)
    return {};
  for (int64_t d = 0; d < rank; ++d)
    if (outType.getDimSize(d) < inType.getDimSize(d))
      return {};
  std::optional<ArrayRef<char>> in = rawBytes(value);
  size_t eltSize = elt.getIntOrFloatBitWidth() / 8;
  if (!in || in->size() != (size_t)inType.getNumElements() * eltSize)
    return {};
  int64_t n = outType.getNumElements();
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocate(n * eltSize, std::max<size_t>(eltSize, 64));
  char *out = blob.getMutableData().data();
  std::memset(out, 0, n * eltSize);
  // Copy the input's innermost rows, one per index of its outer dims.
  ArrayRef<int64_t> inShape = inType.getShape();
  SmallVector<int64_t> outStrides = stridesOf(outType.getShape());
  int64_t row = rank ? inShape[rank - 1] : 1;
  int64_t rows = row ? inType.getNumElements() / row : 0;
  SmallVector<int64_t> idx(std::max<int64_t>(rank - 1, 0), 0);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t dst = 0;
    for (int64_t d = 0; d + 1 < rank; ++d)
      dst += idx[d] * outStrides[d];
    std::memcpy(out + dst * eltSize, in->data() + r * row * eltSize,
                row * eltSize);
    for (int64_t d = rank - 2; d >= 0; --d) {
      if (++idx[d] < inShape[d])
        break;
      idx[d] = 0;
    }
  }
  if (n <= 64)
    return DenseElementsAttr::getFromRawBuffer(outType, blob.getData());
  StringRef base = "padded";
  if (auto r = dyn_cast<DenseResourceElementsAttr>(value))
    base = r.getRawHandle().getKey();
  return DenseResourceElementsAttr::get(outType, (base + ".z").str(),
                                        std::move(blob));
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::all_of(llvm::enumerate(perm),
                   [](auto p) { return p.value() == (int64_t)p.index(); }))
    return getInput();
  auto inType = dyn_cast<RankedTensorType>(getInput().getType());
  auto outType = dyn_cast<RankedTensorType>(getType());
  if (!inType || !outType || !inType.hasStaticShape() ||
      !outType.hasStaticShape())
    return {};
  return permuteConstant(adaptor.getInput(), inType.getShape(), perm, outType);
}

std::optional<std::vector<float>> nn::constantFloats(Attribute value,
                                                    int64_t n) {
  auto elements = dyn_cast_or_null<ElementsAttr>(value);
  if (!elements || !elements.getElementType().isF32() ||
      elements.getNumElements() != n)
    return std::nullopt;
  std::vector<float> out(n);
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (dense && dense.isSplat()) {
    std::fill(out.begin(), out.end(), dense.getSplatValue<float>());
    return out;
  }
  std::optional<ArrayRef<char>> in = rawBytes(value);
  if (!in || in->size() != out.size() * sizeof(float))
    return std::nullopt;
  std::memcpy(out.data(), in->data(), in->size());
  return out;
}

ElementsAttr nn::floatsConstant(RankedTensorType type, ArrayRef<float> data,
                                StringRef baseName) {
  assert(type.getElementType().isF32() &&
         type.getNumElements() == (int64_t)data.size());
  if (data.size() <= 64)
    return DenseElementsAttr::get(type, data);
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocate(data.size() * sizeof(float), 64);
  std::memcpy(blob.getMutableData().data(), data.data(),
              data.size() * sizeof(float));
  return DenseResourceElementsAttr::get(type, baseName, std::move(blob));
}

ElementsAttr nn::winogradWeights(Attribute value, RankedTensorType hwcfType) {
  auto elements = dyn_cast_or_null<ElementsAttr>(value);
  if (!elements || !hwcfType.hasStaticShape() || hwcfType.getRank() != 4 ||
      hwcfType.getDimSize(0) != 3 || hwcfType.getDimSize(1) != 3 ||
      !hwcfType.getElementType().isF32() ||
      elements.getElementType() != hwcfType.getElementType() ||
      elements.getNumElements() != hwcfType.getNumElements())
    return {};
  int64_t c = hwcfType.getDimSize(2), f = hwcfType.getDimSize(3);
  int64_t plane = c * f; // one (kh, kw) tap: C x F floats
  std::optional<std::vector<float>> weights = constantFloats(value, 9 * plane);
  if (!weights)
    return {};
  const std::vector<float> &g = *weights;
  // U = G g G^T per (c, f), with G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2;
  // 0 0 1]; computed in double, rounded once.
  static const double G[4][3] = {
      {1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
  auto outType = RankedTensorType::get({16, 1, c, f}, hwcfType.getElementType());
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocate(16 * plane * sizeof(float), 64);
  float *out = reinterpret_cast<float *>(blob.getMutableData().data());
  for (int64_t e = 0; e < plane; ++e) {
    double t[4][3]; // G g
    for (int a = 0; a < 4; ++a)
      for (int j = 0; j < 3; ++j) {
        double s = 0;
        for (int i = 0; i < 3; ++i)
          s += G[a][i] * g[(i * 3 + j) * plane + e];
        t[a][j] = s;
      }
    for (int a = 0; a < 4; ++a)
      for (int b = 0; b < 4; ++b) {
        double s = 0;
        for (int j = 0; j < 3; ++j)
          s += t[a][j] * G[b][j];
        out[(a * 4 + b) * plane + e] = (float)s;
      }
  }
  StringRef base = "weights";
  if (auto r = dyn_cast<DenseResourceElementsAttr>(value))
    base = r.getRawHandle().getKey();
  return DenseResourceElementsAttr::get(outType, (base + ".wino").str(),
                                        std::move(blob));
}
