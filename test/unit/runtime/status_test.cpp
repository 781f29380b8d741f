//===- status_test.cpp - nnrt_status_t and dtype helpers --------*- C++ -*-===//
//
// Part of nncc.
//
// Covers nnrt_status_code/message/free (public) with statuses made by the
// internal constructor, and nnrt_dtype_name/nnrt_dtype_size.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "runtime/src/status.h"

#include <gtest/gtest.h>

#include <string>

using namespace nnrt_test;

//===----------------------------------------------------------------------===//
// Status
//===----------------------------------------------------------------------===//

TEST(StatusTest, NullIsOk) {
  EXPECT_EQ(nnrt_status_code(nullptr), NNRT_STATUS_OK);
  EXPECT_STREQ(nnrt_status_message(nullptr), "ok");
}

TEST(StatusTest, FreeNullIsNoOp) { nnrt_status_free(nullptr); }

TEST(StatusTest, CarriesCodeAndFormattedMessage) {
  Status status(nnrt_status_make(NNRT_STATUS_OUT_OF_RANGE,
                                 "input '%s' dim %d: expected %d, got %d", "x",
                                 2, 224, 112));
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(codeOf(status), NNRT_STATUS_OUT_OF_RANGE);
  EXPECT_EQ(messageOf(status), "input 'x' dim 2: expected 224, got 112");
}

TEST(StatusTest, EveryErrorCodeRoundTrips) {
  for (nnrt_status_code_t code :
       {NNRT_STATUS_INVALID_ARGUMENT, NNRT_STATUS_OUT_OF_RANGE,
        NNRT_STATUS_UNIMPLEMENTED, NNRT_STATUS_RESOURCE_EXHAUSTED,
        NNRT_STATUS_INCOMPATIBLE, NNRT_STATUS_INTERNAL}) {
    Status status(nnrt_status_make(code, "code %d", static_cast<int>(code)));
    EXPECT_EQ(codeOf(status), code);
    EXPECT_EQ(messageOf(status), "code " + std::to_string(code));
  }
}

TEST(StatusTest, OkCodeBecomesInternal) {
  // A status object always describes an error; OK is NULL.
  Status status(nnrt_status_make(NNRT_STATUS_OK, "not an error"));
  EXPECT_EQ(codeOf(status), NNRT_STATUS_INTERNAL);
}

TEST(StatusTest, EmptyAndLongMessages) {
  Status empty(nnrt_status_make(NNRT_STATUS_INTERNAL, "%s", ""));
  EXPECT_EQ(messageOf(empty), "");
  std::string longText(10000, 'x');
  Status longStatus(
      nnrt_status_make(NNRT_STATUS_INTERNAL, "%s", longText.c_str()));
  EXPECT_EQ(messageOf(longStatus), longText);
}

TEST(StatusTest, CodeNames) {
  EXPECT_STREQ(nnrt_status_code_name(NNRT_STATUS_OK), "ok");
  EXPECT_STREQ(nnrt_status_code_name(NNRT_STATUS_INVALID_ARGUMENT),
               "invalid argument");
  EXPECT_STREQ(nnrt_status_code_name(NNRT_STATUS_INTERNAL), "internal");
  EXPECT_STREQ(nnrt_status_code_name(42), "unknown status");
  EXPECT_STREQ(nnrt_status_code_name(-1), "unknown status");
}

TEST(StatusTest, CodeValuesAreStable) {
  // Never renumbered: models return these values.
  EXPECT_EQ(NNRT_STATUS_OK, 0);
  EXPECT_EQ(NNRT_STATUS_INVALID_ARGUMENT, 1);
  EXPECT_EQ(NNRT_STATUS_OUT_OF_RANGE, 2);
  EXPECT_EQ(NNRT_STATUS_UNIMPLEMENTED, 3);
  EXPECT_EQ(NNRT_STATUS_RESOURCE_EXHAUSTED, 4);
  EXPECT_EQ(NNRT_STATUS_INCOMPATIBLE, 5);
  EXPECT_EQ(NNRT_STATUS_INTERNAL, 6);
}

//===----------------------------------------------------------------------===//
// Dtypes
//===----------------------------------------------------------------------===//

TEST(DtypeTest, NamesAndSizesOfEveryDtype) {
  struct Case {
    uint32_t dtype;
    const char *name;
    size_t size;
  };
  const Case cases[] = {
      {NNRT_DTYPE_F32, "f32", 4},   {NNRT_DTYPE_U8, "u8", 1},
      {NNRT_DTYPE_I8, "i8", 1},     {NNRT_DTYPE_U16, "u16", 2},
      {NNRT_DTYPE_I16, "i16", 2},   {NNRT_DTYPE_I32, "i32", 4},
      {NNRT_DTYPE_I64, "i64", 8},   {NNRT_DTYPE_BOOL, "bool", 1},
      {NNRT_DTYPE_F16, "f16", 2},   {NNRT_DTYPE_F64, "f64", 8},
      {NNRT_DTYPE_U32, "u32", 4},   {NNRT_DTYPE_U64, "u64", 8},
      {NNRT_DTYPE_BF16, "bf16", 2},
  };
  for (const Case &c : cases) {
    EXPECT_STREQ(nnrt_dtype_name(c.dtype), c.name) << c.dtype;
    EXPECT_EQ(nnrt_dtype_size(c.dtype), c.size) << c.dtype;
  }
}

TEST(DtypeTest, UnknownDtypesHaveNoSize) {
  for (uint32_t dtype : {0u, 8u, 14u, 15u, 17u, 1000u, 0xffffffffu}) {
    EXPECT_STREQ(nnrt_dtype_name(dtype), "unknown") << dtype;
    EXPECT_EQ(nnrt_dtype_size(dtype), 0u) << dtype;
  }
}

TEST(DtypeTest, ValuesMatchOnnx) {
  // The dtype codes are ONNX TensorProto.DataType values.
  EXPECT_EQ(NNRT_DTYPE_F32, 1);
  EXPECT_EQ(NNRT_DTYPE_I64, 7);
  EXPECT_EQ(NNRT_DTYPE_BOOL, 9);
  EXPECT_EQ(NNRT_DTYPE_F16, 10);
  EXPECT_EQ(NNRT_DTYPE_BF16, 16);
}
