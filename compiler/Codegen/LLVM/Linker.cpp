//===- Linker.cpp - Link model.so with lld in-process ---------------------===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/LLVM/ModelEmitter.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// Removes the files it was given when it goes out of scope.
struct TempFiles {
  llvm::SmallVector<std::string> paths;
  ~TempFiles() {
    for (const std::string &p : paths)
      llvm::sys::fs::remove(p);
  }
};

LogicalResult writeTemp(StringRef prefix, StringRef suffix,
                        llvm::ArrayRef<char> data, TempFiles &temps,
                        std::string &path, std::string &error) {
  int fd;
  llvm::SmallString<128> p;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile(prefix, suffix, fd, p)) {
    error = "cannot create a temporary file: " + ec.message();
    return failure();
  }
  temps.paths.push_back(p.str().str());
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  os.write(data.data(), data.size());
  os.close();
  if (os.has_error()) {
    error = "cannot write " + p.str().str();
    return failure();
  }
  path = p.str().str();
  return success();
}

} // namespace

LogicalResult mlir::nncc::linkModel(llvm::ArrayRef<char> object,
                                    llvm::StringRef runtimeArchive,
                                    llvm::StringRef outputPath,
                                    std::string &error) {
  if (!llvm::sys::fs::exists(runtimeArchive)) {
    error = "model runtime library not found at '" + runtimeArchive.str() +
            "' (use --runtime-lib)";
    return failure();
  }
  TempFiles temps;
  std::string objPath, scriptPath;
  if (failed(writeTemp("nncc-model", "o", object, temps, objPath, error)))
    return failure();
  // Only the versioned query symbol is exported.
  static const char script[] = "{ global: nnrt_model_query; local: *; };\n";
  if (failed(writeTemp("nncc-exports", "map",
                       llvm::ArrayRef<char>(script, sizeof(script) - 1), temps,
                       scriptPath, error)))
    return failure();

  std::vector<std::string> args = {
      "ld.lld", "-shared", "-o", outputPath.str(), "--version-script",
      scriptPath, "--gc-sections", "-z", "noexecstack", "-z", "relro",
      "-z", "now", "--hash-style=gnu", "--build-id", objPath,
      runtimeArchive.str()};
  // libc (malloc/free) and libm (f64 math) as DT_NEEDED when present.
  args.push_back("--as-needed");
  for (const char *lib : {"/lib/x86_64-linux-gnu/libm.so.6",
                          "/lib/x86_64-linux-gnu/libc.so.6"})
    if (llvm::sys::fs::exists(lib))
      args.push_back(lib);
  std::vector<const char *> argv;
  for (const std::string &a : args)
    argv.push_back(a.c_str());

  // lld is not reentrant.
  static std::mutex lldMutex;
  std::lock_guard<std::mutex> lock(lldMutex);
  std::string out, err;
  llvm::raw_string_ostream outOS(out), errOS(err);
  lld::Result r =
      lld::lldMain(argv, outOS, errOS, {{lld::Gnu, &lld::elf::link}});
  if (r.retCode != 0) {
    error = "linking " + outputPath.str() + " failed: " + err;
    return failure();
  }
  return success();
}
