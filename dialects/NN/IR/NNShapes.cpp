//===- NNShapes.cpp - Shape functions of the NN dialect -------------------===//
//
// Part of nncc.
//
// See NNShapes.h. Every check here may see model data (the importer calls
// these before any op exists), so nothing asserts: errors are reported.
//
//===----------------------------------------------------------------------===//

#include "dialects/NN/IR/NNShapes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::nn;

static bool isDyn(int64_t d) { return ShapedType::isDynamic(d); }

static std::string shapeStr(ArrayRef<int64_t> s) {
  std::string r;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i)
      r += 'x';
    r += isDyn(s[i]) ? std::string("?") : std::to_string(s[i]);
  }
  return r.empty() ? std::string("scalar") : r;
}

std::optional<int64_t> nn::getNumElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (isDyn(d) || d < 0)
      return std::nullopt;
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
      return std::nullopt;
    n *= d;
  }
  return n;
}

bool nn::hasAddressableSize(ArrayRef<int64_t> shape, unsigned elementBits) {
  std::optional<int64_t> count = getNumElements(shape);
  int64_t bytes = std::max(1u, elementBits / 8);
  return count && *count <= std::numeric_limits<int64_t>::max() / 8 / bytes;
}

LogicalResult nn::verifyAxis(int64_t axis, int64_t rank, StringRef what,
                             EmitErrorFn emitError) {
  if (axis < 0 || axis >= rank)
    return emitError() << "expected '" << what << "' in [0, " << rank
                       << "), got " << axis;
  return success();
}

FailureOr<Shape> nn::inferBroadcastShape(ArrayRef<int64_t> lhs,
                                         ArrayRef<int64_t> rhs,
                                         EmitErrorFn emitError) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == 1) {
      out[i] = b;
    } else if (b == 1) {
      out[i] = a;
    } else if (isDyn(a) || isDyn(b)) {
      out[i] = isDyn(a) ? b : a;
    } else if (a != b) {
      return emitError() << "operand shapes " << shapeStr(lhs) << " and "
                         << shapeStr(rhs) << " do not broadcast (dim " << i
                         << ": " << a << " vs " << b << ")";
    } else {
      out[i] = a;
    }
  }
  return out;
}

/// Output size of one spatial dimension of a sliding window.
static FailureOr<int64_t> windowOutSize(int64_t in, int64_t kernel,
                                        int64_t stride, int64_t dilation,
                                        int64_t padBegin, int64_t padEnd,
                                        bool ceilMode, unsigned dim,
                                        EmitErrorFn emitError) {
  if (isDyn(in) || isDyn(kernel))
    return ShapedType::kDynamic;
  int64_t effKernel = dilation * (kernel - 1) + 1;
  int64_t span = in + padBegin + padEnd - effKernel;
  if (span < 0)
    return emitError() << "window of size " << effKernel
                       << " does not fit spatial dim " << dim << " of size "
                       << in << " with pads " << padBegin << "+" << padEnd;
  int64_t out = (ceilMode ? llvm::divideCeil(span, stride) : span / stride) + 1;
  // With ceil_mode, a window must start inside the input or the begin pad.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

static LogicalResult checkPositive(ArrayRef<int64_t> v, size_t n,
                                   StringRef name, int64_t minValue,
                                   EmitErrorFn emitError) {
  if (v.size() != n)
    return emitError() << "expected '" << name << "' to have " << n
                       << " values, got " << v.size();
  for (int64_t x : v)
    if (x < minValue)
      return emitError() << "expected '" << name << "' values >= " << minValue
                         << ", got " << x;
  return success();
}

FailureOr<Shape> nn::inferConv2DShape(ArrayRef<int64_t> input,
                                      ArrayRef<int64_t> weight,
                                      std::optional<ArrayRef<int64_t>> bias,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> dilations,
                                      ArrayRef<int64_t> pads, int64_t group,
                                      EmitErrorFn emitError) {
  if (input.size() != 4)
    return emitError() << "expected input of rank 4 (NCHW), got rank "
                       << input.size();
  if (weight.size() != 4)
    return emitError() << "expected weight of rank 4 (FCHW), got rank "
                       << weight.size();
  if (failed(checkPositive(strides, 2, "strides", 1, emitError)) ||
      failed(checkPositive(dilations, 2, "dilations", 1, emitError)) ||
      failed(checkPositive(pads, 4, "pads", 0, emitError)))
    return failure();
  if (group < 1)
    return emitError() << "expected 'group' >= 1, got " << group;
  int64_t c = input[1], f = weight[0], cg = weight[1];
  if (!isDyn(f) && f % group != 0)
    return emitError() << "expected output channels (" << f
                       << ") to be divisible by group (" << group << ")";
  if (!isDyn(c) && !isDyn(cg) && c != cg * group)
    return emitError() << "expected input channels (" << c
                       << ") = weight dim 1 (" << cg << ") * group (" << group
                       << ")";
  if (bias) {
    if (bias->size() != 1)
      return emitError() << "expected bias of rank 1, got rank "
                         << bias->size();
    if (!isDyn((*bias)[0]) && !isDyn(f) && (*bias)[0] != f)
      return emitError() << "expected bias of size " << f << ", got "
                         << (*bias)[0];
  }
  Shape out = {input[0], f, 0, 0};
  for (unsigned i = 0; i < 2; ++i) {
    FailureOr<int64_t> o =
        windowOutSize(input[2 + i], weight[2 + i], strides[i], dilations[i],
                      pads[i], pads[i + 2], false, 2 + i, emitError);
    if (failed(o))
      return failure();
    out[2 + i] = *o;
  }
  return out;
}

FailureOr<Shape> nn::inferGemmShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                                    std::optional<ArrayRef<int64_t>> c,
                                    bool transA, bool transB,
                                    EmitErrorFn emitError) {
  if (a.size() != 2 || b.size() != 2)
    return emitError() << "expected rank-2 A and B, got ranks " << a.size()
                       << " and " << b.size();
  int64_t m = transA ? a[1] : a[0], ka = transA ? a[0] : a[1];
  int64_t kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1];
  if (!isDyn(ka) && !isDyn(kb) && ka != kb)
    return emitError() << "inner dimensions differ: A gives K = " << ka
                       << ", B gives K = " << kb;
  Shape out = {m, n};
  if (c) {
    if (c->size() > 2)
      return emitError() << "expected C of rank <= 2, got rank " << c->size();
    FailureOr<Shape> bc = inferBroadcastShape(out, *c, emitError);
    if (failed(bc))
      return failure();
    if (!isDyn((*bc)[0]) && !isDyn(m) && ((*bc)[0] != m || (*bc)[1] != n))
      return emitError() << "C of shape " << shapeStr(*c)
                         << " does not broadcast to " << shapeStr(out);
  }
  return out;
}

FailureOr<Shape> nn::inferMatMulShape(ArrayRef<int64_t> lhs,
                                      ArrayRef<int64_t> rhs,
                                      EmitErrorFn emitError) {
  if (lhs.empty() || rhs.empty())
    return emitError() << "expected operands of rank >= 1";
  Shape a(lhs), b(rhs);
  bool lhsVec = a.size() == 1, rhsVec = b.size() == 1;
  if (lhsVec)
    a.insert(a.begin(), 1);
  if (rhsVec)
    b.push_back(1);
  int64_t ka = a.back(), kb = b[b.size() - 2];
  if (!isDyn(ka) && !isDyn(kb) && ka != kb)
    return emitError() << "inner dimensions differ: " << shapeStr(lhs)
                       << " x " << shapeStr(rhs);
  FailureOr<Shape> batch =
      inferBroadcastShape(ArrayRef<int64_t>(a).drop_back(2),
                          ArrayRef<int64_t>(b).drop_back(2), emitError);
  if (failed(batch))
    return failure();
  Shape out = *batch;
  if (!lhsVec)
    out.push_back(a[a.size() - 2]);
  if (!rhsVec)
    out.push_back(b.back());
  return out;
}

FailureOr<Shape> nn::inferPool2DShape(ArrayRef<int64_t> input,
                                      ArrayRef<int64_t> kernel,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads,
                                      ArrayRef<int64_t> dilations,
                                      bool ceilMode, EmitErrorFn emitError) {
  if (input.size() != 4)
    return emitError() << "expected input of rank 4 (NCHW), got rank "
                       << input.size();
  SmallVector<int64_t> dil(dilations);
  if (dil.empty())
    dil.assign(2, 1);
  if (failed(checkPositive(kernel, 2, "kernel_shape", 1, emitError)) ||
      failed(checkPositive(strides, 2, "strides", 1, emitError)) ||
      failed(checkPositive(dil, 2, "dilations", 1, emitError)) ||
      failed(checkPositive(pads, 4, "pads", 0, emitError)))
    return failure();
  for (unsigned i = 0; i < 2; ++i)
    if (pads[i] >= kernel[i] * dil[i] || pads[i + 2] >= kernel[i] * dil[i])
      return emitError() << "expected pads smaller than the window in dim "
                         << i << ", got " << pads[i] << "+" << pads[i + 2]
                         << " for window " << kernel[i];
  Shape out = {input[0], input[1], 0, 0};
  for (unsigned i = 0; i < 2; ++i) {
    FailureOr<int64_t> o =
        windowOutSize(input[2 + i], kernel[i], strides[i], dil[i], pads[i],
                      pads[i + 2], ceilMode, 2 + i, emitError);
    if (failed(o))
      return failure();
    out[2 + i] = *o;
  }
  return out;
}

FailureOr<Shape> nn::inferGlobalPoolShape(ArrayRef<int64_t> input,
                                          EmitErrorFn emitError) {
  if (input.size() < 3)
    return emitError() << "expected input of rank >= 3, got rank "
                       << input.size();
  Shape out(input.begin(), input.end());
  for (size_t i = 2; i < out.size(); ++i)
    out[i] = 1;
  return out;
}

FailureOr<Shape> nn::inferBatchNormShape(ArrayRef<int64_t> input,
                                         ArrayRef<ArrayRef<int64_t>> params,
                                         EmitErrorFn emitError) {
  if (input.size() < 2)
    return emitError() << "expected input of rank >= 2, got rank "
                       << input.size();
  static const char *names[] = {"scale", "bias", "mean", "variance"};
  for (auto [i, p] : llvm::enumerate(params)) {
    const char *name = i < 4 ? names[i] : "parameter";
    if (p.size() != 1)
      return emitError() << "expected '" << name << "' of rank 1, got rank "
                         << p.size();
    if (!isDyn(p[0]) && !isDyn(input[1]) && p[0] != input[1])
      return emitError() << "expected '" << name << "' of size " << input[1]
                         << " (channels), got " << p[0];
  }
  return Shape(input.begin(), input.end());
}

static int64_t mulDims(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (isDyn(d))
      return ShapedType::kDynamic;
    n *= d;
  }
  return n;
}

FailureOr<Shape> nn::inferFlattenShape(ArrayRef<int64_t> input, int64_t axis,
                                       EmitErrorFn emitError) {
  int64_t rank = input.size();
  if (axis < 0 || axis > rank)
    return emitError() << "expected 'axis' in [0, " << rank << "], got "
                       << axis;
  if (!getNumElements(input) && llvm::none_of(input, isDyn))
    return emitError() << "element count of " << shapeStr(input)
                       << " overflows";
  return Shape{mulDims(input.take_front(axis)), mulDims(input.drop_front(axis))};
}

FailureOr<Shape> nn::inferReshapeShape(ArrayRef<int64_t> input,
                                       ArrayRef<int64_t> target,
                                       bool allowZero, EmitErrorFn emitError) {
  Shape out(target.begin(), target.end());
  int inferIdx = -1;
  for (auto [i, d] : llvm::enumerate(out)) {
    if (d == -1) {
      if (inferIdx >= 0)
        return emitError() << "expected at most one -1 in the target shape";
      inferIdx = i;
    } else if (d == 0 && !allowZero) {
      if (i >= input.size())
        return emitError() << "target dim " << i
                           << " is 0 (copy) but the input has rank "
                           << input.size();
      d = input[i];
    } else if (d < 0) {
      return emitError() << "invalid target dim " << i << ": " << d;
    }
  }
  if (inferIdx >= 0 && allowZero && llvm::is_contained(out, 0))
    return emitError() << "-1 cannot be combined with 0 when allowzero is set";
  std::optional<int64_t> inCount = getNumElements(input);
  if (!inCount) {
    if (llvm::none_of(input, isDyn))
      return emitError() << "element count of " << shapeStr(input)
                         << " overflows";
    if (inferIdx >= 0)
      out[inferIdx] = ShapedType::kDynamic;
    return out;
  }
  int64_t known = 1;
  for (auto [i, d] : llvm::enumerate(out)) {
    if ((int)i == inferIdx)
      continue;
    if (isDyn(d))
      return out;
    if (d != 0 && known > std::numeric_limits<int64_t>::max() / d)
      return emitError() << "target shape element count overflows";
    known *= d;
  }
  if (inferIdx >= 0) {
    if (known == 0 || *inCount % known != 0)
      return emitError() << "cannot reshape " << shapeStr(input)
                         << " to a shape with " << known
                         << " elements times -1";
    out[inferIdx] = *inCount / known;
  } else if (known != *inCount) {
    return emitError() << "cannot reshape " << shapeStr(input) << " ("
                       << *inCount << " elements) to " << shapeStr(out) << " ("
                       << known << " elements)";
  }
  return out;
}

FailureOr<Shape> nn::inferTransposeShape(ArrayRef<int64_t> input,
                                         ArrayRef<int64_t> perm,
                                         EmitErrorFn emitError) {
  if (perm.size() != input.size())
    return emitError() << "expected 'perm' to have " << input.size()
                       << " values, got " << perm.size();
  SmallVector<bool> seen(input.size(), false);
  Shape out;
  for (int64_t p : perm) {
    if (p < 0 || p >= (int64_t)input.size() || seen[p])
      return emitError() << "expected 'perm' to be a permutation of [0, "
                         << input.size() << "), got value " << p;
    seen[p] = true;
    out.push_back(input[p]);
  }
  return out;
}

FailureOr<Shape> nn::inferConcatShape(ArrayRef<ArrayRef<int64_t>> inputs,
                                      int64_t axis, EmitErrorFn emitError) {
  if (inputs.empty())
    return emitError() << "expected at least one input";
  int64_t rank = inputs[0].size();
  if (failed(verifyAxis(axis, rank, "axis", emitError)))
    return failure();
  Shape out(inputs[0].begin(), inputs[0].end());
  for (auto [i, in] : llvm::enumerate(inputs.drop_front())) {
    if ((int64_t)in.size() != rank)
      return emitError() << "expected all inputs of rank " << rank
                         << ", input " << i + 1 << " has rank " << in.size();
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis) {
        out[d] = isDyn(out[d]) || isDyn(in[d]) ? ShapedType::kDynamic
                                               : out[d] + in[d];
      } else if (!isDyn(in[d]) && !isDyn(out[d]) && in[d] != out[d]) {
        return emitError() << "input " << i + 1 << " dim " << d << " is "
                           << in[d] << ", expected " << out[d];
      } else if (isDyn(out[d])) {
        out[d] = in[d];
      }
    }
  }
  return out;
}

FailureOr<Shape> nn::inferReduceShape(ArrayRef<int64_t> input,
                                      ArrayRef<int64_t> axes, bool keepDims,
                                      EmitErrorFn emitError) {
  int64_t rank = input.size();
  for (auto [i, a] : llvm::enumerate(axes)) {
    if (a < 0 || a >= rank)
      return emitError() << "expected 'axes' in [0, " << rank << "), got "
                         << a;
    if (i > 0 && axes[i - 1] >= a)
      return emitError() << "expected 'axes' sorted and unique";
  }
  Shape out;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(axes, d))
      out.push_back(input[d]);
    else if (keepDims)
      out.push_back(1);
  }
  return out;
}

FailureOr<Shape> nn::inferGatherShape(ArrayRef<int64_t> data,
                                      ArrayRef<int64_t> indices, int64_t axis,
                                      EmitErrorFn emitError) {
  if (failed(verifyAxis(axis, data.size(), "axis", emitError)))
    return failure();
  Shape out(data.begin(), data.begin() + axis);
  out.append(indices.begin(), indices.end());
  out.append(data.begin() + axis + 1, data.end());
  return out;
}

FailureOr<Shape> nn::inferPadShape(ArrayRef<int64_t> input,
                                   ArrayRef<int64_t> pads,
                                   EmitErrorFn emitError) {
  size_t rank = input.size();
  if (pads.size() != 2 * rank)
    return emitError() << "expected " << 2 * rank
                       << " pad amounts (begins then ends), got "
                       << pads.size();
  Shape out(input.begin(), input.end());
  for (size_t d = 0; d < rank; ++d) {
    if (isDyn(input[d])) {
      if (pads[d] != 0 || pads[rank + d] != 0)
        return emitError() << "dim " << d << " is dynamic (padding it is not "
                           << "supported)";
      continue;
    }
    // The input elements the crops keep; at least one (then the output
    // has at least one too).
    int64_t kept = input[d] + std::min<int64_t>(pads[d], 0) +
                   std::min<int64_t>(pads[rank + d], 0);
    if (kept < 1)
      return emitError() << "pads " << pads[d] << " and " << pads[rank + d]
                         << " keep no element of dim " << d << " (size "
                         << input[d] << ")";
    out[d] = input[d] + pads[d] + pads[rank + d];
  }
  return out;
}

FailureOr<Shape> nn::inferSliceShape(ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> offsets,
                                     ArrayRef<int64_t> sizes,
                                     ArrayRef<int64_t> strides,
                                     EmitErrorFn emitError) {
  size_t rank = input.size();
  if (offsets.size() != rank || sizes.size() != rank || strides.size() != rank)
    return emitError() << "expected 'offsets', 'sizes' and 'strides' to have "
                       << rank << " values each";
  for (size_t d = 0; d < rank; ++d) {
    if (offsets[d] < 0 || sizes[d] < 0 || strides[d] < 1)
      return emitError() << "invalid slice of dim " << d << ": offset "
                         << offsets[d] << ", size " << sizes[d] << ", stride "
                         << strides[d];
    if (!isDyn(input[d]) && sizes[d] > 0 &&
        offsets[d] + (sizes[d] - 1) * strides[d] >= input[d])
      return emitError() << "slice of dim " << d << " reads past its end ("
                         << input[d] << ")";
  }
  return Shape(sizes.begin(), sizes.end());
}

LogicalResult nn::verifyBroadcastableTo(ArrayRef<int64_t> input,
                                        ArrayRef<int64_t> target,
                                        EmitErrorFn emitError) {
  if (input.size() > target.size())
    return emitError() << "cannot broadcast " << shapeStr(input) << " to "
                       << shapeStr(target) << " (higher rank)";
  size_t lead = target.size() - input.size();
  for (size_t i = 0; i < input.size(); ++i) {
    int64_t a = input[i], b = target[lead + i];
    if (a != 1 && !isDyn(a) && !isDyn(b) && a != b)
      return emitError() << "cannot broadcast " << shapeStr(input) << " to "
                         << shapeStr(target);
  }
  return success();
}
/// Checks that `actual` matches `expected` (a dynamic dim matches anything).
static LogicalResult checkOperandShape(StringRef name, ArrayRef<int64_t> actual,
                                       ArrayRef<int64_t> expected,
                                       StringRef layout,
                                       EmitErrorFn emitError) {
  bool ok = actual.size() == expected.size();
  for (size_t i = 0; ok && i < actual.size(); ++i)
    ok = isDyn(actual[i]) || isDyn(expected[i]) || actual[i] == expected[i];
  if (!ok)
    return emitError() << "expected '" << name << "' of shape "
                       << shapeStr(expected) << " (" << layout << "), got "
                       << shapeStr(actual);
  return success();
}

FailureOr<RecurrentResultShapes>
nn::inferRecurrentShapes(int64_t numGates,
                         const RecurrentOperandShapes &operands,
                         int64_t numDirections, int64_t hiddenSize,
                         EmitErrorFn emitError) {
  // Bounded so that 2 * numGates * hiddenSize (the bias length) cannot
  // overflow.
  if (hiddenSize < 1 || hiddenSize > (int64_t(1) << 40))
    return emitError() << "expected 'hidden_size' in [1, 2^40], got "
                       << hiddenSize;
  ArrayRef<int64_t> x = operands.x;
  if (x.size() != 3)
    return emitError() << "expected 'x' of rank 3 (seq x batch x input), got "
                          "rank "
                       << x.size();
  int64_t d = numDirections, h = hiddenSize, g = numGates * hiddenSize;
  int64_t seq = x[0], batch = x[1], input = x[2];
  std::string gates =
      numGates == 1 ? "hidden_size" : std::to_string(numGates) + "*hidden_size";
  if (failed(checkOperandShape("w", operands.w, {d, g, input},
                               "directions x " + gates + " x input_size",
                               emitError)) ||
      failed(checkOperandShape("r", operands.r, {d, g, h},
                               "directions x " + gates + " x hidden_size",
                               emitError)))
    return failure();
  if (operands.b &&
      failed(checkOperandShape("b", *operands.b, {d, 2 * g},
                               "directions x 2*" + gates, emitError)))
    return failure();
  for (auto [name, shape] :
       {std::pair<StringRef, std::optional<ArrayRef<int64_t>>>{
            "initial_h", operands.initialH},
        {"initial_c", operands.initialC}})
    if (shape && failed(checkOperandShape(name, *shape, {d, batch, h},
                                          "directions x batch x hidden_size",
                                          emitError)))
      return failure();
  if (operands.peepholes &&
      failed(checkOperandShape("p", *operands.peepholes, {d, 3 * h},
                               "directions x 3*hidden_size", emitError)))
    return failure();
  return RecurrentResultShapes{{seq, d, batch, h}, {d, batch, h}};
}
