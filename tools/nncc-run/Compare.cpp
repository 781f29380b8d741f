//===- Compare.cpp - Comparing outputs with expected values -----*- C++ -*-===//
//
// Part of nncc.
//
// Values are compared as doubles, which is exact for every dtype except
// 64-bit integers above 2^53 (not a concern for model outputs in practice).
//
//===----------------------------------------------------------------------===//
#include "tools/nncc-run/Compare.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace nncc::run {

CompareResult compareTensors(const HostTensor &got, const HostTensor &expected,
                             double rtol, double atol) {
  CompareResult result;
  size_t count = got.getNumElements();
  for (size_t i = 0; i < count; ++i) {
    double g = got.getElementAsDouble(i);
    double e = expected.getElementAsDouble(i);
    bool matches;
    double absError;
    if (std::isnan(g) || std::isnan(e)) {
      matches = std::isnan(g) && std::isnan(e);
      absError = matches ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (std::isinf(g) || std::isinf(e)) {
      matches = g == e;
      absError = matches ? 0.0 : std::numeric_limits<double>::infinity();
    } else {
      absError = std::fabs(g - e);
      matches = absError <= atol + rtol * std::fabs(e);
    }
    double relError = 0.0;
    if (absError > 0.0)
      relError = e != 0.0 && std::isfinite(e)
                     ? absError / std::fabs(e)
                     : std::numeric_limits<double>::infinity();
    if (absError > result.maxAbsError)
      result.maxAbsError = absError;
    if (relError > result.maxRelError)
      result.maxRelError = relError;
    if (!matches) {
      if (result.numMismatches == 0)
        result.firstMismatch = i;
      ++result.numMismatches;
    }
  }
  return result;
}

std::string formatIndex(const std::vector<int64_t> &dims, size_t flatIndex) {
  std::vector<int64_t> index(dims.size(), 0);
  for (size_t d = dims.size(); d-- > 0;) {
    int64_t dim = dims[d] > 0 ? dims[d] : 1;
    index[d] = static_cast<int64_t>(flatIndex % static_cast<size_t>(dim));
    flatIndex /= static_cast<size_t>(dim);
  }
  std::string text = "[";
  for (size_t d = 0; d < index.size(); ++d) {
    if (d)
      text += ",";
    text += std::to_string(index[d]);
  }
  return text + "]";
}

std::string formatError(double value) {
  if (std::isinf(value))
    return "inf";
  if (std::isnan(value))
    return "nan";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.2g", value);
  return buffer;
}

} // namespace nncc::run
