//===- tensor_file_test.cpp - nncc-run tensor files and compare -*- C++ -*-===//
//
// Part of nncc.
//
// The .npy and TensorProto readers against files written by NumPy and ONNX
// (data/, see data/generate.py) and against damaged files built here; the
// .npy writer; and the tolerance comparison.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "tools/nncc-run/Compare.h"
#include "tools/nncc-run/TensorFile.h"

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace nncc::run;
using namespace nnrt_test;

namespace {

std::string dataPath(const std::string &name) {
  return std::string(NNRT_TEST_DATA_DIR) + "/" + name;
}

/// Reads a data/ file and expects success.
HostTensor readData(const std::string &name) {
  HostTensor tensor;
  std::string error;
  EXPECT_TRUE(readTensorFile(dataPath(name), tensor, error)) << error;
  return tensor;
}

/// Parses in-memory .npy bytes and expects failure mentioning `fragment`.
void expectNpyError(const std::string &bytes, const std::string &fragment) {
  HostTensor tensor;
  std::string error;
  EXPECT_FALSE(parseNpy(bytes, tensor, error));
  EXPECT_NE(error.find(fragment), std::string::npos)
      << "error '" << error << "' lacks '" << fragment << "'";
}

/// Builds a .npy file with the given header dict text and data bytes.
std::string makeNpy(const std::string &dict, const std::string &data,
                    int major = 1) {
  std::string header = dict + "\n";
  std::string bytes("\x93NUMPY", 6);
  bytes += static_cast<char>(major);
  bytes += '\0';
  size_t length = header.size();
  bytes += static_cast<char>(length & 0xff);
  bytes += static_cast<char>((length >> 8) & 0xff);
  if (major > 1) {
    bytes += '\0';
    bytes += '\0';
  }
  return bytes + header + data;
}

std::vector<double> values(const HostTensor &tensor) {
  std::vector<double> result;
  for (size_t i = 0; i < tensor.getNumElements(); ++i)
    result.push_back(tensor.getElementAsDouble(i));
  return result;
}

} // namespace

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

TEST(NpyTest, ReadsNumpyVersions1To3) {
  for (const char *name : {"add_a.npy", "add_a_v2.npy", "add_a_v3.npy"}) {
    SCOPED_TRACE(name);
    HostTensor tensor = readData(name);
    EXPECT_EQ(tensor.getDtype(), static_cast<uint32_t>(NNRT_DTYPE_F32));
    EXPECT_EQ(tensor.getDims(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(values(tensor), (std::vector<double>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(tensor.getData()) % 64, 0u);
  }
}

TEST(NpyTest, ReadsOtherDtypes) {
  HostTensor f64 = readData("f64_2x3.npy");
  EXPECT_EQ(f64.getDtype(), static_cast<uint32_t>(NNRT_DTYPE_F64));
  HostTensor scalar = readData("i64_scalar.npy");
  EXPECT_EQ(scalar.getDtype(), static_cast<uint32_t>(NNRT_DTYPE_I64));
  EXPECT_TRUE(scalar.getDims().empty());
  EXPECT_EQ(values(scalar), (std::vector<double>{7}));
  HostTensor flags = readData("bool_4.npy");
  EXPECT_EQ(flags.getDtype(), static_cast<uint32_t>(NNRT_DTYPE_BOOL));
  EXPECT_EQ(values(flags), (std::vector<double>{1, 0, 1, 1}));
  HostTensor half = readData("f16_3.npy");
  EXPECT_EQ(half.getDtype(), static_cast<uint32_t>(NNRT_DTYPE_F16));
  EXPECT_EQ(values(half), (std::vector<double>{1.0, -2.5, 65504.0}));
}

TEST(NpyTest, RejectsFortranOrder) {
  HostTensor tensor;
  std::string error;
  EXPECT_FALSE(readTensorFile(dataPath("fortran.npy"), tensor, error));
  EXPECT_NE(error.find("fortran_order"), std::string::npos) << error;
  EXPECT_NE(error.find("fortran.npy"), std::string::npos) << error;
}

TEST(NpyTest, RejectsBigEndian) {
  HostTensor tensor;
  std::string error;
  EXPECT_FALSE(readTensorFile(dataPath("big_endian.npy"), tensor, error));
  EXPECT_NE(error.find("big-endian"), std::string::npos) << error;
}

TEST(NpyTest, RejectsTruncatedFiles) {
  std::string bytes = readFile(dataPath("add_a.npy"));
  ASSERT_EQ(bytes.size(), 152u);
  expectNpyError(bytes.substr(0, 7), "bad magic");
  expectNpyError(bytes.substr(0, 9), "incomplete header length");
  expectNpyError(bytes.substr(0, 60), "truncated .npy file (header");
  expectNpyError(bytes.substr(0, 140),
                 "truncated .npy file (f32[2,3] needs 24 bytes of data, file "
                 "has 12)");
  expectNpyError(bytes + "xx", "2 bytes after the data");
}

TEST(NpyTest, RejectsMalformedHeaders) {
  std::string six(24, '\0');
  expectNpyError(makeNpy("{'descr': '<f4', 'shape': (2, 3), }", six),
                 "lacks 'descr', 'fortran_order' or 'shape'");
  expectNpyError(makeNpy("['descr']", six), "expected '{'");
  expectNpyError(
      makeNpy(
          "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (6,)}",
          six),
      "structured dtypes");
  expectNpyError(
      makeNpy("{'descr': '<f4', 'fortran_order': 0, 'shape': (6,)}", six),
      "'fortran_order' is not True or False");
  expectNpyError(
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (-6,)}", six),
      "'shape' is not a tuple");
  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(99999999999999999999,)}",
                         six),
                 "'shape' is not a tuple");
  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4294967296, 4294967296, 4294967296)}",
                         six),
                 "is too large");
  expectNpyError(
      makeNpy("{'descr': '<c8', 'fortran_order': False, 'shape': (3,)}", six),
      "unsupported .npy dtype '<c8'");
  expectNpyError(
      makeNpy("{'descr': '<U4', 'fortran_order': False, 'shape': (1,)}", six),
      "unsupported .npy dtype '<U4'");
  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(6,), 'extra': 1}",
                         six),
                 "unexpected key 'extra'");
  std::string badVersion = makeNpy("{}", "");
  badVersion[6] = 4;
  expectNpyError(badVersion, "unsupported .npy format version 4");
}

TEST(NpyTest, AcceptsHandWrittenVariants) {
  std::string six(24, '\0');
  HostTensor tensor;
  std::string error;
  // Keys in another order, double quotes, no trailing comma, version 2.
  EXPECT_TRUE(parseNpy(makeNpy("{\"shape\": (2,3), \"fortran_order\": False, "
                               "\"descr\": \"<f4\"}",
                               six, 2),
                       tensor, error))
      << error;
  EXPECT_EQ(tensor.getDims(), (std::vector<int64_t>{2, 3}));
  // Zero-sized arrays have no data.
  EXPECT_TRUE(parseNpy(
      makeNpy("{'descr': '|u1', 'fortran_order': False, 'shape': (0, 5), }",
              ""),
      tensor, error))
      << error;
  EXPECT_EQ(tensor.getNumElements(), 0u);
}

TEST(NpyTest, WriteThenReadRoundTrips) {
  HostTensor original = readData("add_a.npy");
  std::string bytes, error;
  ASSERT_TRUE(serializeNpy(original, bytes, error)) << error;
  EXPECT_EQ(bytes, readFile(dataPath("add_a.npy")))
      << "the writer matches NumPy byte for byte";
  for (const char *name : {"i64_scalar.npy", "bool_4.npy", "f16_3.npy"}) {
    HostTensor tensor = readData(name);
    ASSERT_TRUE(serializeNpy(tensor, bytes, error)) << error;
    EXPECT_EQ(bytes, readFile(dataPath(name))) << name;
  }
  HostTensor vector;
  ASSERT_TRUE(vector.allocate(NNRT_DTYPE_I32, {5}));
  ASSERT_TRUE(serializeNpy(vector, bytes, error)) << error;
  EXPECT_NE(bytes.find("'shape': (5,)"), std::string::npos);
}

TEST(NpyTest, Bfloat16HasNoNpyForm) {
  HostTensor tensor;
  ASSERT_TRUE(tensor.allocate(NNRT_DTYPE_BF16, {2}));
  std::string bytes, error;
  EXPECT_FALSE(serializeNpy(tensor, bytes, error));
  EXPECT_EQ(error, "dtype bf16 has no .npy equivalent");
}

//===----------------------------------------------------------------------===//
// TensorProto
//===----------------------------------------------------------------------===//

TEST(TensorProtoTest, ReadsRawAndTypedFloats) {
  HostTensor raw = readData("add_b.pb");
  HostTensor typed = readData("add_b_typed.pb");
  std::vector<double> expected = {0.5, -1, 2.25, 10, 0, -6};
  for (const HostTensor *tensor : {&raw, &typed}) {
    EXPECT_EQ(tensor->getDtype(), static_cast<uint32_t>(NNRT_DTYPE_F32));
    EXPECT_EQ(tensor->getDims(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(values(*tensor), expected);
  }
}

TEST(TensorProtoTest, ReadsTypedFieldsOfEveryKind) {
  EXPECT_EQ(values(readData("f16_typed.pb")),
            (std::vector<double>{1.0, -2.5, 65504.0}));
  HostTensor i64 = readData("i64_typed.pb");
  EXPECT_EQ(i64.getDims(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(values(i64),
            (std::vector<double>{1, -2, 3, static_cast<double>(1ll << 40)}));
  EXPECT_EQ(values(readData("i8_typed.pb")),
            (std::vector<double>{-128, 0, 127}));
  EXPECT_EQ(values(readData("u8_raw.pb")), (std::vector<double>{0, 200, 255}));
  HostTensor flags = readData("bool_typed.pb");
  EXPECT_EQ(flags.getDtype(), static_cast<uint32_t>(NNRT_DTYPE_BOOL));
  EXPECT_EQ(values(flags), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(values(readData("f64_typed.pb")),
            (std::vector<double>{0.25, -1e300}));
  HostTensor u64 = readData("u64_typed.pb");
  EXPECT_EQ(u64.formatElement(1), "18446744073709551615");
  HostTensor i32 = readData("i32_typed.pb");
  EXPECT_EQ(values(i32), (std::vector<double>{3}));
}

TEST(TensorProtoTest, RejectsStrings) {
  HostTensor tensor;
  std::string error;
  EXPECT_FALSE(readTensorFile(dataPath("string.pb"), tensor, error));
  EXPECT_NE(error.find("unsupported data_type 8"), std::string::npos) << error;
}

TEST(TensorProtoTest, RejectsTruncatedProtobuf) {
  std::string bytes = readFile(dataPath("add_b.pb"));
  HostTensor tensor;
  std::string error;
  bool anyAccepted = false;
  // Every truncation is either a parse error or a size mismatch; none may
  // crash or yield a tensor of the original type.
  for (size_t length = 1; length < bytes.size(); ++length) {
    if (parseTensorProto(bytes.substr(0, length), tensor, error))
      anyAccepted = tensor.getDims() == std::vector<int64_t>{2, 3};
  }
  EXPECT_FALSE(anyAccepted);
  EXPECT_FALSE(
      parseTensorProto(bytes.substr(0, bytes.size() - 3), tensor, error));
  EXPECT_NE(error.find("does not parse"), std::string::npos) << error;
}

TEST(TensorProtoTest, RejectsSizeMismatches) {
  onnx::TensorProto proto;
  proto.set_data_type(onnx::TensorProto::FLOAT);
  proto.add_dims(2);
  proto.add_dims(3);
  proto.set_raw_data(std::string(20, '\0'));
  HostTensor tensor;
  std::string error;
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), tensor, error));
  EXPECT_EQ(error, "TensorProto raw_data has 20 bytes, f32[2,3] needs 24");

  proto.clear_raw_data();
  for (int i = 0; i < 5; ++i)
    proto.add_float_data(1.0f);
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), tensor, error));
  EXPECT_EQ(error, "TensorProto has 5 values in float_data, expected 6");

  proto.clear_float_data();
  proto.set_data_type(onnx::TensorProto::INT32);
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), tensor, error));
  EXPECT_EQ(error, "TensorProto has 0 values in int32_data, expected 6");

  proto.clear_dims();
  proto.add_dims(-2);
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), tensor, error));
  EXPECT_EQ(error, "TensorProto has invalid dims [?]");
}

TEST(TensorProtoTest, RejectsExternalData) {
  onnx::TensorProto proto;
  proto.set_data_type(onnx::TensorProto::FLOAT);
  proto.add_dims(1);
  proto.set_data_location(onnx::TensorProto::EXTERNAL);
  HostTensor tensor;
  std::string error;
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), tensor, error));
  EXPECT_EQ(error, "TensorProto with external data is not supported");
}

TEST(TensorFileTest, MissingEmptyAndDirectory) {
  HostTensor tensor;
  std::string error;
  EXPECT_FALSE(readTensorFile("/nonexistent/x.npy", tensor, error));
  EXPECT_EQ(error, "cannot open '/nonexistent/x.npy'");
  std::string dir = makeScratchDir();
  EXPECT_FALSE(readTensorFile(dir, tensor, error));
  EXPECT_EQ(error, "'" + dir + "' is a directory");
  writeFile(dir + "/empty.pb", "");
  EXPECT_FALSE(readTensorFile(dir + "/empty.pb", tensor, error));
  EXPECT_EQ(error, "'" + dir + "/empty.pb' is empty");
  writeFile(dir + "/garbage.pb", "\xff\xff\xff\xff garbage");
  EXPECT_FALSE(readTensorFile(dir + "/garbage.pb", tensor, error));
  EXPECT_NE(error.find("not a .npy file or a valid ONNX TensorProto"),
            std::string::npos)
      << error;
}

//===----------------------------------------------------------------------===//
// Compare and formatting
//===----------------------------------------------------------------------===//

namespace {
HostTensor makeF32(const std::vector<float> &data) {
  HostTensor tensor;
  EXPECT_TRUE(
      tensor.allocate(NNRT_DTYPE_F32, {static_cast<int64_t>(data.size())}));
  std::memcpy(tensor.getData(), data.data(), data.size() * sizeof(float));
  return tensor;
}
} // namespace

TEST(CompareTest, WithinTolerance) {
  HostTensor got = makeF32({1.0f, 2.0005f, 0.0f});
  HostTensor expected = makeF32({1.0f, 2.0f, 0.000005f});
  CompareResult result = compareTensors(got, expected, 1e-3, 1e-5);
  EXPECT_EQ(result.numMismatches, 0u);
  EXPECT_NEAR(result.maxAbsError, 0.0005, 1e-6);
}

TEST(CompareTest, ReportsFirstMismatch) {
  HostTensor got = makeF32({1, 2, 3.5f, 9});
  HostTensor expected = makeF32({1, 2, 3, 4});
  CompareResult result = compareTensors(got, expected, 1e-3, 1e-5);
  EXPECT_EQ(result.numMismatches, 2u);
  EXPECT_EQ(result.firstMismatch, 2u);
  EXPECT_DOUBLE_EQ(result.maxAbsError, 5.0);
  EXPECT_DOUBLE_EQ(result.maxRelError, 1.25);
}

TEST(CompareTest, NanAndInfinity) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  float inf = std::numeric_limits<float>::infinity();
  CompareResult same = compareTensors(makeF32({nan, inf, -inf}),
                                      makeF32({nan, inf, -inf}), 0, 0);
  EXPECT_EQ(same.numMismatches, 0u);
  EXPECT_EQ(same.maxAbsError, 0.0);
  CompareResult differ = compareTensors(makeF32({1, inf, nan, 0}),
                                        makeF32({nan, -inf, 1, 1e-30f}), 1, 1);
  EXPECT_EQ(differ.numMismatches, 3u);
  EXPECT_TRUE(std::isinf(differ.maxAbsError));
}

TEST(CompareTest, ZeroExpectedGivesInfiniteRelativeError) {
  CompareResult result =
      compareTensors(makeF32({0.5f}), makeF32({0.0f}), 1e-3, 1e-5);
  EXPECT_EQ(result.numMismatches, 1u);
  EXPECT_TRUE(std::isinf(result.maxRelError));
  EXPECT_EQ(formatError(result.maxRelError), "inf");
  EXPECT_EQ(formatError(1.25e-7), "1.2e-07");
}

TEST(CompareTest, FormatsIndicesAndTypes) {
  EXPECT_EQ(formatIndex({2, 3, 4}, 23), "[1,2,3]");
  EXPECT_EQ(formatIndex({}, 0), "[]");
  EXPECT_EQ(formatType(NNRT_DTYPE_F32, {-1, 3}), "f32[?,3]");
  EXPECT_EQ(formatShape({}), "[]");
}

TEST(CompareTest, HalfAndBfloat16Decode) {
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0xc100), -2.5f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
  EXPECT_EQ(halfToFloat(0x8000), -0.0f);
  EXPECT_TRUE(std::isinf(halfToFloat(0x7c00)));
  EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
  EXPECT_EQ(bfloat16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(bfloat16ToFloat(0xc020), -2.5f);
}
