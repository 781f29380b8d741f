//===- nncc-run.cpp - Run a compiled model on tensor files ------*- C++ -*-===//
//
// Part of nncc.
//
// nncc-run loads a model.so through libnnrt, feeds it inputs from .npy or
// ONNX TensorProto files, and optionally compares the outputs with expected
// files, saves or prints them, and times repeated runs. It is the tool the
// e2e tests and the benchmarks drive.
//
// Exit codes: 0 ok; 1 bad model, bad input, run failure or mismatch; 2 bad
// usage. Errors go to stderr as "nncc-run: error: ..."; results to stdout.
// Exceptions (only std::bad_alloc and the like are possible) are caught in
// main and reported as errors.
//
//===----------------------------------------------------------------------===//
#include "tools/nncc-run/Compare.h"
#include "tools/nncc-run/TensorFile.h"

#include "nnrt/nnrt.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace nncc::run;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char kUsage[] =
    "usage: nncc-run MODEL.so [options]\n"
    "\n"
    "Runs a model compiled by nncc on tensors read from files, and optionally\n"
    "compares its outputs with expected values.\n"
    "\n"
    "options:\n"
    "  --input [NAME=]FILE  an input tensor, from a NumPy .npy file or an "
    "ONNX\n"
    "                       TensorProto .pb file; without NAME=, the Nth such\n"
    "                       --input feeds the Nth model input\n"
    "  --expect FILE...     expected outputs, one per output in output order\n"
    "                       (repeat the flag or list several files after it)\n"
    "  --rtol R             relative tolerance (default 1e-3)\n"
    "  --atol A             absolute tolerance (default 1e-5); an element\n"
    "                       matches when |got - exp| <= atol + rtol * |exp|\n"
    "  --save-outputs DIR   write each output to DIR/NAME.npy\n"
    "  --print-outputs      print each output's shape and first values\n"
    "  --repeat N           run once to warm up, then N timed runs, and print\n"
    "                       the median, min and max time and the size of the\n"
    "                       model's workspace (its temporaries)\n"
    "  --threads N          run on N threads, the caller included (default 1)\n"
    "  --versus OTHER.so    with --repeat: also time OTHER.so (same inputs and\n"
    "                       output types), alternating the two run by run, so\n"
    "                       that both see the same load on a noisy machine;\n"
    "                       print its times and the median of the per-pair\n"
    "                       ratios OTHER / MODEL, and check its outputs\n"
    "                       against MODEL's (--rtol, --atol)\n"
    "  --profile            for a model built with `nncc --profile`: after the\n"
    "                       warm-up run, time every kernel over the timed\n"
    "                       runs (--repeat, default 1) and print a table\n"
    "                       sorted by time: kernel, source ONNX nodes, ms per\n"
    "                       run, GFLOP/s, % of the kernels' total\n"
    "  --profile-top N      print only the N slowest kernels (default all)\n"
    "  --profile-csv FILE   also write every kernel's row to FILE as CSV\n"
    "  --help               print this help\n"
    "\n"
    "exit status: 0 ok; 1 bad model, bad input, failed run or mismatch;\n"
    "2 bad usage\n";

/// Everything the command line asks for.
struct Options {
  std::string modelPath;
  std::vector<std::string> inputs; // "[NAME=]FILE" as given
  std::vector<std::string> expects;
  double rtol = 1e-3;
  double atol = 1e-5;
  std::optional<std::string> saveDir;
  bool printOutputs = false;
  std::optional<int64_t> repeat;
  std::optional<uint32_t> threads;
  std::optional<std::string> versus;
  bool profile = false;
  std::optional<int64_t> profileTop;
  std::optional<std::string> profileCsv;
  bool help = false;
};

/// Prints "nncc-run: error: MESSAGE" and returns `code`.
int reportError(int code, const std::string &message) {
  std::fprintf(stderr, "nncc-run: error: %s\n", message.c_str());
  if (code == kExitUsage)
    std::fprintf(stderr, "run 'nncc-run --help' for usage\n");
  return code;
}

/// Owns an nnrt status and turns it into a message.
struct StatusDeleter {
  void operator()(nnrt_status *status) const { nnrt_status_free(status); }
};
using StatusPtr = std::unique_ptr<nnrt_status, StatusDeleter>;

struct ModelDeleter {
  void operator()(nnrt_model_t *model) const { nnrt_model_release(model); }
};
using ModelPtr = std::unique_ptr<nnrt_model_t, ModelDeleter>;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

bool parseDouble(const std::string &text, double &out) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || *end != '\0' || !std::isfinite(value) || value < 0)
    return false;
  out = value;
  return true;
}

bool parseInt(const std::string &text, int64_t min, int64_t max, int64_t &out) {
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) ||
                        text[0] == '-' || text[0] == '+'))
    return false;
  char *end = nullptr;
  errno = 0;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || value < min || value > max)
    return false;
  out = value;
  return true;
}

/// Parses argv into `options`. Returns an empty string or a usage error.
std::string parseCommandLine(int argc, char **argv, Options &options) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      if (!options.modelPath.empty())
        return "unexpected argument '" + arg + "' (the model is already '" +
               options.modelPath + "')";
      options.modelPath = arg;
      continue;
    }
    // Accept both "--flag value" and "--flag=value".
    std::string flag = arg;
    std::optional<std::string> inlineValue;
    size_t equals = arg.find('=');
    if (arg.rfind("--", 0) == 0 && equals != std::string::npos) {
      flag = arg.substr(0, equals);
      inlineValue = arg.substr(equals + 1);
    }
    auto takesValue = [&](std::string &value) -> std::string {
      if (inlineValue) {
        value = *inlineValue;
        return value.empty() ? "missing value for " + flag : "";
      }
      if (i + 1 >= args.size())
        return "missing value for " + flag;
      value = args[++i];
      return "";
    };
    auto noValue = [&]() -> std::string {
      return inlineValue ? flag + " takes no value" : "";
    };

    std::string value, error;
    if (flag == "--help" || flag == "-h") {
      if (!(error = noValue()).empty())
        return error;
      options.help = true;
    } else if (flag == "--input") {
      if (!(error = takesValue(value)).empty())
        return error;
      options.inputs.push_back(value);
    } else if (flag == "--expect") {
      if (inlineValue) {
        if (inlineValue->empty())
          return "missing value for --expect";
        options.expects.push_back(*inlineValue);
      }
      // Every following argument up to the next flag is an expected file.
      size_t before = options.expects.size();
      while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0)
        options.expects.push_back(args[++i]);
      if (!inlineValue && options.expects.size() == before)
        return "missing value for --expect";
    } else if (flag == "--rtol" || flag == "--atol") {
      if (!(error = takesValue(value)).empty())
        return error;
      double &target = flag == "--rtol" ? options.rtol : options.atol;
      if (!parseDouble(value, target))
        return "invalid value '" + value + "' for " + flag +
               " (expected a finite number >= 0)";
    } else if (flag == "--save-outputs") {
      if (!(error = takesValue(value)).empty())
        return error;
      options.saveDir = value;
    } else if (flag == "--print-outputs") {
      if (!(error = noValue()).empty())
        return error;
      options.printOutputs = true;
    } else if (flag == "--repeat") {
      if (!(error = takesValue(value)).empty())
        return error;
      int64_t repeat = 0;
      if (!parseInt(value, 1, 1000000000, repeat))
        return "invalid value '" + value +
               "' for --repeat (expected an integer >= 1)";
      options.repeat = repeat;
    } else if (flag == "--threads") {
      if (!(error = takesValue(value)).empty())
        return error;
      int64_t threads = 0;
      if (!parseInt(value, 1, NNRT_MAX_THREADS, threads))
        return "invalid value '" + value +
               "' for --threads (expected an integer from 1 to " +
               std::to_string(NNRT_MAX_THREADS) + ")";
      options.threads = static_cast<uint32_t>(threads);
    } else if (flag == "--versus") {
      if (!(error = takesValue(value)).empty())
        return error;
      options.versus = value;
    } else if (flag == "--profile") {
      if (!(error = noValue()).empty())
        return error;
      options.profile = true;
    } else if (flag == "--profile-top") {
      if (!(error = takesValue(value)).empty())
        return error;
      int64_t top = 0;
      if (!parseInt(value, 1, 1000000000, top))
        return "invalid value '" + value +
               "' for --profile-top (expected an integer >= 1)";
      options.profileTop = top;
    } else if (flag == "--profile-csv") {
      if (!(error = takesValue(value)).empty())
        return error;
      options.profileCsv = value;
    } else {
      return "unknown option '" + arg + "'";
    }
  }
  if (!options.help && options.modelPath.empty())
    return "no model given";
  if (options.versus && !options.repeat)
    return "--versus needs --repeat";
  if (options.versus && options.profile)
    return "--versus and --profile cannot be combined";
  if (!options.profile && (options.profileTop || options.profileCsv))
    return std::string(options.profileTop ? "--profile-top" : "--profile-csv") +
           " needs --profile";
  return "";
}

//===----------------------------------------------------------------------===//
// Model I/O
//===----------------------------------------------------------------------===//

/// One model input or output as the runtime describes it.
struct TensorInfo {
  std::string name;
  uint32_t dtype = 0;
  std::vector<int64_t> dims;
};

std::vector<TensorInfo> describeTensors(const nnrt_model_t *model,
                                        bool inputs) {
  size_t count =
      inputs ? nnrt_model_input_count(model) : nnrt_model_output_count(model);
  std::vector<TensorInfo> infos;
  for (size_t i = 0; i < count; ++i) {
    nnrt_tensor_desc_t desc;
    std::memset(&desc, 0, sizeof(desc));
    desc.struct_size = sizeof(desc);
    // Cannot fail: the index is in range and the arguments are valid.
    StatusPtr status(inputs ? nnrt_model_input_desc(model, i, &desc)
                            : nnrt_model_output_desc(model, i, &desc));
    TensorInfo info;
    if (!status) {
      info.name = desc.name;
      info.dtype = desc.dtype;
      info.dims.assign(desc.dims, desc.dims + desc.rank);
    }
    infos.push_back(std::move(info));
  }
  return infos;
}

nnrt_tensor_t makeTensorArg(HostTensor &tensor) {
  nnrt_tensor_t arg;
  std::memset(&arg, 0, sizeof(arg));
  arg.struct_size = sizeof(arg);
  arg.dtype = tensor.getDtype();
  arg.rank = static_cast<uint32_t>(tensor.getDims().size());
  arg.dims = tensor.getDims().data();
  arg.data = tensor.getData();
  arg.byte_size = tensor.getByteSize();
  return arg;
}

std::string joinNames(const std::vector<TensorInfo> &infos) {
  std::string text;
  for (const TensorInfo &info : infos)
    text += (text.empty() ? "'" : ", '") + info.name + "'";
  return text.empty() ? "none" : text;
}

std::string plural(size_t count, const char *noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

/// `bytes` as "N bytes", followed by " (X.Y KiB)" (or MiB, GiB) from 1 KiB,
/// as nncc --print-memory-plan prints sizes.
std::string formatBytes(uint64_t bytes) {
  std::string text = std::to_string(bytes) + " bytes";
  const char *units[] = {"KiB", "MiB", "GiB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (unit < 2 && value >= 1024.0) {
    value /= 1024.0;
    ++unit;
  }
  if (unit >= 0) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), " (%.1f %s)", value, units[unit]);
    text += buffer;
  }
  return text;
}

/// Reads every --input file into `tensors` (model order). Returns an empty
/// string or an error message.
std::string loadInputs(const Options &options,
                       const std::vector<TensorInfo> &infos,
                       std::vector<HostTensor> &tensors) {
  std::vector<std::optional<std::string>> files(infos.size());
  size_t nextPositional = 0;
  for (const std::string &spec : options.inputs) {
    // "NAME=FILE" when NAME is a model input; otherwise the whole text is a
    // file (paths may contain '=' too).
    std::optional<size_t> index;
    std::string file = spec;
    size_t equals = spec.find('=');
    if (equals != std::string::npos) {
      std::string name = spec.substr(0, equals);
      for (size_t i = 0; i < infos.size(); ++i)
        if (infos[i].name == name)
          index = i;
      if (index) {
        file = spec.substr(equals + 1);
      } else {
        std::error_code ec;
        if (!std::filesystem::exists(spec, ec))
          return "--input '" + spec + "': the model has no input '" + name +
                 "' (inputs: " + joinNames(infos) + ")";
      }
    }
    if (!index) {
      if (nextPositional >= infos.size())
        return "too many inputs: the model has " +
               plural(infos.size(), "input") + " (" + joinNames(infos) + ")";
      index = nextPositional++;
    }
    if (files[*index])
      return "input '" + infos[*index].name + "' is given more than once";
    files[*index] = file;
  }

  tensors.resize(infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    if (!files[i])
      return "no value for model input '" + infos[i].name +
             "' (give it with --input " + infos[i].name + "=FILE)";
    std::string error;
    if (!readTensorFile(*files[i], tensors[i], error))
      return "input '" + infos[i].name + "': " + error;
  }
  return "";
}

/// Allocates one buffer per output. Returns an empty string or an error.
std::string allocateOutputs(const std::vector<TensorInfo> &infos,
                            std::vector<HostTensor> &tensors) {
  tensors.resize(infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    const TensorInfo &info = infos[i];
    if (std::any_of(info.dims.begin(), info.dims.end(),
                    [](int64_t dim) { return dim < 0; }))
      return "output '" + info.name + "' has a dynamic shape " +
             formatShape(info.dims) + ", which nncc-run cannot size";
    if (!tensors[i].allocate(info.dtype, info.dims))
      return "output '" + info.name + "': cannot allocate " +
             formatType(info.dtype, info.dims);
  }
  return "";
}

/// Replaces characters outside [A-Za-z0-9._-] so a tensor name is a safe
/// file name.
std::string sanitizeFileName(const std::string &name) {
  std::string result = name;
  for (char &c : result)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' &&
        c != '-')
      c = '_';
  if (result.empty() || result == "." || result == "..")
    result = "_" + result;
  return result;
}

void printOutput(const TensorInfo &info, const HostTensor &tensor) {
  constexpr size_t kMaxValues = 8;
  std::string text = "output '" + info.name +
                     "': " + formatType(tensor.getDtype(), tensor.getDims()) +
                     " = [";
  size_t count = tensor.getNumElements();
  for (size_t i = 0; i < count && i < kMaxValues; ++i)
    text += (i ? ", " : "") + tensor.formatElement(i);
  if (count > kMaxValues)
    text += ", ... (" + std::to_string(count) + " values)";
  text += "]";
  std::printf("%s\n", text.c_str());

  // Classifier-style outputs get their argmax, the usual thing to check.
  const std::vector<int64_t> &dims = tensor.getDims();
  bool vector = dims.size() == 1 || (dims.size() == 2 && dims[0] == 1);
  if (vector && count > 0 && tensor.getDtype() != NNRT_DTYPE_BOOL) {
    size_t best = 0;
    for (size_t i = 1; i < count; ++i)
      if (tensor.getElementAsDouble(i) > tensor.getElementAsDouble(best))
        best = i;
    std::printf("output '%s': argmax: %zu\n", info.name.c_str(), best);
  }
}

/// Compares every output with its --expect file; prints a line per output.
/// Returns the exit code.
/// "max abs err A, max rel err R" of a comparison.
std::string errorSummary(const CompareResult &result) {
  return "max abs err " + formatError(result.maxAbsError) + ", max rel err " +
         formatError(result.maxRelError);
}

int checkOutputs(const Options &options, const std::vector<TensorInfo> &infos,
                 const std::vector<HostTensor> &outputs) {
  if (options.expects.size() != infos.size())
    return reportError(
        kExitFailure, "got " + plural(options.expects.size(), "--expect file") +
                          " for " + plural(infos.size(), "output") + " (" +
                          joinNames(infos) + ")");
  int exitCode = kExitOk;
  for (size_t i = 0; i < infos.size(); ++i) {
    const std::string &name = infos[i].name;
    HostTensor expected;
    std::string error;
    if (!readTensorFile(options.expects[i], expected, error)) {
      reportError(kExitFailure, "expected output '" + name + "': " + error);
      exitCode = kExitFailure;
      continue;
    }
    const HostTensor &got = outputs[i];
    if (expected.getDtype() != got.getDtype() ||
        expected.getDims() != got.getDims()) {
      reportError(kExitFailure,
                  "output '" + name + "': expected " +
                      formatType(expected.getDtype(), expected.getDims()) +
                      " (from '" + options.expects[i] + "'), the model gives " +
                      formatType(got.getDtype(), got.getDims()));
      exitCode = kExitFailure;
      continue;
    }
    CompareResult result =
        compareTensors(got, expected, options.rtol, options.atol);
    std::string errors = errorSummary(result);
    if (result.numMismatches == 0) {
      std::printf("output '%s': ok (%s)\n", name.c_str(), errors.c_str());
      continue;
    }
    size_t at = result.firstMismatch;
    std::printf("output '%s': MISMATCH: %zu of %zu values differ (%s)\n"
                "  first mismatch at index %zu %s: got %s, expected %s "
                "(rtol %g, atol %g)\n",
                name.c_str(), result.numMismatches, got.getNumElements(),
                errors.c_str(), at, formatIndex(got.getDims(), at).c_str(),
                got.formatElement(at).c_str(),
                expected.formatElement(at).c_str(), options.rtol, options.atol);
    exitCode = kExitFailure;
  }
  if (exitCode != kExitOk) {
    std::fflush(stdout); // keep the per-output report before the summary
    reportError(kExitFailure, "outputs do not match");
  }
  return exitCode;
}

//===----------------------------------------------------------------------===//
// Profile
//===----------------------------------------------------------------------===//

/// One kernel of a profiled model after the timed runs.
struct KernelRow {
  size_t id = 0;
  std::string name;
  std::vector<std::string> nodes;
  uint64_t flops = 0;
  uint64_t totalNs = 0;
  uint64_t calls = 0;
};

std::vector<KernelRow> readProfile(const nnrt_model_t *model) {
  std::vector<KernelRow> rows;
  size_t count = nnrt_model_profile_kernel_count(model);
  for (size_t i = 0; i < count; ++i) {
    nnrt_profile_kernel_t kernel;
    std::memset(&kernel, 0, sizeof(kernel));
    kernel.struct_size = sizeof(kernel);
    // Cannot fail: the index is in range and the arguments are valid.
    StatusPtr status(nnrt_model_profile_kernel(model, i, &kernel));
    if (status)
      continue;
    KernelRow row;
    row.id = i;
    row.name = kernel.name;
    row.nodes.assign(kernel.nodes, kernel.nodes + kernel.num_nodes);
    row.flops = kernel.flops;
    row.totalNs = kernel.total_ns;
    row.calls = kernel.calls;
    rows.push_back(std::move(row));
  }
  return rows;
}

/// "a, b" for up to two nodes, "a, b +3 more" beyond; cut to `width`.
std::string formatNodes(const std::vector<std::string> &nodes, size_t width) {
  if (nodes.empty())
    return "(no ONNX node)";
  std::string text;
  for (size_t i = 0; i < nodes.size() && i < 2; ++i)
    text += (i ? ", " : "") + nodes[i];
  std::string more =
      nodes.size() > 2 ? " +" + std::to_string(nodes.size() - 2) + " more" : "";
  if (text.size() + more.size() > width) {
    size_t keep = width > more.size() + 3 ? width - more.size() - 3 : 0;
    text = text.substr(0, keep) + "...";
  }
  return text + more;
}

std::string cut(const std::string &text, size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

std::string csvField(const std::string &text) {
  if (text.find_first_of(",\"\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

/// Prints the kernel table sorted by time (and writes the CSV). `runMs` is
/// the measured time of one run (mean over `runs`). Returns an empty string
/// or an error.
std::string printProfile(const Options &options, const nnrt_model_t *model,
                         int64_t runs, double runMs) {
  std::vector<KernelRow> rows = readProfile(model);
  std::sort(rows.begin(), rows.end(),
            [](const KernelRow &a, const KernelRow &b) {
              return a.totalNs != b.totalNs ? a.totalNs > b.totalNs
                                            : a.id < b.id;
            });
  double totalNs = 0, totalFlops = 0;
  for (const KernelRow &row : rows) {
    totalNs += static_cast<double>(row.totalNs);
    totalFlops += static_cast<double>(row.flops);
  }
  auto msPerRun = [&](double ns) { return ns / 1e6 / runs; };
  auto percent = [&](double ns) { return totalNs > 0 ? 100 * ns / totalNs : 0; };
  auto gflops = [&](const KernelRow &row) -> std::string {
    if (row.flops == 0 || row.totalNs == 0)
      return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.1f",
                  static_cast<double>(row.flops) * runs /
                      static_cast<double>(row.totalNs));
    return buffer;
  };

  constexpr size_t kNameWidth = 28, kNodesWidth = 44;
  size_t nameWidth = 6, nodesWidth = 12;
  size_t shown = options.profileTop
                     ? std::min(rows.size(), static_cast<size_t>(
                                                 *options.profileTop))
                     : rows.size();
  for (size_t i = 0; i < shown; ++i) {
    nameWidth = std::max(nameWidth, cut(rows[i].name, kNameWidth).size());
    nodesWidth =
        std::max(nodesWidth, formatNodes(rows[i].nodes, kNodesWidth).size());
  }
  std::printf("profile: %zu kernels, %lld timed run%s\n", rows.size(),
              static_cast<long long>(runs), runs == 1 ? "" : "s");
  std::printf("%4s %4s  %-*s  %-*s %9s %8s %6s %6s\n", "rank", "id",
              static_cast<int>(nameWidth), "kernel",
              static_cast<int>(nodesWidth), "onnx nodes", "ms/run", "GFLOP/s",
              "%", "cum%");
  double cumulative = 0;
  for (size_t i = 0; i < shown; ++i) {
    const KernelRow &row = rows[i];
    double ns = static_cast<double>(row.totalNs);
    cumulative += percent(ns);
    std::printf("%4zu %4zu  %-*s  %-*s %9.3f %8s %6.1f %6.1f\n", i + 1, row.id,
                static_cast<int>(nameWidth), cut(row.name, kNameWidth).c_str(),
                static_cast<int>(nodesWidth),
                formatNodes(row.nodes, kNodesWidth).c_str(), msPerRun(ns),
                gflops(row).c_str(), percent(ns), cumulative);
  }
  if (shown < rows.size()) {
    double restNs = 0;
    for (size_t i = shown; i < rows.size(); ++i)
      restNs += static_cast<double>(rows[i].totalNs);
    std::printf("  ... %zu more kernels: %.3f ms/run, %.1f%%\n",
                rows.size() - shown, msPerRun(restNs), percent(restNs));
  }
  std::printf("kernels: %.3f ms/run of %.3f ms/run measured (%.1f%%); "
              "%.3f GFLOP/run, %.1f GFLOP/s\n",
              msPerRun(totalNs), runMs,
              runMs > 0 ? 100 * msPerRun(totalNs) / runMs : 0.0,
              totalFlops / 1e9,
              runMs > 0 ? totalFlops / (runMs * 1e6) : 0.0);

  if (options.profileCsv) {
    std::FILE *file = std::fopen(options.profileCsv->c_str(), "w");
    if (!file)
      return "cannot open '" + *options.profileCsv +
             "' for writing: " + std::strerror(errno);
    std::fprintf(file, "rank,id,kernel,nodes,flops,calls,ms_per_run,"
                       "gflops_per_s,percent,cumulative_percent\n");
    cumulative = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const KernelRow &row = rows[i];
      double ns = static_cast<double>(row.totalNs);
      cumulative += percent(ns);
      std::string nodes;
      for (const std::string &node : row.nodes)
        nodes += (nodes.empty() ? "" : ";") + node;
      std::string g = gflops(row);
      std::fprintf(file, "%zu,%zu,%s,%s,%llu,%llu,%.6f,%s,%.3f,%.3f\n", i + 1,
                   row.id, csvField(row.name).c_str(), csvField(nodes).c_str(),
                   static_cast<unsigned long long>(row.flops),
                   static_cast<unsigned long long>(row.calls), msPerRun(ns),
                   g == "-" ? "" : g.c_str(), percent(ns), cumulative);
    }
    if (std::fclose(file) != 0)
      return "cannot write '" + *options.profileCsv +
             "': " + std::strerror(errno);
  }
  return "";
}

/// Loads the model.so at `path` into `out` and gives it `threads` threads
/// when set. Returns an empty string or the runtime's error.
std::string loadModel(const std::string &path, std::optional<uint32_t> threads,
                      ModelPtr &out) {
  nnrt_model_t *raw = nullptr;
  StatusPtr status(nnrt_model_load(path.c_str(), nullptr, &raw));
  if (status)
    return nnrt_status_message(status.get());
  out.reset(raw);
  if (threads)
    status.reset(nnrt_model_set_num_threads(out.get(), *threads));
  return status ? nnrt_status_message(status.get()) : "";
}

//===----------------------------------------------------------------------===//
// --versus
//===----------------------------------------------------------------------===//

/// An empty string when `other` has the same number of tensors as `model`
/// with the same dtypes and dims, else what differs.
std::string checkSameSignature(const std::vector<TensorInfo> &model,
                               const std::vector<TensorInfo> &other,
                               const char *kind) {
  if (model.size() != other.size())
    return "it has " + plural(other.size(), kind) + ", the model " +
           std::to_string(model.size());
  for (size_t i = 0; i < model.size(); ++i)
    if (model[i].dtype != other[i].dtype || model[i].dims != other[i].dims)
      return std::string(kind) + " " + std::to_string(i) + " '" +
             other[i].name + "' is " +
             formatType(other[i].dtype, other[i].dims) + ", the model's '" +
             model[i].name + "' is " +
             formatType(model[i].dtype, model[i].dims);
  return "";
}

/// The `q` quantile (0..1) of sorted `values` (nearest rank).
double quantile(const std::vector<double> &sorted, double q) {
  size_t i = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) +
                                 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

double medianOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// Compares each output of the --versus model with the model's; prints one
/// line per output. Returns whether all agree.
bool checkVersusOutputs(const Options &options,
                        const std::vector<TensorInfo> &infos,
                        const std::vector<HostTensor> &outputs,
                        const std::vector<HostTensor> &otherOutputs) {
  bool ok = true;
  for (size_t i = 0; i < infos.size(); ++i) {
    CompareResult result = compareTensors(otherOutputs[i], outputs[i],
                                          options.rtol, options.atol);
    std::string errors = errorSummary(result);
    if (result.numMismatches == 0) {
      std::printf("versus output '%s': ok (%s)\n", infos[i].name.c_str(),
                  errors.c_str());
      continue;
    }
    ok = false;
    std::printf("versus output '%s': MISMATCH: %zu of %zu values differ from "
                "the model's (%s; rtol %g, atol %g)\n",
                infos[i].name.c_str(), result.numMismatches,
                outputs[i].getNumElements(), errors.c_str(), options.rtol,
                options.atol);
  }
  return ok;
}

//===----------------------------------------------------------------------===//
// Main flow
//===----------------------------------------------------------------------===//

int runTool(int argc, char **argv) {
  Options options;
  std::string usageError = parseCommandLine(argc, argv, options);
  if (options.help) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!usageError.empty())
    return reportError(kExitUsage, usageError);

  ModelPtr model;
  std::string error = loadModel(options.modelPath, options.threads, model);
  if (!error.empty())
    return reportError(kExitFailure, error);
  if (options.profile && !nnrt_model_is_profiled(model.get()))
    return reportError(kExitFailure,
                       "model '" + options.modelPath +
                           "' was not built with --profile (compile it with "
                           "'nncc --profile' to time its kernels)");

  std::vector<TensorInfo> inputInfos = describeTensors(model.get(), true);
  std::vector<TensorInfo> outputInfos = describeTensors(model.get(), false);
  std::vector<HostTensor> inputs, outputs;
  error = loadInputs(options, inputInfos, inputs);
  if (error.empty())
    error = allocateOutputs(outputInfos, outputs);
  if (!error.empty())
    return reportError(kExitFailure, error);

  std::vector<nnrt_tensor_t> inputArgs, outputArgs;
  for (HostTensor &tensor : inputs)
    inputArgs.push_back(makeTensorArg(tensor));
  for (HostTensor &tensor : outputs)
    outputArgs.push_back(makeTensorArg(tensor));
  auto runOnce = [&]() {
    return StatusPtr(nnrt_model_run(model.get(), inputArgs.data(),
                                    inputArgs.size(), outputArgs.data(),
                                    outputArgs.size()));
  };

  // The --versus model: same inputs (the same memory), its own outputs.
  ModelPtr other;
  std::vector<HostTensor> otherOutputs;
  std::vector<nnrt_tensor_t> otherOutputArgs;
  if (options.versus) {
    error = loadModel(*options.versus, options.threads, other);
    if (!error.empty())
      return reportError(kExitFailure, error);
    error = checkSameSignature(inputInfos, describeTensors(other.get(), true),
                               "input");
    std::vector<TensorInfo> otherInfos = describeTensors(other.get(), false);
    if (error.empty())
      error = checkSameSignature(outputInfos, otherInfos, "output");
    if (error.empty())
      error = allocateOutputs(otherInfos, otherOutputs);
    if (!error.empty())
      return reportError(kExitFailure, "--versus '" + *options.versus +
                                           "' does not match the model: " +
                                           error);
    for (HostTensor &tensor : otherOutputs)
      otherOutputArgs.push_back(makeTensorArg(tensor));
  }
  auto runOther = [&]() {
    return StatusPtr(nnrt_model_run(other.get(), inputArgs.data(),
                                    inputArgs.size(), otherOutputArgs.data(),
                                    otherOutputArgs.size()));
  };

  // One run, or a warm-up run followed by the timed ones.
  StatusPtr status = runOnce();
  if (!status && other)
    status = runOther();
  if (status)
    return reportError(kExitFailure, nnrt_status_message(status.get()));
  if (options.profile)
    nnrt_model_profile_reset(model.get()); // count the timed runs only
  if (options.repeat || options.profile) {
    std::vector<double> times, otherTimes;
    int64_t runs = options.repeat.value_or(1);
    auto timed = [&](auto &&run, std::vector<double> &into) {
      auto start = std::chrono::steady_clock::now();
      status = run();
      auto stop = std::chrono::steady_clock::now();
      into.push_back(
          std::chrono::duration<double, std::milli>(stop - start).count());
      return !status;
    };
    for (int64_t i = 0; i < runs; ++i) {
      // With --versus the two alternate, each going first every other pair.
      bool otherFirst = other && i % 2 == 1;
      if ((otherFirst && !timed(runOther, otherTimes)) ||
          !timed(runOnce, times) ||
          (other && !otherFirst && !timed(runOther, otherTimes)))
        return reportError(kExitFailure, nnrt_status_message(status.get()));
    }
    std::vector<double> ratios;
    for (size_t i = 0; i < otherTimes.size(); ++i)
      ratios.push_back(otherTimes[i] / times[i]);
    double meanMs = 0;
    for (double t : times)
      meanMs += t / runs;
    std::sort(times.begin(), times.end());
    if (options.repeat) {
      std::printf("median: %.3f ms\nmin: %.3f ms  max: %.3f ms\n",
                  medianOf(times), times.front(), times.back());
      // The memory a run needs besides the weights and the caller's tensors.
      std::printf("workspace: %s\n",
                  formatBytes(nnrt_model_workspace_size(model.get())).c_str());
    }
    if (other) {
      std::sort(otherTimes.begin(), otherTimes.end());
      std::sort(ratios.begin(), ratios.end());
      std::printf("versus '%s': median %.3f ms, min %.3f ms, max %.3f ms\n",
                  options.versus->c_str(), medianOf(otherTimes),
                  otherTimes.front(), otherTimes.back());
      std::printf("paired ratio (versus / model): median %.4f, p10 %.4f, "
                  "p90 %.4f over %zu alternated pairs\n",
                  medianOf(ratios), quantile(ratios, 0.1), quantile(ratios, 0.9),
                  ratios.size());
    }
    if (options.profile) {
      error = printProfile(options, model.get(), runs, meanMs);
      if (!error.empty())
        return reportError(kExitFailure, error);
    }
  }

  if (options.printOutputs)
    for (size_t i = 0; i < outputs.size(); ++i)
      printOutput(outputInfos[i], outputs[i]);

  if (options.saveDir) {
    std::error_code ec;
    std::filesystem::create_directories(*options.saveDir, ec);
    if (ec)
      return reportError(kExitFailure, "cannot create directory '" +
                                           *options.saveDir +
                                           "': " + ec.message());
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string path = (std::filesystem::path(*options.saveDir) /
                          (sanitizeFileName(outputInfos[i].name) + ".npy"))
                             .string();
      if (!writeNpyFile(path, outputs[i], error))
        return reportError(kExitFailure,
                           "output '" + outputInfos[i].name + "': " + error);
    }
  }

  bool versusOk =
      !other || checkVersusOutputs(options, outputInfos, outputs, otherOutputs);
  int exitCode = options.expects.empty()
                     ? kExitOk
                     : checkOutputs(options, outputInfos, outputs);
  return versusOk ? exitCode : kExitFailure;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return runTool(argc, argv);
  } catch (const std::exception &e) {
    return reportError(kExitFailure,
                       std::string("internal error: ") + e.what());
  } catch (...) {
    return reportError(kExitFailure, "internal error: unknown exception");
  }
}
