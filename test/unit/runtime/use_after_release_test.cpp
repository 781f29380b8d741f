//===- use_after_release_test.cpp - Stale model handles ---------*- C++ -*-===//
//
// Part of nncc.
//
// Using a model handle after nnrt_model_release() is undefined behaviour, as
// with free(): the handle's memory is gone, so the runtime cannot tell a
// stale pointer from a live one (nnrt.h says so). What is checked instead:
// the ASan configuration (NNCC_SANITIZE=address,undefined scripts/test)
// reports such a use as heap-use-after-free, so a caller's bug of this kind
// is found by running it under ASan. Other builds skip the death test.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace nnrt_test;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NNRT_TEST_HAS_ASAN 1
#endif
#endif

TEST(UseAfterReleaseTest, ReleasedHandleIsReportedByASan) {
#ifndef NNRT_TEST_HAS_ASAN
  GTEST_SKIP() << "only detectable in the ASan configuration";
#else
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        nnrt_model_t *model = nullptr;
        nnrt_status_t status =
            nnrt_model_load(NNRT_FIXTURE_ADD, nullptr, &model);
        if (status)
          std::abort();
        nnrt_model_release(model);
        // Deliberate misuse: a stale handle.
        volatile size_t n = nnrt_model_input_count(model);
        (void)n;
      },
      "heap-use-after-free");
#endif
}
