//===- TensorFile.h - Tensors in .npy and TensorProto files -----*- C++ -*-===//
//
// Part of nncc.
//
// Host-side tensors for nncc-run and their file formats: NumPy .npy (format
// versions 1 to 3, little-endian, C order) and ONNX TensorProto .pb files
// (raw_data or the typed repeated fields). Readers treat files as untrusted:
// every size is checked before memory is allocated or read, and every
// failure is reported as a message rather than an exception or a crash.
//
//===----------------------------------------------------------------------===//
#ifndef NNCC_TOOLS_NNCC_RUN_TENSORFILE_H
#define NNCC_TOOLS_NNCC_RUN_TENSORFILE_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace nncc::run {

/// A dense, row-major tensor in 64-byte aligned host memory.
class HostTensor {
public:
  HostTensor() = default;

  /// Allocates zeroed storage for `dtype` with `dims`. Returns false when the
  /// dtype is unknown, a dim is negative or the size overflows.
  bool allocate(uint32_t dtype, std::vector<int64_t> dims);

  uint32_t getDtype() const { return dtype; }
  const std::vector<int64_t> &getDims() const { return dims; }
  size_t getNumElements() const { return numElements; }
  size_t getByteSize() const { return byteSize; }
  uint8_t *getData() { return data.get(); }
  const uint8_t *getData() const { return data.get(); }

  /// Returns element `index` converted to double (f16/bf16 decoded).
  double getElementAsDouble(size_t index) const;

  /// Formats the element for messages ("1.5", "-3", "true").
  std::string formatElement(size_t index) const;

private:
  struct FreeDeleter {
    void operator()(uint8_t *ptr) const { std::free(ptr); }
  };
  uint32_t dtype = 0;
  std::vector<int64_t> dims;
  size_t numElements = 0;
  size_t byteSize = 0;
  std::unique_ptr<uint8_t, FreeDeleter> data;
};

/// Returns "f32[2,3]"-style text for messages; -1 dims print as '?'.
std::string formatType(uint32_t dtype, const std::vector<int64_t> &dims);

/// Returns "[2,3]"-style text for a shape.
std::string formatShape(const std::vector<int64_t> &dims);

/// Multiplies dims with overflow checks. Returns false on a negative dim or
/// overflow.
bool checkedNumElements(const std::vector<int64_t> &dims, size_t &out);

/// Decodes IEEE half and bfloat16 bit patterns.
float halfToFloat(uint16_t bits);
float bfloat16ToFloat(uint16_t bits);

/// Reads a tensor from `path`, which holds a .npy file (recognised by its
/// magic string) or an ONNX TensorProto. On failure returns false and sets
/// `error` to a message that names the file (the caller adds which tensor).
bool readTensorFile(const std::string &path, HostTensor &out,
                    std::string &error);

/// Parses an in-memory .npy file.
bool parseNpy(const std::string &bytes, HostTensor &out, std::string &error);

/// Parses an in-memory serialized onnx.TensorProto.
bool parseTensorProto(const std::string &bytes, HostTensor &out,
                      std::string &error);

/// Returns `tensor` as a version 1 .npy file, or false with `error` set for
/// a dtype NumPy cannot hold (bf16).
bool serializeNpy(const HostTensor &tensor, std::string &out,
                  std::string &error);

/// Writes `tensor` to `path` as .npy.
bool writeNpyFile(const std::string &path, const HostTensor &tensor,
                  std::string &error);

} // namespace nncc::run

#endif // NNCC_TOOLS_NNCC_RUN_TENSORFILE_H
