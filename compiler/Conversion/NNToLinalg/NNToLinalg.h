//===- NNToLinalg.h - nn to linalg conversion -------------------*- C++ -*-===//
//
// Part of nncc.
//
// Patterns lowering the nn dialect to linalg/tensor/arith/math on tensors,
// and the helpers shared by the per-family pattern files.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_COMPILER_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define NNCC_COMPILER_CONVERSION_NNTOLINALG_NNTOLINALG_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::nncc {

/// Type conversion of the lowering: tensors of unsigned integers (which nn
/// keeps, so ops know their signedness) become tensors of signless integers,
/// as arith requires; everything else is unchanged.
void populateNNToLinalgTypeConversions(TypeConverter &converter);

/// Adds all nn -> linalg lowering patterns.
void populateNNToLinalgConversionPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns);

// Per-family pattern sets (one file each).
void populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateConvPoolLoweringPatterns(const TypeConverter &converter,
                                      RewritePatternSet &patterns);
void populateMatMulLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateTensorLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateReduceLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateRecurrentLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);

namespace nn_to_linalg {

/// A statically shaped tensor.empty of `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   TypedAttr value);

/// Prepares `operand` for use in a linalg.generic with `numLoops` loops:
/// operand dim i iterates loop `loopDims[i]`. Dims of size 1 whose loop has
/// another extent (broadcast) are collapsed away, so the returned map is a
/// projected permutation. Returns the (possibly collapsed) value and its map.
std::pair<Value, AffineMap> broadcastOperand(OpBuilder &b, Location loc,
                                             Value operand,
                                             ArrayRef<unsigned> loopDims,
                                             ArrayRef<int64_t> loopBounds);

/// Right-aligned numpy broadcast of `operand` into an elementwise generic
/// over `outShape`.
std::pair<Value, AffineMap> broadcastElementwise(OpBuilder &b, Location loc,
                                                 Value operand,
                                                 ArrayRef<int64_t> outShape);

/// Builds an all-parallel elementwise linalg.generic producing `resultType`
/// from `operands` (numpy broadcasting). `body` gets the scalar operands.
Value buildElementwise(
    OpBuilder &b, Location loc, RankedTensorType resultType,
    ValueRange operands,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// Reduces `input` over `reducedDims` (sorted) with `combine(x, acc)`,
/// starting from `init`; the result has the remaining dims, in order.
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> reducedDims, TypedAttr init,
                     function_ref<Value(OpBuilder &, Location, Value, Value)>
                         combine);

/// The indexing map from `rank` loops to the dims not in `reducedDims`.
AffineMap reducedMap(MLIRContext *ctx, int64_t rank,
                     ArrayRef<int64_t> reducedDims);

/// Reshapes a static tensor to `type` with collapse/expand_shape.
Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    RankedTensorType type);

/// Float attribute `value` of type `t` (also for integer types).
TypedAttr scalarAttr(Type t, double value);

/// The lowest value of a float type (-inf), for max reductions.
TypedAttr lowestAttr(Type t);

} // namespace nn_to_linalg
} // namespace mlir::nncc

#endif // NNCC_COMPILER_CONVERSION_NNTOLINALG_NNTOLINALG_H
