//===- TensorFile.cpp - Tensors in .npy and TensorProto files ---*- C++ -*-===//
//
// Part of nncc.
//
// The .npy reader implements the format described in numpy/lib/format.py:
// magic "\x93NUMPY", a version byte pair, a little-endian header length (2
// bytes in version 1, 4 in versions 2 and 3), then a Python dict literal
// with 'descr', 'fortran_order' and 'shape'. Only the subset NumPy writes is
// accepted. The host is assumed little-endian, like the data in both
// formats.
//
//===----------------------------------------------------------------------===//
#include "tools/nncc-run/TensorFile.h"

#include "nnrt/nnrt.h"

#include <onnx/onnx_pb.h>

#include <cctype>
#include <cinttypes>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "nncc-run reads little-endian tensor files into host memory");

namespace nncc::run {

//===----------------------------------------------------------------------===//
// HostTensor
//===----------------------------------------------------------------------===//

bool checkedNumElements(const std::vector<int64_t> &dims, size_t &out) {
  size_t count = 1;
  for (int64_t dim : dims) {
    if (dim < 0)
      return false;
    size_t udim = static_cast<size_t>(dim);
    if (udim != 0 && count > std::numeric_limits<size_t>::max() / udim)
      return false;
    count *= udim;
  }
  out = count;
  return true;
}

bool HostTensor::allocate(uint32_t newDtype, std::vector<int64_t> newDims) {
  size_t elementSize = nnrt_dtype_size(newDtype);
  size_t count = 0;
  if (elementSize == 0 || !checkedNumElements(newDims, count) ||
      count > std::numeric_limits<size_t>::max() / elementSize - 64)
    return false;
  size_t bytes = count * elementSize;
  // aligned_alloc wants a multiple of the alignment; keep at least one line
  // so that empty tensors still get a unique, non-NULL pointer.
  size_t padded = (bytes + 63) / 64 * 64;
  uint8_t *memory =
      static_cast<uint8_t *>(std::aligned_alloc(64, padded ? padded : 64));
  if (!memory)
    return false;
  std::memset(memory, 0, padded ? padded : 64);
  data.reset(memory);
  dtype = newDtype;
  dims = std::move(newDims);
  numElements = count;
  byteSize = bytes;
  return true;
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1fu;
  uint32_t mantissa = bits & 0x3ffu;
  uint32_t result;
  if (exponent == 0x1f) { // inf or NaN
    result = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent == 0) {
    if (mantissa == 0) {
      result = sign;
    } else { // subnormal: renormalise
      int shift = 0;
      while (!(mantissa & 0x400u)) {
        mantissa <<= 1;
        ++shift;
      }
      mantissa &= 0x3ffu;
      result = sign | static_cast<uint32_t>(127 - 15 + 1 - shift) << 23 |
               (mantissa << 13);
    }
  } else {
    result = sign | (exponent + 127 - 15) << 23 | (mantissa << 13);
  }
  float value;
  std::memcpy(&value, &result, sizeof(value));
  return value;
}

float bfloat16ToFloat(uint16_t bits) {
  uint32_t result = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &result, sizeof(value));
  return value;
}

namespace {
/// Loads a T from possibly unaligned memory.
template <typename T> T load(const uint8_t *base, size_t index) {
  T value;
  std::memcpy(&value, base + index * sizeof(T), sizeof(T));
  return value;
}
} // namespace

double HostTensor::getElementAsDouble(size_t index) const {
  const uint8_t *base = data.get();
  switch (dtype) {
  case NNRT_DTYPE_F32:
    return load<float>(base, index);
  case NNRT_DTYPE_F64:
    return load<double>(base, index);
  case NNRT_DTYPE_F16:
    return halfToFloat(load<uint16_t>(base, index));
  case NNRT_DTYPE_BF16:
    return bfloat16ToFloat(load<uint16_t>(base, index));
  case NNRT_DTYPE_U8:
    return load<uint8_t>(base, index);
  case NNRT_DTYPE_I8:
    return load<int8_t>(base, index);
  case NNRT_DTYPE_U16:
    return load<uint16_t>(base, index);
  case NNRT_DTYPE_I16:
    return load<int16_t>(base, index);
  case NNRT_DTYPE_I32:
    return load<int32_t>(base, index);
  case NNRT_DTYPE_U32:
    return load<uint32_t>(base, index);
  case NNRT_DTYPE_I64:
    return static_cast<double>(load<int64_t>(base, index));
  case NNRT_DTYPE_U64:
    return static_cast<double>(load<uint64_t>(base, index));
  case NNRT_DTYPE_BOOL:
    return load<uint8_t>(base, index) ? 1.0 : 0.0;
  default:
    return 0.0;
  }
}

std::string HostTensor::formatElement(size_t index) const {
  char buffer[64];
  switch (dtype) {
  case NNRT_DTYPE_BOOL:
    return load<uint8_t>(data.get(), index) ? "true" : "false";
  case NNRT_DTYPE_I64:
    std::snprintf(buffer, sizeof(buffer), "%" PRId64,
                  load<int64_t>(data.get(), index));
    return buffer;
  case NNRT_DTYPE_U64:
    std::snprintf(buffer, sizeof(buffer), "%" PRIu64,
                  load<uint64_t>(data.get(), index));
    return buffer;
  default:
    std::snprintf(buffer, sizeof(buffer), "%.8g", getElementAsDouble(index));
    return buffer;
  }
}

std::string formatShape(const std::vector<int64_t> &dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i)
      text += ",";
    text += dims[i] < 0 ? "?" : std::to_string(dims[i]);
  }
  return text + "]";
}

std::string formatType(uint32_t dtype, const std::vector<int64_t> &dims) {
  return std::string(nnrt_dtype_name(dtype)) + formatShape(dims);
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

namespace {

const char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicSize = 6;

/// NumPy type strings ('descr' without the byte-order character) and the
/// dtype each maps to.
struct NpyType {
  const char *code;
  uint32_t dtype;
};
constexpr NpyType kNpyTypes[] = {
    {"f4", NNRT_DTYPE_F32}, {"f8", NNRT_DTYPE_F64}, {"f2", NNRT_DTYPE_F16},
    {"i1", NNRT_DTYPE_I8},  {"u1", NNRT_DTYPE_U8},  {"b1", NNRT_DTYPE_BOOL},
    {"i2", NNRT_DTYPE_I16}, {"u2", NNRT_DTYPE_U16}, {"i4", NNRT_DTYPE_I32},
    {"u4", NNRT_DTYPE_U32}, {"i8", NNRT_DTYPE_I64}, {"u8", NNRT_DTYPE_U64},
};

/// A cursor over the header's dict literal.
class NpyHeaderParser {
public:
  explicit NpyHeaderParser(const std::string &text) : text(text) {}

  /// Parses the dict into descr/fortranOrder/shape.
  bool parse(std::string &descr, bool &fortranOrder,
             std::vector<int64_t> &shape, std::string &error) {
    bool haveDescr = false, haveOrder = false, haveShape = false;
    skipSpace();
    if (!consume('{'))
      return fail("expected '{' at the start of the header", error);
    for (;;) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return fail("expected a quoted key in the header", error);
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'", error);
      skipSpace();
      if (key == "descr") {
        if (!parseString(descr))
          return fail("'descr' is not a simple type string (structured "
                      "dtypes are not supported)",
                      error);
        haveDescr = true;
      } else if (key == "fortran_order") {
        if (consumeWord("True"))
          fortranOrder = true;
        else if (consumeWord("False"))
          fortranOrder = false;
        else
          return fail("'fortran_order' is not True or False", error);
        haveOrder = true;
      } else if (key == "shape") {
        if (!parseShape(shape))
          return fail("'shape' is not a tuple of non-negative integers", error);
        haveShape = true;
      } else {
        return fail("unexpected key '" + key + "' in the header", error);
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return fail("expected ',' or '}' in the header", error);
    }
    if (!haveDescr || !haveOrder || !haveShape)
      return fail("the header lacks 'descr', 'fortran_order' or 'shape'",
                  error);
    return true;
  }

private:
  bool fail(const std::string &message, std::string &error) {
    error = "malformed .npy header: " + message;
    return false;
  }

  void skipSpace() {
    while (pos < text.size() &&
           std::isspace(static_cast<unsigned char>(text[pos])))
      ++pos;
  }

  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  bool consumeWord(const char *word) {
    size_t length = std::strlen(word);
    if (text.compare(pos, length, word) != 0)
      return false;
    pos += length;
    return true;
  }

  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string::npos)
      return false;
    out = text.substr(pos, end - pos);
    pos = end + 1;
    return true;
  }

  bool parseShape(std::vector<int64_t> &shape) {
    shape.clear();
    if (!consume('('))
      return false;
    for (;;) {
      skipSpace();
      if (consume(')'))
        return true;
      if (pos >= text.size() ||
          !std::isdigit(static_cast<unsigned char>(text[pos])))
        return false;
      int64_t value = 0;
      while (pos < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[pos]))) {
        int digit = text[pos++] - '0';
        if (value > (std::numeric_limits<int64_t>::max() - digit) / 10)
          return false;
        value = value * 10 + digit;
      }
      // Python 2 era files may write longs as "3L".
      consume('L');
      shape.push_back(value);
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')'))
        return true;
      return false;
    }
  }

  const std::string &text;
  size_t pos = 0;
};

uint32_t readLittleEndian(const std::string &bytes, size_t offset,
                          size_t width) {
  uint32_t value = 0;
  for (size_t i = 0; i < width; ++i)
    value |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[offset + i]))
             << (8 * i);
  return value;
}

} // namespace

bool parseNpy(const std::string &bytes, HostTensor &out, std::string &error) {
  if (bytes.size() < kNpyMagicSize + 2 ||
      bytes.compare(0, kNpyMagicSize, kNpyMagic) != 0) {
    error = "not a .npy file (bad magic string)";
    return false;
  }
  unsigned major = static_cast<uint8_t>(bytes[6]);
  if (major < 1 || major > 3) {
    error = "unsupported .npy format version " + std::to_string(major);
    return false;
  }
  size_t lengthWidth = major == 1 ? 2 : 4;
  size_t headerStart = 8 + lengthWidth;
  if (bytes.size() < headerStart) {
    error = "truncated .npy file (incomplete header length)";
    return false;
  }
  size_t headerLength = readLittleEndian(bytes, 8, lengthWidth);
  if (bytes.size() - headerStart < headerLength) {
    error = "truncated .npy file (header of " + std::to_string(headerLength) +
            " bytes, file has " + std::to_string(bytes.size() - headerStart) +
            ")";
    return false;
  }
  std::string header = bytes.substr(headerStart, headerLength);

  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
  NpyHeaderParser parser(header);
  if (!parser.parse(descr, fortranOrder, shape, error))
    return false;
  if (fortranOrder) {
    error = "fortran_order (column-major) .npy files are not supported; save "
            "the array with np.ascontiguousarray";
    return false;
  }
  if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '|' &&
                           descr[0] != '=' && descr[0] != '>')) {
    error = "unsupported .npy dtype '" + descr + "'";
    return false;
  }
  uint32_t dtype = NNRT_DTYPE_UNDEFINED;
  for (const NpyType &type : kNpyTypes)
    if (descr.compare(1, std::string::npos, type.code) == 0)
      dtype = type.dtype;
  if (dtype == NNRT_DTYPE_UNDEFINED) {
    error = "unsupported .npy dtype '" + descr + "'";
    return false;
  }
  if (descr[0] == '>' && nnrt_dtype_size(dtype) > 1) {
    error = "big-endian .npy data ('" + descr + "') is not supported";
    return false;
  }

  size_t count = 0;
  size_t elementSize = nnrt_dtype_size(dtype);
  if (!checkedNumElements(shape, count) ||
      count > std::numeric_limits<size_t>::max() / elementSize) {
    error = "the .npy shape " + formatShape(shape) + " is too large";
    return false;
  }
  size_t dataStart = headerStart + headerLength;
  size_t available = bytes.size() - dataStart;
  size_t needed = count * elementSize;
  if (available < needed) {
    error = "truncated .npy file (" + formatType(dtype, shape) + " needs " +
            std::to_string(needed) + " bytes of data, file has " +
            std::to_string(available) + ")";
    return false;
  }
  if (available > needed) {
    error = "the .npy file has " + std::to_string(available - needed) +
            " bytes after the data of " + formatType(dtype, shape);
    return false;
  }
  if (!out.allocate(dtype, shape)) {
    error = "out of memory for " + formatType(dtype, shape);
    return false;
  }
  if (needed)
    std::memcpy(out.getData(), bytes.data() + dataStart, needed);
  return true;
}

bool serializeNpy(const HostTensor &tensor, std::string &out,
                  std::string &error) {
  const char *code = nullptr;
  for (const NpyType &type : kNpyTypes)
    if (type.dtype == tensor.getDtype())
      code = type.code;
  if (!code) {
    error = std::string("dtype ") + nnrt_dtype_name(tensor.getDtype()) +
            " has no .npy equivalent";
    return false;
  }
  char order = nnrt_dtype_size(tensor.getDtype()) == 1 ? '|' : '<';
  std::string header = std::string("{'descr': '") + order + code +
                       "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.getDims().size(); ++i) {
    header += std::to_string(tensor.getDims()[i]);
    header += tensor.getDims().size() == 1
                  ? ","
                  : (i + 1 < tensor.getDims().size() ? ", " : "");
  }
  header += "), }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes, and
  // end with a newline, as NumPy does.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  if (header.size() > 0xffff) {
    error = "the .npy header is too long";
    return false;
  }
  out.assign(kNpyMagic, kNpyMagicSize);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char *>(tensor.getData()),
             tensor.getByteSize());
  return true;
}

bool writeNpyFile(const std::string &path, const HostTensor &tensor,
                  std::string &error) {
  std::string bytes;
  if (!serializeNpy(tensor, bytes, error))
    return false;
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    error = "cannot create '" + path + "'";
    return false;
  }
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) {
    error = "cannot write '" + path + "'";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// TensorProto
//===----------------------------------------------------------------------===//

namespace {

/// Copies `count` values of a repeated field into `out`, converting each
/// from the field's type to Element.
template <typename Element, typename Field>
void copyField(const Field &field, HostTensor &out) {
  uint8_t *data = out.getData();
  for (int i = 0; i < field.size(); ++i) {
    Element value = static_cast<Element>(field.Get(i));
    std::memcpy(data + static_cast<size_t>(i) * sizeof(Element), &value,
                sizeof(Element));
  }
}

/// Checks that a typed field holds exactly `expected` values.
template <typename Field>
bool checkFieldSize(const Field &field, const char *fieldName, size_t expected,
                    std::string &error) {
  if (static_cast<size_t>(field.size()) == expected)
    return true;
  error = "TensorProto has " + std::to_string(field.size()) + " values in " +
          fieldName + ", expected " + std::to_string(expected);
  return false;
}

} // namespace

bool parseTensorProto(const std::string &bytes, HostTensor &out,
                      std::string &error) {
  onnx::TensorProto proto;
  if (!proto.ParseFromString(bytes)) {
    error = "not a .npy file or a valid ONNX TensorProto (the protobuf does "
            "not parse; is the file truncated?)";
    return false;
  }
  uint32_t dtype = static_cast<uint32_t>(proto.data_type());
  if (proto.data_type() < 0 || nnrt_dtype_size(dtype) == 0) {
    error = "TensorProto has unsupported data_type " +
            std::to_string(proto.data_type());
    return false;
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL ||
      proto.external_data_size() > 0) {
    error = "TensorProto with external data is not supported";
    return false;
  }
  if (proto.has_segment()) {
    error = "segmented TensorProto is not supported";
    return false;
  }
  std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
  size_t count = 0;
  size_t elementSize = nnrt_dtype_size(dtype);
  if (!checkedNumElements(dims, count) ||
      count > std::numeric_limits<size_t>::max() / elementSize) {
    error = "TensorProto has invalid dims " + formatShape(dims);
    return false;
  }
  size_t needed = count * elementSize;

  if (proto.has_raw_data()) {
    if (proto.raw_data().size() != needed) {
      error = "TensorProto raw_data has " +
              std::to_string(proto.raw_data().size()) + " bytes, " +
              formatType(dtype, dims) + " needs " + std::to_string(needed);
      return false;
    }
    if (!out.allocate(dtype, dims)) {
      error = "out of memory for " + formatType(dtype, dims);
      return false;
    }
    if (needed)
      std::memcpy(out.getData(), proto.raw_data().data(), needed);
    return true;
  }

  // Typed fields: check the count first so a short file cannot make us
  // allocate a huge tensor.
  switch (dtype) {
  case NNRT_DTYPE_F32:
    if (!checkFieldSize(proto.float_data(), "float_data", count, error))
      return false;
    break;
  case NNRT_DTYPE_F64:
    if (!checkFieldSize(proto.double_data(), "double_data", count, error))
      return false;
    break;
  case NNRT_DTYPE_I64:
    if (!checkFieldSize(proto.int64_data(), "int64_data", count, error))
      return false;
    break;
  case NNRT_DTYPE_U32:
  case NNRT_DTYPE_U64:
    if (!checkFieldSize(proto.uint64_data(), "uint64_data", count, error))
      return false;
    break;
  default: // every type stored in int32_data, 16-bit floats as bit patterns
    if (!checkFieldSize(proto.int32_data(), "int32_data", count, error))
      return false;
    break;
  }
  if (!out.allocate(dtype, dims)) {
    error = "out of memory for " + formatType(dtype, dims);
    return false;
  }
  switch (dtype) {
  case NNRT_DTYPE_F32:
    copyField<float>(proto.float_data(), out);
    break;
  case NNRT_DTYPE_F64:
    copyField<double>(proto.double_data(), out);
    break;
  case NNRT_DTYPE_I64:
    copyField<int64_t>(proto.int64_data(), out);
    break;
  case NNRT_DTYPE_U32:
    copyField<uint32_t>(proto.uint64_data(), out);
    break;
  case NNRT_DTYPE_U64:
    copyField<uint64_t>(proto.uint64_data(), out);
    break;
  case NNRT_DTYPE_I32:
    copyField<int32_t>(proto.int32_data(), out);
    break;
  case NNRT_DTYPE_I16:
    copyField<int16_t>(proto.int32_data(), out);
    break;
  case NNRT_DTYPE_I8:
    copyField<int8_t>(proto.int32_data(), out);
    break;
  case NNRT_DTYPE_U16:
  case NNRT_DTYPE_F16:
  case NNRT_DTYPE_BF16:
    copyField<uint16_t>(proto.int32_data(), out);
    break;
  case NNRT_DTYPE_U8:
    copyField<uint8_t>(proto.int32_data(), out);
    break;
  case NNRT_DTYPE_BOOL: {
    // Normalise to 0/1 so the model sees valid booleans.
    uint8_t *data = out.getData();
    for (int i = 0; i < proto.int32_data_size(); ++i)
      data[i] = proto.int32_data(i) != 0;
    break;
  }
  default:
    break;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

bool readTensorFile(const std::string &path, HostTensor &out,
                    std::string &error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "'" + path + "' is a directory";
    return false;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "cannot open '" + path + "'";
    return false;
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad()) {
    error = "cannot read '" + path + "'";
    return false;
  }
  std::string bytes = contents.str();
  if (bytes.empty()) {
    error = "'" + path + "' is empty";
    return false;
  }
  bool ok = bytes.compare(0, kNpyMagicSize, kNpyMagic) == 0
                ? parseNpy(bytes, out, error)
                : parseTensorProto(bytes, out, error);
  if (!ok)
    error = "'" + path + "': " + error;
  return ok;
}

} // namespace nncc::run
