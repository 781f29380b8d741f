//===- nncc_run_test.cpp - The nncc-run tool end to end ---------*- C++ -*-===//
//
// Part of nncc.
//
// Runs the nncc-run binary on the fixture models with the tensors in data/
// and checks exit codes (0 ok, 1 model/input/mismatch, 2 usage) and the
// messages on stdout and stderr.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "tools/nncc-run/TensorFile.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <string>
#include <vector>

extern char **environ;

using namespace nnrt_test;

namespace {

struct ToolResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

std::string data(const std::string &name) {
  return std::string(NNRT_TEST_DATA_DIR) + "/" + name;
}

/// Runs nncc-run with `args`, capturing stdout and stderr in files.
ToolResult runTool(const std::vector<std::string> &args) {
  // Not makeScratchDir(): that would wipe the files the test prepared.
  std::string prefix =
      ::testing::TempDir() + "nncc-run-test-" + std::to_string(::getpid());
  std::string outPath = prefix + ".stdout", errPath = prefix + ".stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argStrings = {NNCC_RUN_PATH};
  argStrings.insert(argStrings.end(), args.begin(), args.end());
  std::vector<char *> argv;
  for (std::string &arg : argStrings)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  ToolResult result;
  pid_t pid = 0;
  int rc =
      posix_spawn(&pid, NNCC_RUN_PATH, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot start " << NNCC_RUN_PATH;
  if (rc != 0)
    return result;
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status)) << "nncc-run crashed";
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = readFile(outPath);
  result.err = readFile(errPath);
  std::remove(outPath.c_str());
  std::remove(errPath.c_str());
  return result;
}

#define EXPECT_CONTAINS(haystack, needle)                                      \
  EXPECT_NE((haystack).find(needle), std::string::npos)                        \
      << "'" << (haystack) << "' lacks '" << (needle) << "'"

} // namespace

//===----------------------------------------------------------------------===//
// Success
//===----------------------------------------------------------------------===//

TEST(NnccRunTest, MatchingOutputsExitZero) {
  ToolResult result =
      runTool({NNRT_FIXTURE_ADD, "--input", "a=" + data("add_a.npy"), "--input",
               "b=" + data("add_b.pb"), "--expect", data("add_y.npy"),
               data("add_diff.pb")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_CONTAINS(result.out, "output 'y': ok (max abs err 0, max rel err 0)");
  EXPECT_CONTAINS(result.out, "output 'diff:0': ok (");
  EXPECT_EQ(result.err, "");
}

TEST(NnccRunTest, PositionalInputsAndRepeatedExpect) {
  ToolResult result =
      runTool({NNRT_FIXTURE_ADD, "--input", data("add_a_v3.npy"), "--input",
               data("add_b_typed.pb"), "--expect", data("add_y.npy"),
               "--expect", data("add_diff.pb")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_CONTAINS(result.out, "output 'y': ok");
}

TEST(NnccRunTest, NamedAndPositionalMix) {
  // The unnamed --input is the first of its kind, so it feeds input 0 ('a').
  ToolResult result = runTool(
      {NNRT_FIXTURE_ADD, "--input=b=" + data("add_b.pb"), "--input",
       data("add_a.npy"), "--expect", data("add_y.npy"), data("add_diff.pb")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
}

TEST(NnccRunTest, SaveAndPrintOutputs) {
  std::string dir = makeScratchDir() + "/saved";
  ToolResult result =
      runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"), "--input",
               data("add_b.pb"), "--save-outputs", dir, "--print-outputs"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_CONTAINS(result.out,
                  "output 'y': f32[2,3] = [1.5, 1, 5.25, 14, 5, 0]");
  // The output name 'diff:0' is not a safe file name.
  EXPECT_EQ(readFile(dir + "/y.npy"), readFile(data("add_y.npy")));
  nncc::run::HostTensor diff;
  std::string error;
  ASSERT_TRUE(nncc::run::readTensorFile(dir + "/diff_0.npy", diff, error))
      << error;
  EXPECT_EQ(diff.getElementAsDouble(0), 0.5);
}

TEST(NnccRunTest, ArgmaxAndThreads) {
  ToolResult result =
      runTool({NNRT_FIXTURE_PARALLEL, "--input", data("parallel_x.npy"),
               "--threads", "2", "--print-outputs"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_CONTAINS(result.out, "output 'y': f32[64] = [0, 2, 4, 6, 8, 10, 12, "
                              "14, ... (64 values)]");
  EXPECT_CONTAINS(result.out, "output 'y': argmax: 41");
  // The fixture reports {num_threads, distinct threads seen}.
  EXPECT_CONTAINS(result.out, "output 'threads': i32[2] = [2, 2]");
}

TEST(NnccRunTest, RepeatPrintsTimes) {
  ToolResult result = runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"),
                               "--input", data("add_b.pb"), "--repeat", "5"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_CONTAINS(result.out, "median: ");
  EXPECT_CONTAINS(result.out, " ms\nmin: ");
  EXPECT_CONTAINS(result.out, " ms  max: ");
  // The add fixture asks for a 4 KiB workspace.
  EXPECT_CONTAINS(result.out, " ms\nworkspace: 4096 bytes (4.0 KiB)\n");
}

TEST(NnccRunTest, ProfilePrintsKernelTable) {
  std::string csv = makeScratchDir() + "/profile.csv";
  ToolResult result =
      runTool({NNRT_FIXTURE_PROFILE, "--input", data("add_a.npy"), "--repeat",
               "2", "--profile", "--profile-csv", csv});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_CONTAINS(result.out, "profile: 2 kernels, 2 timed runs\n");
  EXPECT_CONTAINS(result.out, "rank   id  kernel");
  EXPECT_CONTAINS(result.out, "fill_y0, fill_y1");
  EXPECT_CONTAINS(result.out, "memref.copy");
  EXPECT_CONTAINS(result.out, "(no ONNX node)");
  EXPECT_CONTAINS(result.out, "kernels: ");
  EXPECT_CONTAINS(result.out, " ms/run measured (");
  std::string table = readFile(csv);
  EXPECT_CONTAINS(table, "rank,id,kernel,nodes,flops,calls,");
  EXPECT_CONTAINS(table, ",0,fill,fill_y0;fill_y1,4,2,");
  EXPECT_CONTAINS(table, ",1,memref.copy,,0,2,");

  result = runTool({NNRT_FIXTURE_PROFILE, "--input", data("add_a.npy"),
                    "--profile", "--profile-top", "1"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_CONTAINS(result.out, "profile: 2 kernels, 1 timed run\n");
  EXPECT_CONTAINS(result.out, "  ... 1 more kernels: ");
}

TEST(NnccRunTest, ProfileNeedsAProfiledModel) {
  ToolResult result = runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"),
                               "--input", data("add_b.pb"), "--profile"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_CONTAINS(result.err, "was not built with --profile");
  EXPECT_EQ(result.out, "");
}

TEST(NnccRunTest, HelpExitsZero) {
  ToolResult result = runTool({"--help"});
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_CONTAINS(result.out, "usage: nncc-run MODEL.so [options]");
  EXPECT_CONTAINS(result.out, "--input [NAME=]FILE");
}

//===----------------------------------------------------------------------===//
// Exit code 1: model, inputs, mismatches
//===----------------------------------------------------------------------===//

TEST(NnccRunTest, MismatchExitsOne) {
  ToolResult result = runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"),
                               "--input", data("add_b.pb"), "--expect",
                               data("add_y_wrong.npy"), data("add_diff.pb")});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_CONTAINS(result.out, "output 'y': MISMATCH: 1 of 6 values differ "
                              "(max abs err 1, max rel err 1)");
  EXPECT_CONTAINS(result.out, "first mismatch at index 5 [1,2]: got 0, "
                              "expected 1");
  EXPECT_CONTAINS(result.out, "output 'diff:0': ok");
  EXPECT_CONTAINS(result.err, "nncc-run: error: outputs do not match");
}

TEST(NnccRunTest, LooseToleranceAcceptsMismatch) {
  ToolResult result =
      runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"), "--input",
               data("add_b.pb"), "--expect", data("add_y_wrong.npy"),
               data("add_diff.pb"), "--atol", "1", "--rtol=0"});
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
}

TEST(NnccRunTest, ExpectCountMustMatchOutputs) {
  ToolResult result =
      runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"), "--input",
               data("add_b.pb"), "--expect", data("add_y.npy")});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_CONTAINS(result.err, "nncc-run: error: got 1 --expect file for 2 "
                              "outputs ('y', 'diff:0')");
}

TEST(NnccRunTest, ExpectedShapeMismatch) {
  ToolResult result = runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"),
                               "--input", data("add_b.pb"), "--expect",
                               data("f64_2x3.npy"), data("add_diff.pb")});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_CONTAINS(result.err, "output 'y': expected f64[2,3] (from '");
  EXPECT_CONTAINS(result.err, "the model gives f32[2,3]");
}

TEST(NnccRunTest, BadModelExitsOne) {
  ToolResult missing = runTool({"/nonexistent/model.so"});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_EQ(missing.err, "nncc-run: error: cannot open model "
                         "'/nonexistent/model.so': no such file\n");
  ToolResult notModel = runTool({NNRT_FIXTURE_NO_QUERY});
  EXPECT_EQ(notModel.exitCode, 1);
  EXPECT_CONTAINS(notModel.err, "is not an nncc model");
  ToolResult future = runTool({NNRT_FIXTURE_ABI99});
  EXPECT_EQ(future.exitCode, 1);
  EXPECT_CONTAINS(future.err, "has ABI version 99");
}

TEST(NnccRunTest, MissingInputIsNamed) {
  ToolResult result =
      runTool({NNRT_FIXTURE_ADD, "--input", "a=" + data("add_a.npy")});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "nncc-run: error: no value for model input 'b' (give "
                        "it with --input b=FILE)\n");
}

TEST(NnccRunTest, InputErrors) {
  ToolResult unknownName =
      runTool({NNRT_FIXTURE_ADD, "--input", "c=" + data("add_a.npy")});
  EXPECT_EQ(unknownName.exitCode, 1);
  EXPECT_CONTAINS(unknownName.err, "the model has no input 'c' (inputs: 'a', "
                                   "'b')");
  ToolResult twice =
      runTool({NNRT_FIXTURE_ADD, "--input", "a=" + data("add_a.npy"), "--input",
               data("add_a.npy")});
  EXPECT_EQ(twice.exitCode, 1);
  EXPECT_CONTAINS(twice.err, "input 'a' is given more than once");
  ToolResult tooMany =
      runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"), "--input",
               data("add_a.npy"), "--input", data("add_a.npy")});
  EXPECT_EQ(tooMany.exitCode, 1);
  EXPECT_CONTAINS(tooMany.err, "too many inputs: the model has 2 inputs");
}

TEST(NnccRunTest, BadInputFilesExitOne) {
  std::string dir = makeScratchDir();
  std::string bytes = readFile(data("add_a.npy"));
  writeFile(dir + "/truncated.npy", bytes.substr(0, 100));
  ToolResult truncated =
      runTool({NNRT_FIXTURE_ADD, "--input", dir + "/truncated.npy", "--input",
               data("add_b.pb")});
  EXPECT_EQ(truncated.exitCode, 1);
  EXPECT_CONTAINS(truncated.err, "nncc-run: error: input 'a': '" + dir +
                                     "/truncated.npy': truncated .npy file");

  std::string pb = readFile(data("add_b.pb"));
  writeFile(dir + "/truncated.pb", pb.substr(0, pb.size() - 5));
  ToolResult badPb = runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"),
                              "--input", dir + "/truncated.pb"});
  EXPECT_EQ(badPb.exitCode, 1);
  EXPECT_CONTAINS(badPb.err, "nncc-run: error: input 'b': ");

  ToolResult fortran =
      runTool({NNRT_FIXTURE_ADD, "--input", data("fortran.npy"), "--input",
               data("add_b.pb")});
  EXPECT_EQ(fortran.exitCode, 1);
  EXPECT_CONTAINS(fortran.err, "fortran_order");

  ToolResult missingFile =
      runTool({NNRT_FIXTURE_ADD, "--input", "a=/nonexistent.npy", "--input",
               "b=" + data("add_b.pb")});
  EXPECT_EQ(missingFile.exitCode, 1);
  EXPECT_CONTAINS(missingFile.err, "input 'a': cannot open '/nonexistent.npy'");
}

TEST(NnccRunTest, ShapeAndDtypeErrorsComeFromTheRuntime) {
  ToolResult dtype = runTool({NNRT_FIXTURE_ADD, "--input", data("f64_2x3.npy"),
                              "--input", data("add_b.pb")});
  EXPECT_EQ(dtype.exitCode, 1);
  EXPECT_EQ(dtype.err, "nncc-run: error: input 'a': expected dtype f32, got "
                       "f64 (11)\n");
  ToolResult shape = runTool({NNRT_FIXTURE_ADD, "--input", data("add_a.npy"),
                              "--input", data("f16_3.npy")});
  EXPECT_EQ(shape.exitCode, 1);
  EXPECT_CONTAINS(shape.err, "input 'b': expected dtype f32, got f16");
  ToolResult rank =
      runTool({NNRT_FIXTURE_PARALLEL, "--input", data("add_a.npy")});
  EXPECT_EQ(rank.exitCode, 1);
  EXPECT_EQ(rank.err, "nncc-run: error: input 'x': expected rank 1, got 2\n");
}

TEST(NnccRunTest, RunFailureExitsOne) {
  ToolResult result =
      runTool({NNRT_FIXTURE_STATUS, "--input", data("i32_typed.pb")});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "nncc-run: error: model 'status' failed: "
                        "unimplemented (status 3)\n");
}

//===----------------------------------------------------------------------===//
// Exit code 2: usage
//===----------------------------------------------------------------------===//

TEST(NnccRunTest, UsageErrorsExitTwo) {
  struct Case {
    std::vector<std::string> args;
    const char *message;
  };
  const std::vector<Case> cases = {
      {{}, "no model given"},
      {{NNRT_FIXTURE_ADD, "--bogus"}, "unknown option '--bogus'"},
      {{NNRT_FIXTURE_ADD, "--input"}, "missing value for --input"},
      {{NNRT_FIXTURE_ADD, "--expect"}, "missing value for --expect"},
      {{NNRT_FIXTURE_ADD, "--rtol", "abc"},
       "invalid value 'abc' for --rtol (expected a finite number >= 0)"},
      {{NNRT_FIXTURE_ADD, "--atol=-1"}, "invalid value '-1' for --atol"},
      {{NNRT_FIXTURE_ADD, "--repeat", "0"},
       "invalid value '0' for --repeat (expected an integer >= 1)"},
      {{NNRT_FIXTURE_ADD, "--repeat", "3x"}, "invalid value '3x' for --repeat"},
      {{NNRT_FIXTURE_ADD, "--threads", "0"},
       "invalid value '0' for --threads (expected an integer from 1 to 256)"},
      {{NNRT_FIXTURE_ADD, "--print-outputs=yes"},
       "--print-outputs takes no value"},
      {{NNRT_FIXTURE_ADD, "other.so"}, "unexpected argument 'other.so'"},
      {{NNRT_FIXTURE_ADD, "--profile", "--profile-top", "0"},
       "invalid value '0' for --profile-top (expected an integer >= 1)"},
      {{NNRT_FIXTURE_ADD, "--profile-csv", "x.csv"},
       "--profile-csv needs --profile"},
      {{NNRT_FIXTURE_ADD, "--profile=1"}, "--profile takes no value"},
      {{NNRT_FIXTURE_ADD, "--versus"}, "missing value for --versus"},
      {{NNRT_FIXTURE_ADD, "--versus", NNRT_FIXTURE_ADD},
       "--versus needs --repeat"},
      {{NNRT_FIXTURE_ADD, "--versus", NNRT_FIXTURE_ADD, "--repeat", "2",
        "--profile"},
       "--versus and --profile cannot be combined"},
  };
  for (const Case &c : cases) {
    ToolResult result = runTool(c.args);
    EXPECT_EQ(result.exitCode, 2) << c.message;
    EXPECT_CONTAINS(result.err, std::string("nncc-run: error: ") + c.message);
    EXPECT_CONTAINS(result.err, "run 'nncc-run --help' for usage");
  }
}
