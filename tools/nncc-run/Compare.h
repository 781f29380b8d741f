//===- Compare.h - Comparing outputs with expected values -------*- C++ -*-===//
//
// Part of nncc.
//
// Element-wise comparison with a mixed tolerance, as numpy.allclose and the
// ONNX backend tests do: an element matches when
// |got - expected| <= atol + rtol * |expected|. NaN matches NaN and an
// infinity matches the same infinity.
//
//===----------------------------------------------------------------------===//
#ifndef NNCC_TOOLS_NNCC_RUN_COMPARE_H
#define NNCC_TOOLS_NNCC_RUN_COMPARE_H

#include "tools/nncc-run/TensorFile.h"

#include <cstddef>
#include <string>

namespace nncc::run {

/// Outcome of comparing two tensors of the same dtype and shape.
struct CompareResult {
  size_t numMismatches = 0;
  /// Largest |got - expected| and |got - expected| / |expected| over the
  /// elements that are not both NaN or equal infinities; the relative error
  /// of a non-zero difference from 0 is infinite.
  double maxAbsError = 0.0;
  double maxRelError = 0.0;
  /// Index (row-major) of the first mismatching element, if any.
  size_t firstMismatch = 0;
};

/// Compares `got` with `expected`; both must have the same dtype and dims.
CompareResult compareTensors(const HostTensor &got, const HostTensor &expected,
                             double rtol, double atol);

/// Formats a flat index as a multi-index, e.g. "[0,2,1]".
std::string formatIndex(const std::vector<int64_t> &dims, size_t flatIndex);

/// Formats an error value compactly ("1.2e-07", "inf", "nan").
std::string formatError(double value);

} // namespace nncc::run

#endif // NNCC_TOOLS_NNCC_RUN_COMPARE_H
